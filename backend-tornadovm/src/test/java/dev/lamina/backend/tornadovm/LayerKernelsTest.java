package dev.lamina.backend.tornadovm;

import org.junit.jupiter.api.Test;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

import java.util.Random;

import static dev.lamina.backend.tornadovm.KernelsTest.gaussian;
import static dev.lamina.backend.tornadovm.KernelsTest.of;
import static dev.lamina.backend.tornadovm.KernelsTest.run2;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernels of Lamina 0.2's layers run as plain Java, against hand-computed values and references written
 * here independently (naive loops in double, an erf by numerical integration). The kit checks them again
 * through whole networks ({@link HostConformanceTest}), and on a device ({@link TornadoVmConformanceTest}).
 */
class LayerKernelsTest {
    private static final float NAN = Float.NaN;
    private static final float INF = Float.POSITIVE_INFINITY;

    /** conv2d with groups, in double: weight [filters, cin/groups, kh, kw], padding top/left, output size given. */
    private static float[] referenceConv(float[] x, float[] w, float[] b, int n, int cin, int h, int wd, int filters,
                                         int groups, int kh, int kw, int sh, int sw, int top, int left, int dh, int dw,
                                         int oh, int ow) {
        int cpg = cin / groups;
        int fpg = filters / groups;
        float[] y = new float[n * filters * oh * ow];
        for (int s = 0; s < n; s++) {
            for (int f = 0; f < filters; f++) {
                int g = f / fpg;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double acc = b[f];
                        for (int c = 0; c < cpg; c++) {
                            for (int ky = 0; ky < kh; ky++) {
                                for (int kx = 0; kx < kw; kx++) {
                                    int iy = oy * sh - top + ky * dh;
                                    int ix = ox * sw - left + kx * dw;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                        acc += (double) x[((s * cin + g * cpg + c) * h + iy) * wd + ix]
                                                * w[((f * cpg + c) * kh + ky) * kw + kx];
                                    }
                                }
                            }
                        }
                        y[((s * filters + f) * oh + oy) * ow + ox] = (float) acc;
                    }
                }
            }
        }
        return y;
    }

    /** Both conv kernels, as LayerTasks calls them, on one grouped case with asymmetric padding. */
    private static void checkGroupedConv(int groups, int cin, int filters, boolean blocked) {
        Random r = new Random(groups * 31L + filters);
        int n = 2, h = 6, wd = 7, kh = 3, kw = 2, sh = 2, sw = 1, dh = 1, dw = 2;
        int top = 2, left = 0, bottom = 1, right = 3;
        int oh = (h + top + bottom - dh * (kh - 1) - 1) / sh + 1;
        int ow = (wd + left + right - dw * (kw - 1) - 1) / sw + 1;
        int cpg = cin / groups;
        int fpg = filters / groups;
        float[] x = gaussian(r, n * cin * h * wd);
        float[] w = gaussian(r, filters * cpg * kh * kw);
        float[] b = gaussian(r, filters);
        FloatArray y = new FloatArray(n * filters * oh * ow);
        if (blocked) {
            int groupBlocks = (fpg + Kernels.CONV_BLOCK - 1) / Kernels.CONV_BLOCK;
            Kernels.conv2dBlocked(of(x), of(Kernels.packConvWeights(w, groups, fpg, cpg * kh * kw)), of(b), y,
                    cpg, groups, fpg, h, wd, oh, ow, kh, kw, sh, sw, top, left, dh, dw,
                    n * groups * groupBlocks * oh * ow);
        } else {
            Kernels.conv2dGrouped(of(x), of(w), of(b), y, cpg, groups, fpg, h, wd, oh, ow, kh, kw, sh, sw, top, left,
                    dh, dw);
        }
        float[] want = referenceConv(x, w, b, n, cin, h, wd, filters, groups, kh, kw, sh, sw, top, left, dh, dw,
                oh, ow);
        assertArrayEquals(want, y.toHeapArray(), 1e-5f,
                groups + " groups, " + filters + " filters, blocked " + blocked);
    }

    @Test
    void groupedConvolutionBlockedWhenGroupsKeepWholeBlocks() {
        checkGroupedConv(2, 6, 16, true);  // 8 filters per group: one full block each
        checkGroupedConv(2, 4, 20, true);  // 10 per group: a partial block per group, never spanning two
        checkGroupedConv(1, 3, 11, true);
    }

    @Test
    void groupedConvolutionDirectForDepthwiseAndNarrowGroups() {
        checkGroupedConv(5, 5, 5, false);   // depthwise
        checkGroupedConv(4, 4, 8, false);   // depthwise with channel multiplier 2
        checkGroupedConv(3, 6, 9, false);   // 3 filters on 2 channels per group
    }

    @Test
    void maxPoolWithDilationAndCeilModeSkipsWhatLiesOutside() {
        // one 1×6 row, kernel 1×2, dilation 2, stride 2, ceil_mode: windows {0, 2}, {2, 4}, {4, (6)}
        FloatArray y = new FloatArray(3);
        Kernels.maxPool(of(1, 9, 3, 9, NAN, 7), y, 1, 6, 1, 3, 1, 2, 1, 2, 0, 0, 1, 2);
        float[] v = y.toHeapArray();
        assertEquals(3f, v[0], "taps 0 and 2, the 9 between them skipped by the dilation");
        assertTrue(Float.isNaN(v[1]) && Float.isNaN(v[2]), "NaN wins, also in the window clipped by ceil_mode");
        // asymmetric padding: top 0, left 1 (bottom and right only set the output size)
        FloatArray z = new FloatArray(3);
        Kernels.maxPool(of(-1, -2, -3, -4), z, 1, 4, 1, 3, 1, 2, 1, 2, 0, 1, 1, 1);
        assertArrayEquals(new float[] {-1, -2, -4}, z.toHeapArray());
    }

    @Test
    void avgPoolDivisorsFollowCountIncludePadAndCeilMode() {
        // a 1×5 row, kernel 1×3, stride 2, padding 1 left and right, ceil_mode: 3 windows starting at −1, 1, 3
        // (the last covers 3, 4 and the right padding; a fourth would start in the padding and is not made)
        FloatArray x = of(1, 2, 3, 4, 5);
        FloatArray counted = new FloatArray(3);
        Kernels.avgPool(x, counted, 1, 5, 1, 3, 1, 3, 1, 2, 0, 1, 1, 1, 6);
        assertArrayEquals(new float[] {3 / 3f, 9 / 3f, 9 / 3f}, counted.toHeapArray(), 1e-7f);
        FloatArray excluded = new FloatArray(3);
        Kernels.avgPool(x, excluded, 1, 5, 1, 3, 1, 3, 1, 2, 0, 1, 0, 1, 6);
        assertArrayEquals(new float[] {3 / 2f, 9 / 3f, 9 / 2f}, excluded.toHeapArray(), 1e-7f);
        // ceil_mode past the padding: kernel 3, stride 2, no padding on a row of 4 → windows [0,3), [2,5):
        // the overhang beyond the input (and beyond any padding) never counts
        FloatArray over = new FloatArray(2);
        Kernels.avgPool(of(1, 2, 3, 4), over, 1, 4, 1, 2, 1, 3, 1, 2, 0, 0, 1, 1, 4);
        assertArrayEquals(new float[] {2, 3.5f}, over.toHeapArray(), 1e-7f);
    }

    @Test
    void adaptivePoolsUseFloorAndCeilWindows() {
        // 1×5 → 1×3: windows [0, 2), [1, 4), [3, 5) — overlapping, as PyTorch's
        FloatArray x = of(1, 5, 2, NAN, 4);
        FloatArray avg = new FloatArray(3);
        Kernels.adaptivePool(of(1, 5, 2, 8, 4), avg, 1, 5, 1, 3, 0);
        assertArrayEquals(new float[] {3, 5, 6}, avg.toHeapArray(), 1e-6f);
        FloatArray max = new FloatArray(3);
        Kernels.adaptivePool(x, max, 1, 5, 1, 3, 1);
        float[] m = max.toHeapArray();
        assertEquals(5f, m[0]);
        assertTrue(Float.isNaN(m[1]) && Float.isNaN(m[2]), "NaN wins");
        // global average of two 2×2 planes
        FloatArray g = new FloatArray(2);
        Kernels.adaptivePool(of(1, 2, 3, 4, -1, -1, -1, -1), g, 2, 2, 1, 1, 0);
        assertArrayEquals(new float[] {2.5f, -1}, g.toHeapArray());
    }

    @Test
    void batchNormScalesAndShiftsEachChannel() {
        // 2 samples × 2 channels × 2 values
        FloatArray y = new FloatArray(8);
        Kernels.batchNorm(of(1, 2, 3, 4, 5, 6, NAN, 8), of(2, -1), of(0.5f, 10), y, 2, 2);
        assertArrayEquals(new float[] {2.5f, 4.5f, 7, 6, 10.5f, 12.5f, NAN, 2}, y.toHeapArray());
    }

    @Test
    void clampsAreExactAndKeepNan() {
        float[] ht = run2((x, y) -> Kernels.hardtanh(x, y, 0, 6), -1, 0, 3.5f, 6, 7, NAN, -INF, INF, -0f);
        assertArrayEquals(new float[] {0, 0, 3.5f, 6, 6, NAN, 0, 6, -0f}, ht);
        float[] lr = run2((x, y) -> Kernels.leakyRelu(x, y, 0.01f), -2, 3, NAN, -INF, INF);
        assertArrayEquals(new float[] {-2 * 0.01f, 3, NAN, -INF, INF}, lr);
        float[] hs = run2((x, y) -> Kernels.hardsigmoid(x, y, 1f / 6, 0.5f), -3, 3, 0, 1.5f, NAN, -INF, INF);
        assertArrayEquals(new float[] {0, 1, 0.5f, 0.75f, NAN, 0, 1}, hs, 1e-7f);
        float[] onnx = run2((x, y) -> Kernels.hardsigmoid(x, y, 0.2f, 0.5f), -2.5f, 2.5f, 1);
        assertArrayEquals(new float[] {0, 1, 0.7f}, onnx, 1e-7f);
    }

    @Test
    void smoothActivationsSpecialValuesAsPyTorch() {
        float[] elu = run2((x, y) -> Kernels.elu(x, y, 1.5f), -INF, INF, NAN, 2, -0f);
        assertArrayEquals(new float[] {-1.5f, INF, NAN, 2, -0f}, elu);
        float[] swish = run2(Kernels::hardswish, -INF, INF, NAN, -3, 3, 1, -4);
        assertArrayEquals(new float[] {NAN, INF, NAN, 0, 3, 4f / 6, 0}, swish, 1e-7f);
        float[] silu = run2(Kernels::silu, -INF, INF, NAN, 0, -200);
        assertArrayEquals(new float[] {NAN, INF, NAN, 0, -0f}, silu, "−200: e^200 overflows, −200/∞ = −0");
        float[] gelu = run2(Kernels::gelu, -INF, INF, NAN, 0, -20, 20);
        assertArrayEquals(new float[] {NAN, INF, NAN, 0, -0f, 20}, gelu);
        float[] tanh = run2(Kernels::geluTanh, -INF, INF, NAN, 0, -20, 20);
        assertArrayEquals(new float[] {NAN, INF, NAN, 0, -0f, 20}, tanh);
    }

    /** erf by Simpson's rule on 2/√π·e^(−t²), 4000 intervals: about 1e-14 here, independent of the kernels. */
    private static double erf(double z) {
        int m = 4000;
        double step = z / m;
        double sum = 1 + Math.exp(-z * z);
        for (int i = 1; i < m; i++) {
            double t = i * step;
            sum += (i % 2 == 1 ? 4 : 2) * Math.exp(-t * t);
        }
        return 2 / Math.sqrt(Math.PI) * sum * step / 3;
    }

    @Test
    void smoothActivationsWithinAFewUlpsOfDouble() {
        // the kit's bound for these layers is 16 u relative plus, for the cancellations near their zeros, an
        // absolute term of a few u times the largest |x|: checked here at 4 u relative (8 u for elu's series) +
        // 2 u·|x| absolute.
        int count = 2401;
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = -12 + i * 0.01f;
        }
        x[0] = 1e-20f;
        x[1] = -3e-8f;
        float[] gelu = run2(Kernels::gelu, x);
        float[] geluTanh = run2(Kernels::geluTanh, x);
        float[] elu = run2((a, b) -> Kernels.elu(a, b, 1), x);
        float[] silu = run2(Kernels::silu, x);
        double u = 0x1p-24;
        for (int i = 0; i < count; i++) {
            double v = x[i];
            double bound = 2 * u * Math.abs(v);
            double g = 0.5 * v * (1 + erf(v * Math.sqrt(0.5)));
            assertEquals(g, gelu[i], 4 * u * Math.abs(g) + bound + Float.MIN_NORMAL, "gelu(" + v + ")");
            double t = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
            assertEquals(t, geluTanh[i], 4 * u * Math.abs(t) + bound + Float.MIN_NORMAL, "gelu tanh(" + v + ")");
            double e = v > 0 ? v : Math.expm1(v);
            assertEquals(e, elu[i], 8 * u * Math.abs(e) + Float.MIN_NORMAL, "elu(" + v + ")");
            double s = v / (1 + Math.exp(-v));
            assertEquals(s, silu[i], 4 * u * Math.abs(s) + Float.MIN_NORMAL, "silu(" + v + ")");
        }
    }

    @Test
    void broadcastAddAndMulReadOneValuePerPlane() {
        // [2, 2, 2] (+ or ·) [2, 1, 1], batch 1: plane 4 for the broadcast input, 1 for the full one
        FloatArray full = of(1, 2, 3, 4, 5, 6, 7, 8);
        FloatArray scale = of(10, -1);
        FloatArray sum = new FloatArray(8);
        Kernels.add(scale, full, sum, 4, 1);
        assertArrayEquals(new float[] {11, 12, 13, 14, 4, 5, 6, 7}, sum.toHeapArray());
        Kernels.accumulate(sum, scale, 4);
        assertArrayEquals(new float[] {21, 22, 23, 24, 3, 4, 5, 6}, sum.toHeapArray());
        FloatArray product = new FloatArray(8);
        Kernels.mul(full, scale, product, 1, 4);
        assertArrayEquals(new float[] {10, 20, 30, 40, -5, -6, -7, -8}, product.toHeapArray());
    }

    @Test
    void shuffleSliceAndPadMoveValuesOnly() {
        // 6 channels of 1 value, 2 groups: input channel g·3 + j goes to j·2 + g
        FloatArray shuffled = new FloatArray(6);
        Kernels.channelShuffle(of(0, 1, 2, 3, 4, 5), shuffled, 6, 2, 1);
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, shuffled.toHeapArray());
        // 2 samples of [3 channels, 2 values], channels [1, 3)
        FloatArray sliced = new FloatArray(8);
        Kernels.slice(of(0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15), sliced, 6, 4, 2);
        assertArrayEquals(new float[] {2, 3, 4, 5, 12, 13, 14, 15}, sliced.toHeapArray());
        // a 1×2 plane padded top 1, left 0, bottom 0, right 1 → 2×3, a NaN staying where it is
        FloatArray padded = new FloatArray(6);
        Kernels.zeroPad(of(NAN, 2), padded, 1, 2, 2, 3, 1, 0);
        assertArrayEquals(new float[] {0, 0, 0, NAN, 2, 0}, padded.toHeapArray());
    }
}
