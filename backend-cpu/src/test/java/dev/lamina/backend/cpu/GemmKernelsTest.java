package dev.lamina.backend.cpu;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Dims2;
import dev.lamina.api.Padding;
import dev.lamina.api.Shape;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which conv and dense kernel a node gets, and that the GEMM ones agree with the direct ones. */
class GemmKernelsTest {

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    @Test
    void largeUngroupedConvRunsAsGemmAndAgreesWithTheDirectKernel() {
        Conv2d conv = new Conv2d(10, Dims2.of(3, 3), Dims2.of(1, 1), Padding.of(1), Dims2.of(1, 1), 1, true);
        Shape in = Shape.of(5, 13, 17);
        Node node = Nodes.node("conv", conv, in, random(10 * 5 * 9, 1), random(10, 2));
        Kernel k = new CpuBackend().kernel(node);
        assertInstanceOf(FastConvKernel.class, k);
        int batch = 3;
        float[] x = random(batch * in.size(), 3);
        float[] gemm = new float[batch * node.outputShape().size()];
        float[] direct = new float[gemm.length];
        k.forward(batch, new float[][] {x}, gemm);
        new ConvKernel(node).forward(batch, new float[][] {x}, direct);
        for (int i = 0; i < gemm.length; i++) {
            // the same order of additions; the vector path fuses each multiply-add, so a few ulps apart
            assertEquals(direct[i], gemm[i], 1e-5f * Math.max(1f, Math.abs(direct[i])), "output " + i);
        }
    }

    @Test
    void groupedAndSmallConvsKeepTheDirectKernel() {
        Conv2d grouped = new Conv2d(8, Dims2.of(3, 3), Dims2.of(1, 1), Padding.of(1), Dims2.of(1, 1), 2, false);
        Node g = Nodes.node("grouped", grouped, Shape.of(4, 32, 32), random(8 * 2 * 9, 4));
        assertInstanceOf(ConvKernel.class, new CpuBackend().kernel(g));
        Node small = Nodes.node("small", Conv2d.of(3, 2, 2), Shape.of(1, 5, 6), random(12, 5), random(3, 6));
        assertInstanceOf(ConvKernel.class, new CpuBackend().kernel(small));
    }

    @Test
    void denseGemmAndDirectAgreeOnEitherSideOfTheBatchThreshold() {
        Node node = Nodes.node("fc", Dense.of(7), Shape.of(50), random(7 * 50, 7), random(7, 8));
        Kernel k = new CpuBackend().kernel(node);
        assertInstanceOf(GemmDenseKernel.class, k);
        for (int batch : new int[] {1, 7, 8, 40}) {
            float[] x = random(batch * 50, 9 + batch);
            float[] gemm = new float[batch * 7];
            float[] direct = new float[batch * 7];
            k.forward(batch, new float[][] {x}, gemm);
            new DenseKernel(node).forward(batch, new float[][] {x}, direct);
            for (int i = 0; i < gemm.length; i++) {
                assertEquals(direct[i], gemm[i], 1e-5f * Math.max(1f, Math.abs(direct[i])), "batch " + batch + " output " + i);
            }
        }
    }

    @Test
    void tooWideDenseKeepsTheDirectKernel() {
        // wider than the GEMM's packed buffer holds at any vector width (128 Ki floats ÷ 16 columns)
        Node node = Nodes.node("wide", Dense.of(2), Shape.of(9000), random(2 * 9000, 10), random(2, 11));
        assertInstanceOf(DenseKernel.class, new CpuBackend().kernel(node));
    }

    @Test
    void aShortInputBufferIsRefusedByName() {
        Conv2d conv = new Conv2d(10, Dims2.of(3, 3), Dims2.of(1, 1), Padding.of(1), Dims2.of(1, 1), 1, true);
        Node node = Nodes.node("conv7", conv, Shape.of(5, 13, 17), random(10 * 5 * 9, 1), random(10, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CpuBackend().kernel(node).forward(2, new float[][] {new float[5 * 13 * 17]},
                        new float[2 * 10 * 13 * 17]));
        assertEquals("conv7: input 0 buffer holds 1105 values, batch 2 needs 2210", e.getMessage());
    }
}
