package dev.lamina.backend.blas;

import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Gemm#nnPart}'s parts, run one after the other, give bit for bit what {@link Gemm#nn} gives, for the
 * products of ResNet-18's and MobileNetV2's convs at batch 1 (stem, strided 3×3, Winograd, pointwise): one
 * call cut into row blocks of whole tiles on the same path, or the pieces of several.
 */
class GemmPartTest {
    private static final int[][] SHAPES = {
        {64, 12544, 147}, {128, 812, 576}, {256, 210, 1152}, {512, 56, 4608}, {64, 196, 384}, {96, 196, 576},
        {160, 49, 960}, {320, 49, 960}, {96, 49, 96}, {144, 3136, 24}, {1280, 49, 320}, {30, 700, 50},
        {64, 1120, 147}, {96, 196, 576}, {128, 784, 64}};

    @Test
    void partsSumEveryOutputAsOneCallDoes() {
        BlasNative.load();
        Random r = new Random(3);
        for (int[] s : SHAPES) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            try (FloatPointer a = random(r, m * k); FloatPointer b = random(r, k * n);
                 FloatPointer c = new FloatPointer((long) m * n)) {
                Gemm.nn(m, n, k, a, 0, k, b, 0, n, 0f, c, 0, n);
                float[] whole = new float[m * n];
                c.get(whole);
                for (int threads : new int[] {2, 3, 4}) {
                    int parts = Gemm.parts(m, n, k, threads);
                    c.zero();
                    for (int p = parts - 1; p >= 0; p--) {
                        Gemm.nnPart(p, parts, m, n, k, a, 0, k, b, 0, n, c, 0, n);
                    }
                    float[] split = new float[m * n];
                    c.get(split);
                    assertArrayEquals(whole, split, m + "×" + n + "×" + k + " in " + parts + " parts");
                    assertEquals(0, a.position() + b.position() + c.position());
                }
            }
        }
    }

    @Test
    void aSingleCallIsCutOnlyWhereEveryBlockTakesItsPath() {
        assertEquals(2, Gemm.parts(64, 12880, 147, 2), "ResNet-18's stem: two packed halves");
        assertEquals(2, Gemm.parts(64, 196, 384, 2), "two direct halves");
        assertEquals(1, Gemm.parts(64, 1120, 147, 2), "packed whole, direct halves");
        assertTrue(Gemm.direct(36, 1120, 147) && !Gemm.direct(64, 1120, 147));
        assertEquals(1, Gemm.parts(16, 200, 100, 4), "fewer rows than two tiles");
    }

    private static FloatPointer random(Random r, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) r.nextGaussian();
        }
        FloatPointer p = new FloatPointer(size);
        p.put(v);
        return p;
    }
}
