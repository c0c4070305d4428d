package dev.lamina.backend.cpu;

import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Tanh;
import org.junit.jupiter.api.Test;

import static dev.lamina.backend.cpu.Nodes.node;
import static dev.lamina.backend.cpu.Nodes.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ActivationKernelTest {
    private static final float NAN = Float.NaN;
    private static final float INF = Float.POSITIVE_INFINITY;

    @Test
    void relu() {
        // assertArrayEquals compares floats bit for bit, so NaN equals NaN and −0 must come out as +0.
        float[] x = {-2, -0f, 0, 0.5f, NAN, INF, -INF, 3};
        float[] y = run(node("r", new ReLU(), Shape.of(2, 2, 2)), 1, x);
        assertArrayEquals(new float[] {0, 0, 0, 0.5f, NAN, INF, 0, 3}, y);
    }

    @Test
    void reluOverABatch() {
        float[] y = run(node("r", new ReLU(), Shape.of(2)), 3, new float[] {1, -1, -2, 2, 3, -3});
        assertArrayEquals(new float[] {1, 0, 0, 2, 3, 0}, y);
    }

    @Test
    void sigmoidSaturatesExactly() {
        float[] x = {0, 1000, -1000, INF, -INF, NAN, 100, -200};
        float[] y = run(node("s", new Sigmoid(), Shape.of(8)), 1, x);
        assertArrayEquals(new float[] {0.5f, 1, 0, 1, 0, NAN, 1, 0}, y);
    }

    @Test
    void sigmoidValues() {
        float[] x = {1, -1, 2.5f, -30, 17};
        float[] y = run(node("s", new Sigmoid(), Shape.of(5)), 1, x);
        for (int i = 0; i < x.length; i++) {
            float expected = (float) (1 / (1 + Math.exp(-(double) x[i])));
            assertEquals(expected, y[i], Math.ulp(expected), "sigmoid(" + x[i] + ")");
        }
        // Small but not yet zero: the stable branch keeps the tail instead of rounding to 0.
        assertEquals(9.357623e-14f, y[3], Math.ulp(9.357623e-14f));
    }

    @Test
    void tanh() {
        float[] x = {0, 1, -1, 20, -20, INF, -INF, NAN};
        float[] y = run(node("t", new Tanh(), Shape.of(8)), 1, x);
        float t1 = (float) Math.tanh(1);
        assertArrayEquals(new float[] {0, t1, -t1, 1, -1, 1, -1, NAN}, y);
        assertEquals(0.7615942f, t1, Math.ulp(0.7615942f));
    }
}
