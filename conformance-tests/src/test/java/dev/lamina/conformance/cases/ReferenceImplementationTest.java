package dev.lamina.conformance.cases;

import dev.lamina.api.AvgPool2d;
import dev.lamina.conformance.reference.ReferenceImplementation;
import dev.lamina.conformance.reference.ReferenceRun;
import dev.lamina.conformance.reference.Tolerance;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dims2;
import dev.lamina.api.Padding;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Shape;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tensor;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reference implementation on values worked out by hand from PyTorch's definitions. */
class ReferenceImplementationTest {
    private static float[] run(Model m, Weights w, Tensor in, String layer) {
        return ReferenceImplementation.run(m, w, in).output(layer).toArray();
    }

    @Test
    void notebookLayersByHand() {
        Model m = NotebookCases.sequential(true);
        ReferenceRun r = ReferenceImplementation.run(m, NotebookCases.pytorchWeights(m), NotebookCases.input());
        float[] conv = r.output("conv1").toArray();
        // Filter 0 is [[1, 2], [3, 4]] + 0.1: the 1 at (1, 2) reaches (0, 1) through weight 4, (0, 2) through 3.
        assertArrayEquals(new float[]{0.1f, 4.1f, 3.1f, 0.1f, 0.1f}, java.util.Arrays.copyOfRange(conv, 0, 5));
        assertArrayEquals(new float[]{4.1f, 3.1f, 0.1f, 0.1f, 8.2f, 7.2f, 0.2f, 0.2f, 12.3f, 11.3f, 0.3f, 0.3f},
                r.output("flat").toArray());
        assertEquals(281.5f, r.output("dense2").toArray()[0]);
        assertEquals(1.0f, r.output("sigmoid2").toArray()[0]);
        assertEquals(r.tolerance("relu1"), r.tolerance("max_pool1"), "a pool adds no error to its input's");
        assertEquals(Tolerance.EXACT, ReferenceImplementation.run(Fixtures.single("p", "p", MaxPool2d.of(2, 2), 1, 2, 2),
                Weights.none(Fixtures.single("p", "p", MaxPool2d.of(2, 2), 1, 2, 2)), Fixtures.input(1, 1, 1, 2, 2))
                .tolerance("p"), "a pool of exact values is exact");
        assertTrue(r.tolerance("dense2").atol() > 0, "a sum of 13 terms is not");
    }

    @Test
    void convolutionPaddingStrideDilation() {
        Model m = Fixtures.single("c", "c", new Conv2d(1, Dims2.of(2), Dims2.of(2), Padding.of(1), Dims2.of(2), 1, false), 1, 3, 3);
        Weights w = Weights.builder(m).set("c", "weight", Tensor.of(Shape.of(1, 1, 2, 2), new float[]{1, 10, 100, 1000}))
                .build();
        Tensor x = Tensor.of(Shape.of(1, 1, 3, 3), new float[]{1, 2, 3, 4, 5, 6, 7, 8, 9});
        // Padded 5×5, taps at (y, x), (y, x+2), (y+2, x), (y+2, x+2), windows starting every 2: 2×2 outputs.
        // (0,0): pad, pad, pad, x[1][1]=5 → 5000. (0,1): pad, pad, x[1][1]=5 ·100, x[1][3] pad → 500.
        assertArrayEquals(new float[]{5000, 500, 50, 5}, run(m, w, x, "c"));
    }

    @Test
    void maxPoolPaddingIsMinusInfinityAndNanWins() {
        Model m = Fixtures.single("p", "p", new MaxPool2d(Dims2.of(3), Dims2.of(2), Padding.of(1), Dims2.of(1), false), 1, 2, 4);
        Tensor x = Tensor.of(Shape.of(1, 1, 2, 4), new float[]{-5, -6, -7, Float.NaN, -1, -2, -3, -4});
        assertArrayEquals(new float[]{-1, Float.NaN}, run(m, Weights.none(m), x, "p"));
    }

    @Test
    void avgPoolCountsPaddingAsZeros() {
        Model m = Fixtures.single("p", "p", new AvgPool2d(Dims2.of(2), Dims2.of(2), Padding.of(1), false, true), 1, 2, 2);
        Tensor x = Tensor.of(Shape.of(1, 1, 2, 2), new float[]{4, 8, 12, 16});
        assertArrayEquals(new float[]{1, 2, 3, 4}, run(m, Weights.none(m), x, "p"));
    }

    @Test
    void softmaxIsStableAndFollowsPytorchOnNonFiniteRows() {
        Model m = Fixtures.single("s", "s", new Softmax(), 2);
        Tensor x = Tensor.of(Shape.of(4, 2), new float[]{1000, 1000, -1000, -1000, 1, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, 0});
        float[] y = run(m, Weights.none(m), x, "s");
        assertArrayEquals(new float[]{0.5f, 0.5f, 0.5f, 0.5f, Float.NaN, Float.NaN, 0, 1}, y);
    }

    @Test
    void softmaxOverChannelsOfAnImage() {
        Model m = Fixtures.single("s", "s", new Softmax(), 2, 1, 2);
        Tensor x = Tensor.of(Shape.of(1, 2, 1, 2), new float[]{0, 5, 0, 5});
        assertArrayEquals(new float[]{0.5f, 0.5f, 0.5f, 0.5f}, run(m, Weights.none(m), x, "s"));
    }

    @Test
    void boundsGrowWithAccumulationLength() {
        Model small = Fixtures.single("d", "d", dev.lamina.api.Dense.of(1), 10);
        Model large = Fixtures.single("d", "d", dev.lamina.api.Dense.of(1), 1000);
        Weights ws = Weights.random(small, 1), wl = Weights.random(large, 1);
        double ts = ReferenceImplementation.run(small, ws, Fixtures.input(1, 2, 10)).tolerance("d").atol();
        double tl = ReferenceImplementation.run(large, wl, Fixtures.input(1, 2, 1000)).tolerance("d").atol();
        assertTrue(tl > 5 * ts, ts + " vs " + tl);
    }
}
