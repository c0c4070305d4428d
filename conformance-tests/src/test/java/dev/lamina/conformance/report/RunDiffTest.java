package dev.lamina.conformance.report;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.conformance.cases.LayerCheck;
import dev.lamina.conformance.cases.Rule;
import dev.lamina.conformance.reference.Tolerance;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunDiffTest {
    private static final Tolerance TOL = Tolerance.of(1e-3, 0);

    /** A conv1 comparison whose one value is off by {@code err} (0: exact). */
    private static LayerCheck off(double err) {
        Tensor want = Tensor.of(Shape.of(1, 1, 1, 2), new float[]{1, 2});
        Tensor got = Tensor.of(Shape.of(1, 1, 1, 2), new float[]{1, (float) (2 + err)});
        return LayerCheck.compare("conv1", want, got, TOL);
    }

    private static CaseResult result(String id, Rule rule, Outcome outcome, LayerCheck check) {
        return new CaseResult(id, "title of " + id, rule, "cpu", false, outcome,
                outcome == Outcome.FAILED ? "layer conv1: 1 of 2 values outside" : "fine", check,
                check == null ? List.of() : List.of(check), 1, null);
    }

    private static ConformanceReport report(List<CaseResult> rs) {
        return ConformanceReport.of(rs);
    }

    private static List<CaseResult> baseline() {
        List<CaseResult> l = new ArrayList<>();
        l.add(result("conv/a", Rule.CONV2D_BASIC, Outcome.PASSED, off(0)));
        l.add(result("conv/b", Rule.CONV2D_STRIDE, Outcome.PASSED, off(1e-5)));
        l.add(result("conv/c", Rule.CONV2D_PADDING, Outcome.PASSED, off(2e-4)));
        l.add(result("pool/a", Rule.MAXPOOL_BASIC, Outcome.PASSED, off(0)));
        l.add(result("pool/b", Rule.MAXPOOL_PADDING, Outcome.FAILED, off(1)));
        l.add(result("dense/a", Rule.DENSE_BASIC, Outcome.PASSED, off(1e-4)));
        l.add(result("tanh/a", Rule.TANH_BASIC, Outcome.PASSED, off(0)));
        l.add(result("relu/a", Rule.RELU_BASIC, Outcome.UNSUPPORTED, null));
        return l;
    }

    @Test
    void identicalRunsHaveNoFinding() {
        RunDiff d = RunDiff.between(report(baseline()), report(baseline()));
        assertFalse(d.regressed());
        assertTrue(d.drifts().isEmpty() && d.fixed().isEmpty() && d.added().isEmpty() && d.gone().isEmpty());
        assertEquals(8, d.compared());
        assertEquals("0 regressions, 0 new failures, 0 drifts, 0 fixed; 8 cases compared", d.summary());
    }

    @Test
    void aPassingCaseThatFailsOrIsDeclinedIsARegressionNamedByItsRule() {
        List<CaseResult> now = baseline();
        now.set(0, result("conv/a", Rule.CONV2D_BASIC, Outcome.FAILED, off(1)));
        now.set(6, result("tanh/a", Rule.TANH_BASIC, Outcome.UNSUPPORTED, null));
        now.set(7, result("relu/a", Rule.RELU_BASIC, Outcome.FAILED, null)); // declined before, now claimed and failed
        RunDiff d = RunDiff.between(report(baseline()), report(now));
        assertTrue(d.regressed());
        assertEquals(List.of(Rule.CONV2D_BASIC, Rule.RELU_BASIC, Rule.TANH_BASIC), d.regressedRules());
        RunDiff.Change c = d.regressions().get(0);
        assertEquals(Outcome.PASSED, c.was());
        assertEquals(Outcome.FAILED, c.now());
        assertEquals("cpu [conv2d.basic] conv/a title of conv/a: passed → failed — layer conv1: 1 of 2 values outside",
                c.describe());
        assertTrue(d.describe().startsWith("REGRESSION cpu [conv2d.basic] conv/a"), d.describe());
        assertTrue(d.summary().startsWith("3 regressions (conv2d.basic, relu.basic, tanh.basic), "), d.summary());
    }

    @Test
    void errorGrowthAndCrossingHalfTheToleranceAreDrift() {
        List<CaseResult> now = baseline();
        now.set(1, result("conv/b", Rule.CONV2D_STRIDE, Outcome.PASSED, off(2e-4)));   // 20× bigger, 0.2 of the bound
        now.set(2, result("conv/c", Rule.CONV2D_PADDING, Outcome.PASSED, off(6e-4)));  // 3×, but 0.2 → 0.6 of the bound
        now.set(3, result("pool/a", Rule.MAXPOOL_BASIC, Outcome.PASSED, off(1e-6)));   // was exact
        now.set(5, result("dense/a", Rule.DENSE_BASIC, Outcome.PASSED, off(4e-4)));    // 4×, 0.4: no drift
        RunDiff d = RunDiff.between(report(baseline()), report(now));
        assertFalse(d.regressed(), "drift is reported, never a failure");
        assertEquals(List.of("conv/b", "conv/c", "pool/a"), d.drifts().stream().map(RunDiff.Drift::caseId).toList());
        assertTrue(d.drifts().get(0).reasons().get(0).startsWith("error grew 20"), d.drifts().get(0).reasons().toString());
        assertEquals(List.of("crossed half its tolerance"), d.drifts().get(1).reasons());
        assertEquals(List.of("was exact"), d.drifts().get(2).reasons());
        assertTrue(d.drifts().get(1).describe().contains("0.20 → 0.60 of its tolerance"), d.drifts().get(1).describe());
    }

    @Test
    void fixesNewCasesGoneCasesAndBackendsAreListed() {
        List<CaseResult> now = baseline();
        now.set(4, result("pool/b", Rule.MAXPOOL_PADDING, Outcome.PASSED, off(0)));
        now.set(6, result("tanh/a", Rule.TANH_BASIC, Outcome.SKIPPED, null));
        now.remove(5);
        now.add(result("softmax/new", Rule.SOFTMAX_BASIC, Outcome.PASSED, off(0)));
        now.add(result("softmax/new-bad", Rule.SOFTMAX_NAN_INF, Outcome.FAILED, off(1)));
        List<CaseResult> withGpu = new ArrayList<>(now);
        withGpu.add(result("conv/a", Rule.CONV2D_BASIC, Outcome.PASSED, off(0)).withBackend("gpu"));
        List<CaseResult> base = baseline();
        base.add(result("conv/a", Rule.CONV2D_BASIC, Outcome.PASSED, off(0)).withBackend("npu"));
        RunDiff d = RunDiff.between(report(base), report(withGpu));
        assertEquals(List.of("pool/b"), d.fixed().stream().map(RunDiff.Change::caseId).toList());
        assertEquals(List.of("tanh/a"), d.noLongerRun().stream().map(RunDiff.Change::caseId).toList());
        assertEquals(List.of("cpu softmax/new", "cpu softmax/new-bad"), d.added());
        assertEquals(List.of("cpu dense/a"), d.gone());
        assertEquals(List.of("gpu"), d.newBackends());
        assertEquals(List.of("npu"), d.missingBackends());
        // a failing case the baseline did not have fails the gate too
        assertTrue(d.regressed());
        assertTrue(d.regressions().isEmpty());
        assertEquals(List.of(Rule.SOFTMAX_NAN_INF), d.regressedRules());
        assertTrue(d.describe().contains("NEW FAILURE cpu [softmax.nan-inf] softmax/new-bad"), d.describe());
        assertTrue(d.describe().contains("missing backend npu: in the baseline, not in this run"), d.describe());
    }
}
