package dev.lamina.conformance;

import dev.lamina.conformance.cases.ConformanceCase;
import dev.lamina.conformance.cases.Rule;
import dev.lamina.conformance.reference.ReferenceBackend;
import dev.lamina.conformance.report.CaseResult;
import dev.lamina.conformance.report.Outcome;
import dev.lamina.core.BackendRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kit catches broken backends, each with a message that says what, where and by how much. */
class BrokenBackendsTest {
    private static final Map<String, ConformanceCase> CASES = ConformanceSuite.all().stream()
            .collect(Collectors.toMap(ConformanceCase::id, Function.identity()));

    private static CaseResult run(BackendRegistry registry, String backend, String caseId) {
        try (ConformanceRunner runner = new ConformanceRunner(registry, backend)) {
            return runner.run(CASES.get(caseId));
        }
    }

    private static CaseResult run(ReferenceBackend backend, String caseId) {
        return run(Backends.registry(backend), backend.id(), caseId);
    }

    private static void assertOutcome(Outcome expected, CaseResult r) {
        assertEquals(expected, r.outcome(), () -> r.caseId() + ": " + r.message());
    }

    /** A failure names the layer, the index, both values, the errors, the count and the tolerance. */
    private static void assertUsefulFailure(CaseResult r, String layer) {
        assertOutcome(Outcome.FAILED, r);
        String m = r.message();
        assertEquals(layer, r.layer(), m);
        assertFalse(r.firstMismatch().isEmpty(), m);
        assertTrue(r.mismatches() > 0, m);
        assertTrue(m.startsWith("layer " + layer + ": "), m);
        for (String part : List.of("values outside", "first at (n=", "expected ", "actual ", "max abs error",
                "max rel error")) {
            assertTrue(m.contains(part), () -> "'" + part + "' missing from: " + m);
        }
        String full = r.describe();
        assertTrue(full.contains(r.caseId()) && full.contains("[" + r.rule().id() + "]") && full.contains(r.backend()),
                full);
    }

    @Test
    void transposedKernelIndexFailsEveryConvolution() {
        ReferenceBackend b = Backends.transposedKernel();
        CaseResult r = run(b, "conv2d/basic");
        assertUsefulFailure(r, "conv2d");
        assertEquals(Rule.CONV2D_BASIC, r.rule());
        assertEquals(4, r.firstMismatch().size(), "an image index is (n, c, h, w)");
        assertTrue(r.message().contains("(n=0, c=0, h=0, w=0)"), r.message());
        assertOutcome(Outcome.FAILED, run(b, "conv2d/kernel-5x2"));
        // A 1×1 kernel has nothing to transpose: the kit must not cry wolf.
        assertOutcome(Outcome.PASSED, run(b, "conv2d/pointwise"));
    }

    @Test
    void droppedBiasFailsConvolutionsWithBiasOnly() {
        ReferenceBackend b = Backends.droppedBias();
        assertUsefulFailure(run(b, "conv2d/basic"), "conv2d");
        assertOutcome(Outcome.PASSED, run(b, "conv2d/no-bias"));
    }

    @Test
    void offByOnePoolWindowFails() {
        ReferenceBackend b = Backends.poolOffByOne();
        CaseResult r = run(b, "maxpool/basic");
        assertUsefulFailure(r, "maxpool2d");
        assertEquals(Rule.MAXPOOL_BASIC, r.rule());
        assertOutcome(Outcome.FAILED, run(b, "maxpool/3-stride-2"));
    }

    @Test
    void softmaxThatOverflowsFailsLargeLogitsOnly() {
        ReferenceBackend b = Backends.overflowingSoftmax();
        CaseResult r = run(b, "softmax/logits-plus-1000");
        assertUsefulFailure(r, "softmax");
        assertEquals(Rule.SOFTMAX_LARGE_LOGITS, r.rule());
        assertTrue(Float.isNaN(r.actual()), "exp(1000) overflows to Inf, Inf/Inf is NaN: " + r.message());
        assertTrue(r.message().contains("actual NaN"), r.message());
        // On small logits the naive formula is accurate, and the kit accepts it.
        assertOutcome(Outcome.PASSED, run(b, "softmax/features"));
    }

