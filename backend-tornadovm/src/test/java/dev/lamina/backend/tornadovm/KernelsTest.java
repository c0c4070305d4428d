package dev.lamina.backend.tornadovm;

import org.junit.jupiter.api.Test;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernels' logic, run as plain Java: {@code @Parallel} loops sequentially, {@code KernelContext}
 * kernels on the {@link KernelEmulator}. On a device the same methods run in parallel; the network tests
 * run them there (tag {@code tornadovm}).
 */
class KernelsTest {

    static FloatArray of(float... v) {
        return FloatArray.fromArray(v);
    }

    static float[] run2(java.util.function.BiConsumer<FloatArray, FloatArray> k, float... x) {
        FloatArray y = new FloatArray(x.length);
        k.accept(of(x), y);
        return y.toHeapArray();
    }

    /** Runs {@link Kernels#conv2dBlocked} on PyTorch-layout weights, packing them as the plan does. */
    private static float[] conv(float[] x, float[] w, float[] b, int n, int c, int h, int wd, int f, int kh, int kw,
                                int sh, int sw, int ph, int pw, int dh, int dw) {
        int oh = (h + 2 * ph - dh * (kh - 1) - 1) / sh + 1;
        int ow = (wd + 2 * pw - dw * (kw - 1) - 1) / sw + 1;
        FloatArray y = new FloatArray(n * f * oh * ow);
        int items = n * ((f + Kernels.CONV_BLOCK - 1) / Kernels.CONV_BLOCK) * oh * ow;
        Kernels.conv2dBlocked(of(x), of(Kernels.packConvWeights(w, 1, f, c * kh * kw)),
                of(b == null ? new float[f] : b), y, c, 1, f, h, wd, oh, ow, kh, kw, sh, sw, ph, pw, dh, dw, items);
        return y.toHeapArray();
    }

