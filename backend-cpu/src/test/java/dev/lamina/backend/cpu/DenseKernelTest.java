package dev.lamina.backend.cpu;

import dev.lamina.api.Dense;
import dev.lamina.api.Shape;
import dev.lamina.spi.Node;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.lamina.backend.cpu.Nodes.node;
import static dev.lamina.backend.cpu.Nodes.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DenseKernelTest {

    @Test
    void handComputed() {
        Node n = node("fc", Dense.of(2), Shape.of(3), new float[] {1, 0, -1, 0.5f, 0.5f, 0.5f},
                new float[] {0.25f, -1});
        assertArrayEquals(new float[] {-1.75f, 2}, run(n, 1, new float[] {1, 2, 3}));
    }

    @Test
    void withoutBias() {
        Node n = node("fc", Dense.of(1).withBias(false), Shape.of(2), new float[] {2, 3});
        assertArrayEquals(new float[] {13, -5}, run(n, 2, new float[] {2, 3, 2, -3}));
    }

    @Test
    void blockedLoopsEqualThePlainLoopBitForBit() {
        // Odd batches and unit counts that are not multiples of 4 reach every block and remainder path.
        Random rnd = new Random(7);
        for (int batch = 1; batch <= 5; batch++) {
            for (int units = 1; units <= 9; units++) {
                int in = 1 + rnd.nextInt(40);
                float[] x = random(rnd, batch * in);
                float[] w = random(rnd, units * in);
                float[] b = random(rnd, units);
                float[] expected = new float[batch * units];
                for (int n = 0; n < batch; n++) {
                    for (int u = 0; u < units; u++) {
                        float s = 0f;
                        for (int i = 0; i < in; i++) {
                            s += x[n * in + i] * w[u * in + i];
                        }
                        expected[n * units + u] = s + b[u];
                    }
                }
                // the direct kernel itself: the backend may take the GEMM path from a batch of nr/4 (4 with
                // 256-bit vectors), whose fused multiply-adds round differently
                float[] y = new float[batch * units];
                new DenseKernel(node("fc", Dense.of(units), Shape.of(in), w, b)).forward(batch, new float[][] {x}, y);
                assertArrayEquals(expected, y, "batch " + batch + ", units " + units + ", in " + in);
            }
        }
    }

    @Test
    void wrongWeightLengthNamesTheLayer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> node("dense2", Dense.of(1), Shape.of(12), new float[20], new float[1]));
        assertEquals("dense2: weight expected shape [1, 12], got [20]", e.getMessage());
    }

    private static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }
}
