package dev.lamina.backend.cpu.gemm;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pool's row maximum and ReLU's max with +0 on both paths: Math.max lane by lane (NaN wins, +0 over −0), tails included. */
class MaxIntoTest {

    @Test
    void equalsMathMaxBitForBit() {
        List<MicroKernel> kernels = MicroKernels.vector() ? List.of(MicroKernels.get(), new ScalarMicroKernel())
                : List.of(MicroKernels.get());
        float[] special = {Float.NaN, -0f, 0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 1f, -1f};
        Random r = new Random(3);
        for (MicroKernel k : kernels) {
            for (int len : new int[] {1, 7, 16, 37, 100}) {
                float[] x = new float[2 * len + 5];
                for (int i = 0; i < x.length; i++) {
                    x[i] = r.nextInt(3) == 0 ? special[r.nextInt(special.length)] : r.nextFloat() - 0.5f;
                }
                float[] expected = x.clone();
                for (int i = 0; i < len; i++) {
                    expected[2 + i] = Math.max(x[2 + i], x[3 + len + i]);
                }
                float[] relu = new float[len + 3];
                float[] expectedRelu = new float[len + 3];
                for (int i = 0; i < len; i++) {
                    expectedRelu[3 + i] = Math.max(x[1 + i], 0f);
                }
                k.maxWith(x, 1, relu, 3, len, 0f);
                k.maxInto(x, 2, 3 + len, len);
                for (int i = 0; i < x.length; i++) {
                    assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(x[i]),
                            k.describe() + ", length " + len + ", index " + i + ": " + expected[i] + " vs " + x[i]);
                }
                for (int i = 0; i < relu.length; i++) {
                    assertEquals(Float.floatToRawIntBits(expectedRelu[i]), Float.floatToRawIntBits(relu[i]),
                            "ReLU, " + k.describe() + ", length " + len + ", index " + i);
                }
            }
        }
    }
}