    @Test
    void conv2dHandCase() {
        // 1×3×3 input, one 2×2 filter, bias 0.5: a plain sliding dot product.
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] w = {1, 0, 0, -1};
        assertArrayEquals(new float[] {1 - 5 + 0.5f, 2 - 6 + 0.5f, 4 - 8 + 0.5f, 5 - 9 + 0.5f},
                conv(x, w, new float[] {0.5f}, 1, 1, 3, 3, 1, 2, 2, 1, 1, 0, 0, 1, 1));
        // Without bias the plan passes zeros.
        assertArrayEquals(new float[] {-4, -4, -4, -4}, conv(x, w, null, 1, 1, 3, 3, 1, 2, 2, 1, 1, 0, 0, 1, 1));
    }

    @Test
    void padsWithZerosNeverWithWhatIsLoaded() {
        // A NaN at the edge must not leak into padded taps of other outputs: 1×1×2 input, 1×2 kernel, pad 1.
        float[] y = conv(new float[] {Float.NaN, 2}, new float[] {1, 1}, null, 1, 1, 1, 2, 1, 1, 2, 1, 1, 0, 1, 1, 1);
        assertTrue(Float.isNaN(y[0]) && Float.isNaN(y[1]), "outputs that read the NaN");
        assertEquals(2f, y[2], "the last output reads 2 and padding");
    }

    @Test
    void conv2dPaddingStrideDilationBlocksMatchAZeroPaddedReference() {
        Random r = new Random(7);
        // 11 filters: a full block of 8 and a partial one.
        int n = 2, c = 3, h = 7, wd = 6, f = 11, kh = 3, kw = 2, sh = 2, sw = 1, ph = 2, pw = 1, dh = 2, dw = 3;
        int oh = (h + 2 * ph - dh * (kh - 1) - 1) / sh + 1;
        int ow = (wd + 2 * pw - dw * (kw - 1) - 1) / sw + 1;
        float[] x = gaussian(r, n * c * h * wd);
        float[] w = gaussian(r, f * c * kh * kw);
        float[] b = gaussian(r, f);
        float[] y = conv(x, w, b, n, c, h, wd, f, kh, kw, sh, sw, ph, pw, dh, dw);
        // Reference: pad explicitly, then slide without any bounds test.
        int hp = h + 2 * ph, wp = wd + 2 * pw;
        float[] padded = new float[n * c * hp * wp];
        for (int i = 0; i < n * c; i++) {
            for (int yy = 0; yy < h; yy++) {
                for (int xx = 0; xx < wd; xx++) {
                    padded[(i * hp + yy + ph) * wp + xx + pw] = x[(i * h + yy) * wd + xx];
                }
            }
        }
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < f; o++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double acc = b[o];
                        for (int ci = 0; ci < c; ci++) {
                            for (int ky = 0; ky < kh; ky++) {
                                for (int kx = 0; kx < kw; kx++) {
                                    acc += padded[((s * c + ci) * hp + oy * sh + ky * dh) * wp + ox * sw + kx * dw]
                                            * w[((o * c + ci) * kh + ky) * kw + kx];
                                }
                            }
                        }
                        float got = y[((s * f + o) * oh + oy) * ow + ox];
                        assertEquals(acc, got, 1e-4, "output " + s + "," + o + "," + oy + "," + ox);
                    }
                }
            }
        }
    }

    @Test
    void convWeightsArePackedByFilterBlockThenTapThenLane() {
        // 9 filters of 2 taps: filter f, tap k holds 10f + k.
        float[] w = new float[18];
        for (int f = 0; f < 9; f++) {
            w[2 * f] = 10 * f;
            w[2 * f + 1] = 10 * f + 1;
        }
        float[] p = Kernels.packConvWeights(w, 1, 9, 2);
        assertEquals(2 * 2 * Kernels.CONV_BLOCK, p.length);
        assertEquals(30f, p[3], "block 0, tap 0, lane 3");
        assertEquals(31f, p[Kernels.CONV_BLOCK + 3], "block 0, tap 1, lane 3");
        assertEquals(80f, p[2 * Kernels.CONV_BLOCK], "block 1, tap 0, lane 0 is filter 8");
        assertEquals(0f, p[2 * Kernels.CONV_BLOCK + 1], "lanes past the last filter are zero");
    }

    @Test
    void maxPoolSkipsPaddingAndLetsNanWin() {
        // 1×2×3 input, 2×2 window, stride 1, padding 1 on each side: 3×4 outputs.
        FloatArray x = of(-5, -1, -3, Float.NaN, -2, -4);
        FloatArray y = new FloatArray(12);
        Kernels.maxPool(x, y, 2, 3, 3, 4, 2, 2, 1, 1, 1, 1, 1, 1);
        float nan = Float.NaN;
        assertArrayEquals(new float[] {-5, -1, -1, -3, nan, nan, -1, -3, nan, nan, -2, -4}, y.toHeapArray());
    }

    @Test
    void avgPoolCountsPaddingAsZeros() {
        FloatArray x = of(1, 2, 3, 4);
        FloatArray y = new FloatArray(4);
        // 2×2 input, 3×3 window, stride 1, padding 1: every window covers all four values, divided by 9.
        Kernels.avgPool(x, y, 2, 2, 2, 2, 3, 3, 1, 1, 1, 1, 1, 3, 3);
        assertArrayEquals(new float[] {10 / 9f, 10 / 9f, 10 / 9f, 10 / 9f}, y.toHeapArray(), 1e-6f);
        // Two 1×2 planes, 1×2 window, stride 2: plain means per plane.
        FloatArray z = new FloatArray(2);
        Kernels.avgPool(x, z, 1, 2, 1, 1, 1, 2, 1, 2, 0, 0, 1, 1, 2);
        assertArrayEquals(new float[] {1.5f, 3.5f}, z.toHeapArray());
    }

    @Test
    void activationsKeepPyTorchsSpecialValues() {
        float nan = Float.NaN;
        float[] relu = run2(Kernels::relu, -1, -0f, 0, 2, nan, Float.NEGATIVE_INFINITY);
        assertArrayEquals(new float[] {0, 0, 0, 2, nan, 0}, relu);
        assertEquals(0, Float.floatToRawIntBits(relu[1]), "relu(-0) is +0");
        float[] sig = run2(Kernels::sigmoid, 0, 100, -200, nan, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 2);
        assertArrayEquals(new float[] {0.5f, 1, 0, nan, 1, 0, (float) (1 / (1 + Math.exp(-2)))}, sig, 1e-7f);
        assertEquals(0f, sig[2], "exactly 0 far below zero");
        float[] th = run2(Kernels::hyperbolicTangent, 0, 1, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, nan);
        assertArrayEquals(new float[] {0, (float) Math.tanh(1), 1, -1, nan}, th);
    }

    @Test
    void softmaxIsStableAndRunsOverTheFirstAxis() {
        FloatArray y = new FloatArray(3);
        Kernels.softmax(of(1000, 1001, 999), y, 3, 1, 1);
        double s = Math.exp(0) + Math.exp(1) + Math.exp(-1);
        assertArrayEquals(new float[] {(float) (1 / s), (float) (Math.E / s), (float) (Math.exp(-1) / s)},
                y.toHeapArray(), 1e-6f);
        // Two samples of [2 channels, 2 pixels]: one softmax per sample and pixel, over the channels.
        FloatArray img = of(0, 5, 0, 5, /* sample 2 */ 1, Float.NaN, 1, 3);
        FloatArray out = new FloatArray(8);
        Kernels.softmax(img, out, 2, 2, 4);
        float[] o = out.toHeapArray();
        assertEquals(0.5f, o[0]);
        assertEquals(0.5f, o[2]);
        assertEquals(0.5f, o[1]);
        assertEquals(0.5f, o[3]);
        assertEquals(0.5f, o[4]);
        assertEquals(0.5f, o[6]);
        assertTrue(Float.isNaN(o[5]) && Float.isNaN(o[7]), "NaN makes its slice NaN");
        // +∞ makes the slice NaN, −∞ gives 0.
        Kernels.softmax(of(Float.POSITIVE_INFINITY, 1, Float.NEGATIVE_INFINITY), y, 3, 1, 1);
        assertTrue(Float.isNaN(y.get(1)));
        Kernels.softmax(of(0, Float.NEGATIVE_INFINITY, 0), y, 3, 1, 1);
        assertArrayEquals(new float[] {0.5f, 0, 0.5f}, y.toHeapArray());
    }

    @Test
    void denseWithAndWithoutBias() {
        // Two samples, 3 features, 2 units.
        FloatArray x = of(1, 2, 3, -1, 0, 1);
        FloatArray w = of(1, 1, 1, 0, 1, 2);
        FloatArray y = new FloatArray(4);
        Kernels.dense(x, w, of(10, 20), y, 3, 2, 1);
        assertArrayEquals(new float[] {16, 28, 10, 22}, y.toHeapArray());
        Kernels.dense(x, w, of(Float.NaN), y, 3, 2, 0);
        assertArrayEquals(new float[] {6, 8, 0, 2}, y.toHeapArray());
    }

    @Test
    void denseGroupReducesInLocalMemoryToWhatDenseComputes() {
        Random r = new Random(3);
        int n = 2, features = 300, units = 3;   // 300 is not a multiple of the group size
        FloatArray x = of(gaussian(r, n * features));
        FloatArray w = of(gaussian(r, units * features));
        FloatArray b = of(gaussian(r, units));
        for (int bias = 0; bias <= 1; bias++) {
            FloatArray expected = new FloatArray(n * units);
            Kernels.dense(x, w, b, expected, features, units, bias);
            FloatArray y = new FloatArray(n * units);
            int withBias = bias;
            KernelEmulator.run1D(n * units * Kernels.DENSE_GROUP, Kernels.DENSE_GROUP,
                    kc -> Kernels.denseGroup(kc, x, w, b, y, features, units, withBias));
            assertArrayEquals(expected.toHeapArray(), y.toHeapArray(), 1e-4f);
        }
    }

    @Test
    void emulatorSharesLocalMemoryWithinAGroupAndSynchronisesAtBarriers() {
        // Each thread writes its index to local memory, then reads its mirror's: wrong without a real barrier.
        FloatArray out = new FloatArray(64);
        KernelEmulator.run1D(64, 16, kc -> {
            float[] local = kc.allocateFloatLocalArray(16);
            local[kc.localIdx] = kc.globalIdx;
            kc.localBarrier();
            out.set(kc.globalIdx, local[15 - kc.localIdx]);
        });
        for (int i = 0; i < 64; i++) {
            assertEquals((i / 16) * 16 + 15 - i % 16, out.get(i), "thread " + i);
        }
    }

    @Test
    void addAccumulateAndConcat() {
        FloatArray y = new FloatArray(3);
        Kernels.add(of(1, 2, 3), of(10, 20, 30), y, 1, 1);
        Kernels.accumulate(y, of(100, 200, 300), 1);
        assertArrayEquals(new float[] {111, 222, 333}, y.toHeapArray());
        // Two samples: [2] and [1] per sample, concatenated into [3] per sample.
        FloatArray cat = new FloatArray(6);
        Kernels.concatInto(of(1, 2, 3, 4), cat, 2, 3, 0);
        Kernels.concatInto(of(9, 8), cat, 1, 3, 2);
        assertArrayEquals(new float[] {1, 2, 9, 3, 4, 8}, cat.toHeapArray());
    }

    @Test
    void canaryWritesEachThreadsOwnValue() {
        uk.ac.manchester.tornado.api.types.arrays.IntArray out = new uk.ac.manchester.tornado.api.types.arrays.IntArray(32);
        KernelEmulator.run1D(32, 8, kc -> Kernels.canary(kc, out));
        for (int i = 0; i < 32; i++) {
            assertEquals(3 * i + 1, out.get(i));
        }
    }

    static float[] gaussian(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}
