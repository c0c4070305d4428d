package dev.lamina.backend.blas;

import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link Gemm#nnPart}'s parts, run one after the other, give bit for bit what {@link Gemm#nn} gives (and the
 * product, within rounding), for the products of ResNet-18's and MobileNetV2's convs at batch 1 (stem, strided
 * 3×3, Winograd, pointwise): column pieces, row pieces and row blocks.
 */
class GemmPartTest {
    private static final int[][] SHAPES = {
        {64, 12544, 147}, {128, 812, 576}, {256, 210, 1152}, {512, 56, 4608}, {64, 196, 384}, {96, 196, 576},
        {160, 49, 960}, {320, 49, 960}, {96, 49, 96}, {144, 3136, 24}, {1280, 49, 320}, {30, 700, 50},
        {64, 1120, 147}, {96, 196, 576}, {128, 784, 64}, {256, 210, 1152}, {64, 12880, 147}};

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
                int parts = Gemm.parts(m, n, k);
                c.zero();
                for (int p = parts - 1; p >= 0; p--) {       // backwards: each part writes only its own block
                    Gemm.nnPart(p, parts, m, n, k, a, 0, k, b, 0, n, c, 0, n);
                }
                float[] split = new float[m * n];
                c.get(split);
                assertArrayEquals(whole, split, m + "×" + n + "×" + k + " in " + parts + " parts");
                assertEquals(0, a.position() + b.position() + c.position());
                float[] naive = naive(a, b, m, n, k);
                for (int i = 0; i < whole.length; i++) {
                    assertEquals(naive[i], whole[i], 1e-3f * (1 + Math.abs(naive[i])), m + "×" + n + "×" + k + " @" + i);
                }
            }
        }
    }

    @Test
    void theCutDependsOnTheShapeAlone() {
        assertEquals(4, Gemm.parts(64, 12880, 147), "ResNet-18's stem: four column blocks of 3232");
        assertEquals(2, Gemm.parts(128, 812, 576), "two column blocks of 416");
        assertEquals(2, Gemm.parts(256, 210, 1152), "too few columns: two row blocks of 128");
        assertEquals(2, Gemm.parts(512, 56, 4608), "at most two row blocks");
        assertEquals(1, Gemm.parts(64, 196, 384), "too narrow and too short to cut");
        assertEquals(1, Gemm.parts(30, 600, 50), "small-matrix path: whole");
        assertEquals(2, Gemm.parts(30, 700, 50), "just above it: two column pieces of 350");
        assertEquals(6, Gemm.parts(512, 20, 512), "Winograd's deep layers: six row pieces of 96 for the small path");
        assertThrows(IllegalArgumentException.class, () -> Gemm.nnPart(0, 3, 64, 12880, 147, null, 0, 147, null, 0,
                12880, null, 0, 12880));
    }

    private static float[] naive(FloatPointer a, FloatPointer b, int m, int n, int k) {
        float[] av = new float[m * k];
        float[] bv = new float[k * n];
        a.get(av);
        b.get(bv);
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                float x = av[i * k + p];
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += x * bv[p * n + j];
                }
            }
        }
        return c;
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
