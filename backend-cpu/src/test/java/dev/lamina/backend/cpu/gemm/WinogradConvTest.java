package dev.lamina.backend.cpu.gemm;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Dims2;
import dev.lamina.api.Padding;
import dev.lamina.api.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link WinogradConv} against the GEMM conv it replaces, on both paths' kernels: odd and even output sizes
 * (a dropped last row and column), padding on every side and none, filter counts that leave a partial
 * panel, a batch, blocks of tile rows and filter blocks (one sample), a fused ReLU and 2×2 max-pool; and
 * NaN and ±Inf inputs, which must come out as the direct sum has them (not NaN for a whole tile).
 */
class WinogradConvTest {
    private static final Epilogue.Activation RELU = (v, vo, o, oo, n) -> {
        for (int i = 0; i < n; i++) {
            o[oo + i] = Math.max(v[vo + i], 0f);
        }
    };

    private static float[] random(int n, Random r) {
        float[] v = new float[n];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    private static Conv2d conv3x3(int filters, Padding p) {
        return new Conv2d(filters, Dims2.of(3, 3), Dims2.of(1, 1), p, Dims2.of(1, 1), 1, true);
    }

    /** Winograd's output and the GEMM's for one conv, input {@code x}; the largest difference over max(1, |y|). */
    private static double compare(MicroKernel k, Conv2d conv, Shape in, int batch, Epilogue e, float[] x, long seed,
                                  boolean nonFinite) {
        Shape out = conv.outputShape("c", List.of(in));
        Random r = new Random(seed);
        float[] w = random(conv.filters() * in.dim(0) * 9, r);
        float[] b = random(conv.filters(), r);
        ConvGeometry g = new ConvGeometry(conv, in, out);
        assertTrue(WinogradConv.fits(g, e, w, b));
        WinogradConv wino = new WinogradConv(g, w, b, e, k);
        ConvGemm gemm = new ConvGemm(g, w, b, e, k);
        float[] yw = new float[batch * wino.outSize()];
        float[] yg = new float[batch * gemm.outSize()];
        wino.forward(batch, x, yw);
        gemm.forward(batch, x, yg);
        double worst = 0;
        for (int i = 0; i < yg.length; i++) {
            if (nonFinite || !Float.isFinite(yg[i])) {
                assertEquals(Float.isNaN(yg[i]), Float.isNaN(yw[i]), "NaN at " + i + ": gemm " + yg[i] + ", winograd " + yw[i]);
                if (Float.isInfinite(yg[i])) {
                    assertEquals(yg[i], yw[i], "±Inf at " + i);
                    continue;
                }
                if (Float.isNaN(yg[i])) {
                    continue;
                }
            }
            worst = Math.max(worst, Math.abs(yw[i] - yg[i]) / Math.max(1, Math.abs(yg[i])));
        }
        return worst;
    }

    private static void check(MicroKernel k, int c, int f, int h, int wd, Padding p, int batch, boolean reluPool) {
        Conv2d conv = conv3x3(f, p);
        Shape in = Shape.of(c, h, wd);
        Epilogue e = reluPool ? Epilogue.of(RELU, 2, 2) : Epilogue.NONE;
        float[] x = random(batch * in.size(), new Random(31L * c + h));
        double worst = compare(k, conv, in, batch, e, x, 17L * f + wd, false);
        assertTrue(worst < 2e-5, c + "→" + f + " on " + h + "×" + wd + " pad " + p + ": max relative difference " + worst);
    }

    private static List<MicroKernel> kernels() {
        return MicroKernels.vector() ? List.of(MicroKernels.get(), new ScalarMicroKernel()) : List.of(MicroKernels.get());
    }

    @Test
    void matchesTheGemmOnEveryShape() {
        for (MicroKernel k : kernels()) {
            check(k, 16, 16, 8, 8, Padding.of(1), 1, false);
            check(k, 19, 21, 11, 13, Padding.of(1), 3, false); // odd outputs, a partial filter panel
            check(k, 16, 18, 9, 10, Padding.none(), 2, false);  // no padding: 7×8 out
            check(k, 17, 16, 12, 9, new Padding(2, 0, 1, 3), 2, false); // a different pad on each side
            check(k, 32, 24, 14, 14, Padding.of(1), 2, true);  // ReLU + 2×2 max-pool
            check(k, 16, 16, 13, 11, Padding.of(1), 1, true);  // pool drops the odd last row and column
            check(k, 24, 64, 7, 7, Padding.of(1), 1, false);   // one sample: filter blocks share it
            check(k, 64, 20, 60, 60, Padding.of(1), 1, true);  // several blocks of tile rows
            check(k, 16, 24, 33, 35, Padding.of(1), 2, false); // 17 and 18 tiles a row: vector lanes and a tail
        }
    }

    @Test
    void nonFiniteInputsComeOutAsTheDirectSumHasThem() {
        for (MicroKernel k : kernels()) {
            Conv2d conv = conv3x3(16, Padding.of(1));
            Shape in = Shape.of(16, 10, 36); // 18 tiles a row: the vector lanes too
            int plane = 10 * 36;
            float[] x = random(2 * in.size(), new Random(5));
            x[3 * plane + 4 * 36 + 4] = Float.POSITIVE_INFINITY; // sample 0, channel 3
            x[in.size() + 7 * plane + 2 * 36 + 35] = Float.NaN;  // sample 1, channel 7, at the right edge
            x[in.size() + plane + 9 * 36] = Float.NEGATIVE_INFINITY;
            double worst = compare(k, conv, in, 2, Epilogue.NONE, x, 9, true);
            assertTrue(worst < 1e-5, "finite outputs near the non-finite inputs: " + worst);
        }
    }

    @Test
    void declinesWhatItCannotDo() {
        Shape in = Shape.of(16, 8, 8);
        float[] w = new float[16 * 16 * 9];
        ConvGeometry ok = new ConvGeometry(conv3x3(16, Padding.of(1)), in, Shape.of(16, 8, 8));
        assertTrue(WinogradConv.fits(ok, Epilogue.NONE, w, null));
        float[] nan = w.clone();
        nan[5] = Float.NaN;
        assertFalse(WinogradConv.fits(ok, Epilogue.NONE, nan, null), "non-finite weights");
        assertFalse(WinogradConv.fits(ok, Epilogue.of(null, 3, 3), w, null), "a 3×3 pool");
        Conv2d strided = new Conv2d(16, Dims2.of(3, 3), Dims2.of(2, 2), Padding.of(1), Dims2.of(1, 1), 1, false);
        assertFalse(WinogradConv.fits(new ConvGeometry(strided, in, Shape.of(16, 4, 4)), Epilogue.NONE, w, null));
        Conv2d few = conv3x3(8, Padding.of(1));
        assertFalse(WinogradConv.fits(new ConvGeometry(few, in, Shape.of(8, 8, 8)), Epilogue.NONE, new float[8 * 16 * 9], null));
    }
}
