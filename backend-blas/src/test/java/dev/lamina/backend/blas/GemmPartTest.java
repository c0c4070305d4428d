package dev.lamina.backend.blas;

import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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

    /**
     * The cut of a channels-last product: its blocks tile pixels × channels exactly once, by pixels where there
     * are enough of them and by channels otherwise, each of at least 2^20 multiply-adds, at most four; and the
     * products block by block equal a naive product.
     */
    @Test
    void channelsLastCutsTileTheOutputOnce() {
        int[][] shapes = {{49, 960, 160}, {196, 576, 96}, {12544, 96, 16}, {784, 192, 32}, {49, 64, 32}, {3136, 24, 144}};
        for (int[] s : shapes) {
            int pixels = s[0];
            int channels = s[1];
            long mnk = (long) pixels * channels * s[2];
            Gemm.LastCut cut = Gemm.LastCut.of(pixels, channels, mnk);
            int[] seen = new int[pixels * channels];
            for (int b = 0; b < cut.blocks(); b++) {
                for (int p = cut.pixelFrom(b); p < cut.pixelTo(b); p++) {
                    for (int c = cut.channelFrom(b); c < cut.channelTo(b); c++) {
                        seen[p * channels + c]++;
                    }
                }
            }
            for (int i = 0; i < seen.length; i++) {
                assertEquals(1, seen[i], java.util.Arrays.toString(s) + " output " + i);
            }
            assertTrue(cut.blocks() <= Gemm.BLOCKS && (cut.blocks() == 1 || mnk / cut.blocks() >= Gemm.BLOCK_WORK),
                    cut + " of " + mnk);
            assertTrue(cut.pixelBlocks() == 1 || cut.channelBlocks() == 1, cut.toString());
        }
        assertEquals(4, Gemm.LastCut.of(49, 960, 49L * 960 * 160).channelBlocks(), "a 7×7 map is cut by channels");
        assertEquals(4, Gemm.LastCut.of(784, 192, 784L * 192 * 32).pixelBlocks(), "a 28×28 map by pixels");
        BlasNative.load();
        Random r = new Random(9);
        int pixels = 49;
        int cout = 960;
        int cin = 160;
        Gemm.LastCut cut = Gemm.LastCut.of(pixels, cout, (long) pixels * cout * cin);
        try (FloatPointer x = random(r, cin * pixels); FloatPointer w = random(r, cout * cin);
             FloatPointer y = new FloatPointer((long) pixels * cout); FloatPointer z = new FloatPointer((long) cout * pixels)) {
            for (int b = cut.blocks() - 1; b >= 0; b--) {
                Gemm.channelsLastOut(cut.pixelFrom(b), cut.pixelTo(b), cut.channelFrom(b), cut.channelTo(b), pixels,
                        cout, cin, w, x, 0, y, 0);
            }
            float[] last = new float[pixels * cout];
            y.get(last);
            // Y [pixels × cout] = Xᵀ Wᵀ; then back to planes through channelsLastIn with an identity: Z = I · Yᵀ
            float[] xs = new float[cin * pixels];
            float[] ws = new float[cout * cin];
            x.get(xs);
            w.get(ws);
            for (int p = 0; p < pixels; p++) {
                for (int co = 0; co < cout; co++) {
                    double e = 0;
                    for (int ci = 0; ci < cin; ci++) {
                        e += (double) xs[ci * pixels + p] * ws[co * cin + ci];
                    }
                    assertEquals(e, last[p * cout + co], 1e-3 * (1 + Math.abs(e)), "Y[" + p + "][" + co + "]");
                }
            }
            float[] eye = new float[cout * cout];
            for (int i = 0; i < cout; i++) {
                eye[i * cout + i] = 1f;
            }
            try (FloatPointer id = new FloatPointer(eye)) {
                Gemm.LastCut back = Gemm.LastCut.of(pixels, cout, (long) pixels * cout * cout);
                for (int b = 0; b < back.blocks(); b++) {
                    Gemm.channelsLastIn(back.pixelFrom(b), back.pixelTo(b), back.channelFrom(b), back.channelTo(b),
                            pixels, cout, id, y, 0, z, 0);
                }
            }
            float[] planes = new float[cout * pixels];
            z.get(planes);
            for (int p = 0; p < pixels; p++) {
                for (int co = 0; co < cout; co++) {
                    assertEquals(last[p * cout + co], planes[co * pixels + p], "Z[" + co + "][" + p + "]");
                }
            }
            assertEquals(0, x.position() + w.position() + y.position() + z.position());
        }
    }

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
