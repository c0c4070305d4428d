package dev.lamina.conformance.report;

import dev.lamina.conformance.cases.Rule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files of format lamina-conformance/1 stay readable. {@code v1-sample.json} was written by the kit's
 * format-1 writer before format 2 (reference, a transposed-kernel and a no-avgpool backend on 7 cases).
 */
class FormatOneTest {
    static String sample() throws IOException {
        try (InputStream in = FormatOneTest.class.getResourceAsStream("v1-sample.json")) {
            assertNotNull(in, "v1-sample.json");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsEveryResultWithItsNumbers() throws IOException {
        ConformanceReport r = ConformanceReport.fromJson(sample(), "v1-sample.json");
        assertEquals(List.of("reference", "transposed-kernel", "no-avgpool"), r.backends());
        assertEquals(21, r.results().size());
        assertEquals("reference: 7 passed, 0 failed, 0 unsupported, 0 skipped — Lamina-compatible; "
                + "transposed-kernel: 6 passed, 1 failed, 0 unsupported, 0 skipped — NOT Lamina-compatible; "
                + "no-avgpool: 5 passed, 0 failed, 2 unsupported, 0 skipped — Lamina-compatible", r.summary());
        CaseResult failed = r.results("transposed-kernel").stream().filter(c -> c.caseId().equals("conv2d/basic"))
                .findFirst().orElseThrow();
        assertEquals(Outcome.FAILED, failed.outcome());
        assertEquals(Rule.CONV2D_BASIC, failed.rule());
        assertEquals(List.of(0, 0, 0, 0), failed.firstMismatch());
        assertEquals(0.5082949f, failed.expected());
        assertEquals(1.1694551557302475, failed.maxAbs());
        // format 1 kept no ratio; with an absolute-only bound it is the error over atol
        assertEquals(1.1694551557302475 / 2.2068618106075278e-06, failed.ratio(), 1e-6);
        assertEquals(11, failed.millis());
    }

    @Test
    void theEnvironmentLineBecomesEachRunsMachine() throws IOException {
        ConformanceReport r = ConformanceReport.fromJson(sample(), "v1-sample.json");
        BackendRun run = r.run("no-avgpool");
        assertEquals("Java 17.0.15, Linux amd64, 2 cores", run.machine().describe());
        assertEquals("unknown", run.kit());
        assertEquals("2026-12-01T19:15:25Z", run.created().toString());
        assertEquals("Java 17.0.15, Linux amd64, 2 cores", r.environment());
    }

    @Test
    void aRatioFormatOneCannotTellIsUnknown() throws IOException {
        ConformanceReport r = ConformanceReport.fromJson(sample(), "v1-sample.json");
        CaseResult softmax = r.results("reference").stream().filter(c -> c.caseId().equals("softmax/logits-plus-1000"))
                .findFirst().orElseThrow();
        assertEquals(0, softmax.ratio(), "no error: 0 whatever the bound");
        // with an error under a relative bound, the value the bound applied to is not in the file
        String erred = sample().replace("\"rtol\": 1.9669532775878906E-6}, \"compared\": 10, \"mismatches\": 0, "
                + "\"maxAbsError\": 0.0", "\"rtol\": 1.9669532775878906E-6}, \"compared\": 10, \"mismatches\": 0, "
                + "\"maxAbsError\": 1.0E-9");
        CaseResult unknown = ConformanceReport.fromJson(erred, "erred").results("reference").stream()
                .filter(c -> c.caseId().equals("softmax/logits-plus-1000")).findFirst().orElseThrow();
        assertEquals(1.0e-9, unknown.maxAbs());
        assertTrue(Double.isNaN(unknown.ratio()), "ratio " + unknown.ratio());
    }

    @Test
    void rewrittenAsFormatTwoReadsBackTheSame() throws IOException {
        ConformanceReport v1 = ConformanceReport.fromJson(sample(), "v1-sample.json");
        String v2 = v1.toJson();
        assertTrue(v2.contains("\"format\": \"lamina-conformance/2\""));
        ConformanceReport again = ConformanceReport.fromJson(v2, "rewritten");
        assertEquals(v1.summary(), again.summary());
        assertEquals(v1.runs(), again.runs());
        assertEquals(v2, again.toJson());
    }
}
