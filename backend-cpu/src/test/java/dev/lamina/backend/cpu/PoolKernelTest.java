package dev.lamina.backend.cpu;

import dev.lamina.api.AvgPool2d;
import dev.lamina.api.Dims2;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Padding;
import dev.lamina.api.Shape;
import dev.lamina.spi.Node;
import org.junit.jupiter.api.Test;

import static dev.lamina.backend.cpu.Nodes.iota;
import static dev.lamina.backend.cpu.Nodes.negate;
import static dev.lamina.backend.cpu.Nodes.node;
import static dev.lamina.backend.cpu.Nodes.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolKernelTest {
    private static final float NAN = Float.NaN;
    private static final float INF = Float.POSITIVE_INFINITY;

    private static MaxPool2d max(int k, int stride, int pad) {
        return new MaxPool2d(Dims2.of(k), Dims2.of(stride), Padding.of(pad), Dims2.of(1), false);
    }

    private static AvgPool2d avg(int k, int stride, int pad) {
        return new AvgPool2d(Dims2.of(k), Dims2.of(stride), Padding.of(pad), false, true);
    }

    @Test
    void aLargeCallSharedOverThreadsEqualsPlaneByPlane() {
        // 3 samples × 24 planes of 40×40 (115 200 values: over the threshold), 3×3 stride 2 padding 1, as ResNet's stem
        Node big = node("p", max(3, 2, 1), Shape.of(24, 40, 40));
        Node one = node("p1", max(3, 2, 1), Shape.of(1, 40, 40));
        float[] x = new float[3 * 24 * 1600];
        java.util.Random r = new java.util.Random(4);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() - 0.5f;
        }
        float[] y = run(big, 3, x);
        for (int p = 0; p < 72; p++) {
            float[] plane = java.util.Arrays.copyOfRange(x, p * 1600, (p + 1) * 1600);
            float[] expected = run(one, 1, plane);
            assertArrayEquals(expected, java.util.Arrays.copyOfRange(y, p * 400, (p + 1) * 400), "plane " + p);
        }
    }

    @Test
    void maxNonOverlapping() {
        Node n = node("p", MaxPool2d.of(2, 2), Shape.of(1, 4, 4));
        assertArrayEquals(new float[] {6, 8, 14, 16}, run(n, 1, iota(16)));
    }

    @Test
    void maxDropsTheIncompleteLastWindow() {
        // ceil_mode=False: 5 columns pool to 2, column 4 is never read.
        Node n = node("p", MaxPool2d.of(2, 2), Shape.of(1, 2, 5));
        assertArrayEquals(new float[] {7, 9}, run(n, 1, iota(10)));
    }

    @Test
    void maxOverlapping() {
        Node n = node("p", max(3, 1, 0), Shape.of(1, 4, 4));
        assertArrayEquals(new float[] {11, 12, 15, 16}, run(n, 1, iota(16)));
    }

    @Test
    void maxPaddingIsMinusInfinity() {
        // All inputs negative: zero padding would give 0s, −∞ padding gives the window's real maximum.
        Node n = node("p", max(3, 2, 1), Shape.of(1, 3, 3));
        assertArrayEquals(new float[] {-1, -2, -4, -5}, run(n, 1, negate(iota(9))));
    }

    @Test
    void maxNanWinsWhereverItIsInTheWindow() {
        float[] x = {
            NAN, 1, 2, 3,
            4, 5, 6, NAN,
            -INF, -INF, INF, 0,
            -INF, -INF, 1, 2,
        };
        float[] y = run(node("p", MaxPool2d.of(2, 2), Shape.of(1, 4, 4)), 1, x);
        assertTrue(Float.isNaN(y[0]), "NaN first in its window");
        assertTrue(Float.isNaN(y[1]), "NaN last in its window");
        assertEquals(Float.NEGATIVE_INFINITY, y[2]);
        assertEquals(INF, y[3]);
    }

    @Test
    void maxOverChannelsAndBatch() {
        // 2 samples × 2 channels of 2×2: one max per plane.
        float[] x = iota(16);
        assertArrayEquals(new float[] {4, 8, 12, 16}, run(node("p", MaxPool2d.of(2, 2), Shape.of(2, 2, 2)), 2, x));
    }

    @Test
    void avgNonOverlapping() {
        Node n = node("p", AvgPool2d.of(2, 2), Shape.of(1, 4, 4));
        assertArrayEquals(new float[] {3.5f, 5.5f, 11.5f, 13.5f}, run(n, 1, iota(16)));
    }

    @Test
    void avgPaddingCountsAsZeroInTheDivisor() {
        // count_include_pad=True: every 3×3 window divides by 9, though only 4 inputs lie inside each.
        Node n = node("p", avg(3, 2, 1), Shape.of(1, 3, 3));
        assertArrayEquals(new float[] {12f / 9f, 16f / 9f, 24f / 9f, 28f / 9f}, run(n, 1, iota(9)));
    }

    @Test
    void avgOverlappingNonSquare() {
        // Kernel 1×2, stride 1×1 over [[1,2,3],[4,5,6]].
        Node n = node("p", new AvgPool2d(Dims2.of(1, 2), Dims2.of(1), Padding.of(0), false, true), Shape.of(1, 2, 3));
        assertArrayEquals(new float[] {1.5f, 2.5f, 4.5f, 5.5f}, run(n, 1, iota(6)));
    }

    @Test
    void avgPropagatesNanAndInfinity() {
        float[] y = run(node("p", AvgPool2d.of(1, 2), Shape.of(1, 1, 6)), 1,
                new float[] {NAN, 1, INF, 1, INF, -INF});
        assertTrue(Float.isNaN(y[0]));
        assertEquals(INF, y[1]);
        assertTrue(Float.isNaN(y[2]));
    }

    @Test
    void avgOverChannelsAndBatch() {
        float[] x = iota(16);
        assertArrayEquals(new float[] {2.5f, 6.5f, 10.5f, 14.5f},
                run(node("p", AvgPool2d.of(2, 2), Shape.of(2, 2, 2)), 2, x));
    }
}
