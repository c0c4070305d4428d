package dev.lamina.backend.cpu;

import dev.lamina.api.Shape;
import dev.lamina.api.Softmax;
import org.junit.jupiter.api.Test;

import static dev.lamina.backend.cpu.Nodes.node;
import static dev.lamina.backend.cpu.Nodes.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class SoftmaxKernelTest {
    private static final float NAN = Float.NaN;
    private static final float INF = Float.POSITIVE_INFINITY;

    private static float[] softmax(Shape shape, int batch, float... x) {
        return run(node("sm", new Softmax(), shape), batch, x);
    }

    @Test
    void features() {
        double e1 = Math.exp(-2), e2 = Math.exp(-1), s = e1 + e2 + 1;
        assertArrayEquals(new float[] {(float) (e1 / s), (float) (e2 / s), (float) (1 / s)},
                softmax(Shape.of(3), 1, 1, 2, 3), 1e-7f);
    }

    @Test
    void largeLogitsNeitherOverflowNorVanish() {
        assertArrayEquals(new float[] {1, 0}, softmax(Shape.of(2), 1, 1000, 0));
        assertArrayEquals(new float[] {0.5f, 0.5f}, softmax(Shape.of(2), 1, -1000, -1000));
        assertArrayEquals(new float[] {0.5f, 0.5f}, softmax(Shape.of(2), 1, 1000, 1000));
    }

    @Test
    void eachSampleIsItsOwnSlice() {
        assertArrayEquals(new float[] {1, 0, 0.5f, 0.5f, 0, 1}, softmax(Shape.of(2), 3, 1000, 0, 7, 7, -1000, 0));
    }

    @Test
    void nanAnywhereMakesTheSliceNan() {
        assertArrayEquals(new float[] {NAN, NAN, NAN}, softmax(Shape.of(3), 1, 0, NAN, 1));
        assertArrayEquals(new float[] {NAN, NAN, 0.5f, 0.5f}, softmax(Shape.of(2), 2, NAN, 1000, 3, 3));
    }

    @Test
    void infinitiesFollowPytorch() {
        // −∞ is a zero probability; a slice of −∞ only is NaN (−∞ − −∞); +∞ is NaN throughout (∞ − ∞).
        assertArrayEquals(new float[] {0, 1}, softmax(Shape.of(2), 1, -INF, 0));
        assertArrayEquals(new float[] {NAN, NAN}, softmax(Shape.of(2), 1, -INF, -INF));
        assertArrayEquals(new float[] {NAN, NAN}, softmax(Shape.of(2), 1, INF, 1));
    }

    @Test
    void imagesSoftmaxOverChannelsPerPixel() {
        // [C=2, H=1, W=2]: pixel 0 has logits (0, 0), pixel 1 has (2, 0).
        float p = (float) (Math.exp(2) / (Math.exp(2) + 1));
        float q = (float) (1 / (Math.exp(2) + 1));
        float[] y = softmax(Shape.of(2, 1, 2), 2, 0, 2, 0, 0, 0, 2, 0, 0);
        assertArrayEquals(new float[] {0.5f, p, 0.5f, q, 0.5f, p, 0.5f, q}, y, 1e-7f);
    }
}
