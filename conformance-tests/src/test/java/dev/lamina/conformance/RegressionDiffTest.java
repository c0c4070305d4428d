package dev.lamina.conformance;

import dev.lamina.conformance.cases.Rule;
import dev.lamina.conformance.reference.ReferenceBackend;
import dev.lamina.conformance.report.ConformanceReport;
import dev.lamina.conformance.report.Outcome;
import dev.lamina.conformance.report.RunDiff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A backend broken after a green build is caught by the diff of its new run against the old one. */
class RegressionDiffTest {
    private static ConformanceReport run(ReferenceBackend backend, Path dir) {
        ConformanceReport r = Conformance.run(Backends.registry(backend), List.of(backend.id()),
                ConformanceSuite.matching("conv2d.*"), x -> { });
        r.writeTo(dir);
        return ConformanceReport.read(dir.resolve(ConformanceReport.JSON_FILE)); // as CI would: from the files
    }

    @Test
    void aTransposedKernelIsARegressionOfTheConvolutionRules(@TempDir Path dir) {
        ConformanceReport green = run(Backends.reference(), dir.resolve("main"));
        ConformanceReport broken = run(Backends.reference().withKernel("conv2d", n -> BrokenKernels.conv(n, true, false)),
                dir.resolve("branch"));
        RunDiff same = broken.diffFrom(broken);
        assertFalse(same.regressed(), same.describe());
        assertFalse(green.diffFrom(green).regressed());

        RunDiff d = broken.diffFrom(green);
        assertTrue(d.regressed(), d.describe());
        assertTrue(d.regressedRules().contains(Rule.CONV2D_BASIC), d.regressedRules().toString());
        assertTrue(d.regressions().stream().allMatch(c -> c.was() == Outcome.PASSED && c.now() == Outcome.FAILED));
        // a 1×1 kernel has nothing to transpose: not a regression
        assertFalse(d.regressedRules().contains(Rule.CONV2D_POINTWISE), d.regressedRules().toString());
        assertTrue(d.describe().contains("REGRESSION reference [conv2d.basic] conv2d/basic"), d.describe());
        assertEquals(green.results().size(), d.compared());

        RunDiff back = green.diffFrom(broken);
        assertFalse(back.regressed());
        assertEquals(d.regressions().size(), back.fixed().size());
    }
}