    @Test
    void reluThatSwallowsNanFails() {
        ReferenceBackend b = Backends.nanSwallowingRelu();
        CaseResult r = run(b, "relu/nan-inf");
        assertUsefulFailure(r, "relu");
        assertTrue(r.message().contains("expected NaN, actual 0.0"), r.message());
        assertOutcome(Outcome.PASSED, run(b, "relu/image"));
    }

    @Test
    void sharedScratchBufferFailsThreadSafety() {
        ReferenceBackend b = Backends.sharedScratch();
        assertOutcome(Outcome.PASSED, run(b, "dense/basic"));
        CaseResult r = run(b, "model/thread-safety");
        assertOutcome(Outcome.FAILED, r);
        assertTrue(r.message().contains("threads saw results differing from the single-threaded run"), r.message());
        assertTrue(r.message().contains("layer dense1"), r.message());
    }

    @Test
    void aThrowingKernelFailsWithItsMessage() {
        CaseResult r = run(Backends.throwing(), "tanh/basic");
        assertOutcome(Outcome.FAILED, r);
        assertTrue(r.message().contains("tanh kernel exploded"), r.message());
        assertTrue(r.cause() != null);
    }

    @Test
    void anUnsupportedOptionalLayerIsReportedNotFailed() {
        CaseResult r = run(Backends.noAvgPool(), "avgpool/3-stride-2");
        assertOutcome(Outcome.UNSUPPORTED, r);
        assertTrue(r.message().contains("average pooling is not implemented"), r.message());
        assertFalse(r.required());
        // avgpool is refused everywhere, so even its basic form is optional for this backend.
        assertOutcome(Outcome.UNSUPPORTED, run(Backends.noAvgPool(), "avgpool/basic"));
    }

    @Test
    void anUnsupportedParameterIsReportedNotFailed() {
        ReferenceBackend b = Backends.noDilation();
        CaseResult r = run(b, "conv2d/dilation-2");
        assertOutcome(Outcome.UNSUPPORTED, r);
        assertTrue(r.message().contains("conv2d (conv2d: dilation is not implemented)"), r.message());
        assertOutcome(Outcome.PASSED, run(b, "conv2d/basic"));
    }

    @Test
    void refusingTheBasicFormOfAClaimedLayerFails() {
        ReferenceBackend b = Backends.stridedConvOnly();
        assertOutcome(Outcome.PASSED, run(b, "conv2d/stride-2-pad-1"));
        CaseResult basic = run(b, "conv2d/basic");
        assertOutcome(Outcome.FAILED, basic);
        assertTrue(basic.required());
        assertTrue(basic.message().contains("supports conv2d in other cases"), basic.message());
        CaseResult canary = run(b, "kit/backend-under-test");
        assertOutcome(Outcome.FAILED, canary);
        assertTrue(canary.message().contains("required case (every backend must run it)"), canary.message());
    }

    @Test
    void theCanaryCatchesABackendStandingInForAnother() {
        CaseResult r = run(Backends.impostor(), "impostor", "kit/backend-under-test");
        assertOutcome(Outcome.FAILED, r);
        assertTrue(r.message().contains("calls itself 'reference'"), r.message());
        // Every other case passes: without the canary, this run would look perfect.
        assertOutcome(Outcome.PASSED, run(Backends.impostor(), "impostor", "conv2d/basic"));
    }

    @Test
    void anUnavailableBackendIsSkippedWithTheReason() {
        CaseResult r = run(Backends.unavailable(), "gpu", "conv2d/basic");
        assertOutcome(Outcome.SKIPPED, r);
        assertTrue(r.message().contains("no GPU on this machine"), r.message());
    }

    @Test
    void anUnknownBackendFailsListingWhatWasFound() {
        CaseResult r = run(Backends.registry(Backends.reference()), "mine", "conv2d/basic");
        assertOutcome(Outcome.FAILED, r);
        assertTrue(r.message().contains("unknown backend 'mine'") && r.message().contains("reference"), r.message());
    }
}
