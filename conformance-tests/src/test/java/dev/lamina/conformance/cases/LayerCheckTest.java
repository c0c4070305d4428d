package dev.lamina.conformance.cases;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.conformance.reference.Tolerance;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayerCheckTest {
    private static Tensor t(float... v) {
        return Tensor.of(Shape.of(1, v.length), v);
    }

    @Test
    void toleranceIsAbsolutePlusRelative() {
        Tolerance tol = Tolerance.of(1e-3, 1e-2);
        assertTrue(tol.allows(100.9f, 100f));
        assertFalse(tol.allows(101.1f, 100f));
        assertTrue(tol.allows(0.0009f, 0f));
        assertFalse(tol.allows(0.0011f, 0f));
        assertEquals("|a − b| ≤ 0.00100 + 0.0100·|b|", tol.describe());
        assertEquals("exact", Tolerance.EXACT.describe());
        assertThrows(IllegalArgumentException.class, () -> Tolerance.of(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> Tolerance.of(Double.NaN, 0));
    }

    @Test
    void nanAndInfinityMustMatchExactlyWhateverTheTolerance() {
        Tolerance loose = Tolerance.of(1e30, 1);
        assertTrue(loose.allows(Float.NaN, Float.NaN));
        assertFalse(loose.allows(0f, Float.NaN));
        assertFalse(loose.allows(Float.NaN, 0f));
        assertTrue(loose.allows(Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY));
        assertFalse(loose.allows(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY));
        assertFalse(loose.allows(Float.MAX_VALUE, Float.POSITIVE_INFINITY));
        assertTrue(Tolerance.EXACT.allows(-0f, 0f), "−0 equals +0");
    }

    @Test
    void reportsFirstMismatchWithIndexValuesAndErrors() {
        Tensor want = Tensor.of(Shape.of(2, 2, 1, 2), new float[]{1, 2, 3, 4, 5, 6, 7, 8});
        Tensor got = Tensor.of(Shape.of(2, 2, 1, 2), new float[]{1, 2, 3, 4, 5, 6.5f, 7, 9});
        LayerCheck c = LayerCheck.compare("conv1", want, got, Tolerance.of(0.1, 0));
        assertFalse(c.passed());
        assertEquals(2, c.mismatches());
        assertEquals(List.of(1, 0, 0, 1), c.firstMismatch());
        assertEquals("(n=1, c=0, h=0, w=1)", c.indexText());
        assertEquals(6f, c.expected());
        assertEquals(6.5f, c.actual());
        assertEquals(1.0, c.maxAbs());
        assertEquals(0.125, c.maxRel());
        assertEquals("layer conv1: 2 of 8 values outside |a − b| ≤ 0.100 + 0.00·|b|; first at (n=1, c=0, h=0, w=1): "
                + "expected 6.0, actual 6.5; max abs error 1.00, max rel error 0.125", c.describe());
    }

    @Test
    void featureIndicesAreNamedNAndF() {
        LayerCheck c = LayerCheck.compare("dense", t(1, 2, 3), t(1, 2, 4), Tolerance.EXACT);
        assertEquals("(n=0, f=2)", c.indexText());
    }

    @Test
    void aMissingOutputOrAWrongShapeFails() {
        LayerCheck missing = LayerCheck.compare("relu", t(1), null, Tolerance.EXACT);
        assertFalse(missing.passed());
        assertTrue(missing.describe().contains("returned no output"), missing.describe());
        LayerCheck shape = LayerCheck.compare("relu", t(1, 2), t(1, 2, 3), Tolerance.EXACT);
        assertFalse(shape.passed());
        assertTrue(shape.describe().contains("expected shape [1, 2], got [1, 3]"), shape.describe());
    }

    @Test
    void passingChecksRecordTheirClosestApproach() {
        LayerCheck c = LayerCheck.compare("x", t(1, 2), t(1.05f, 2), Tolerance.of(0.1, 0));
        assertTrue(c.passed());
        assertEquals(0.5, c.ratio(), 1e-6);
        assertTrue(c.firstMismatch().isEmpty());
    }
}
