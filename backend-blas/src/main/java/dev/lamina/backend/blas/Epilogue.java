package dev.lamina.backend.blas;

import dev.lamina.api.Dims2;
import dev.lamina.api.MaxPool2d;

import java.util.Arrays;

/**
 * What a conv step does to each output channel after the GEMM, in the same pass: add the bias (a folded
 * BatchNorm's shift included), then optionally the activation and the max-pool that followed the conv in the
 * graph (fused when nothing else reads their inputs). {@code outH × outW} is the plane the step writes: the
 * pool's output when fused, else the conv's. Max commutes with the bias and with the activations a pool may
 * be fused after (piecewise linear, non-decreasing: {@link Activation#commutesWithMax}), so the raw values
 * are pooled first.
 *
 * @param act  the fused activation, or null for none
 * @param pool the fused max-pool (no dilation), or null for none
 */
record Epilogue(Activation act, MaxPool2d pool, int outH, int outW) {
    private static final Dims2 TWO = Dims2.of(2);
    private static final Dims2 ONE = Dims2.of(1);
    private static final Dims2 THREE = Dims2.of(3);

    Epilogue {
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("epilogue output " + outH + "×" + outW);
        }
        if (pool != null && !pool.dilation().equals(ONE)) {
            throw new IllegalArgumentException("a fused max-pool has no dilation, got " + pool.dilation());
        }
        if (pool != null && act != null && !act.commutesWithMax()) {
            throw new IllegalArgumentException("a max-pool is fused only after an activation it commutes with, not "
                    + act);
        }
    }

    /** Whether a max-pool may be fused after {@code act} (null: none) in this epilogue. */
    static boolean canPoolAfter(Activation act, MaxPool2d pool) {
        return pool.dilation().equals(ONE) && (act == null || act.commutesWithMax());
    }

    /** A fused 2×2 max-pool of stride 2 and no padding: each window is one 2×2 block. */
    boolean pool2x2() {
        return pool != null && pool.kernel().equals(TWO) && pool.stride().equals(TWO) && pool.padding().isZero()
                && !pool.ceilMode();
    }

    /** Floats in one output plane of the step. */
    int outPlane() {
        return outH * outW;
    }

    /**
     * One channel's conv output {@code src} ({@code hout × wout}, rows {@code stride} apart) → {@code dst}
     * ({@code outH × outW}, dense): bias {@code b} added, then the activation and the pool when fused.
     * Math.max propagates NaN, as PyTorch's pool does. {@code scratch}: at least {@link #scratch} floats.
     */
    void apply(ConvGeometry g, float[] src, int stride, float[] dst, float b, float[] scratch) {
        apply(g, src, 0, stride, dst, b, scratch);
    }

    /** {@link #apply} with the channel's output in {@code src} from {@code srcAt} on (read only). */
    void apply(ConvGeometry g, float[] src, int srcAt, int stride, float[] dst, float b, float[] scratch) {
        int hout = g.hout();
        int wout = g.wout();
        if (pool == null) {
            if (stride == wout) {
                System.arraycopy(src, srcAt, dst, 0, hout * wout);
            } else {
                for (int oh = 0; oh < hout; oh++) {
                    System.arraycopy(src, srcAt + oh * stride, dst, oh * wout, wout);
                }
            }
            finish(dst, 0, hout * wout, b);
            return;
        }
        if (pool2x2()) {
            // whole-range maxima, vectorised: V[i] = max(src[i], src[i + stride]) (each row with the next),
            // then H[i] = max(V[i], V[i + 1]); window (oy, ox) is H at 2·oy·stride + 2·ox, picked one by one
            int v = 2 * (outH - 1) * stride + 2 * outW;
            if (scratch.length < 2 * v) {
                throw new IllegalStateException("pool scratch too small (internal error)");
            }
            windowMaxima(src, srcAt, stride, v, scratch, scratch, v);
            for (int oy = 0; oy < outH; oy++) {
                int r = v + 2 * oy * stride;
                int d = oy * outW;
                for (int ox = 0; ox < outW; ox++) {
                    dst[d + ox] = scratch[r + 2 * ox];
                }
            }
            finish(dst, 0, outH * outW, b);
            return;
        }
        if (pool3x3s2(g)) {
            pool3x3s2(g, src, srcAt, stride, dst, scratch);
        } else {
            maxPool(g, src, srcAt, stride, dst, scratch);
        }
        finish(dst, 0, outH * outW, b);
    }

    /**
     * ResNet's stem pool: 3×3, stride 2, padding 1, floor mode, over an even map (each window's rows and
     * columns {@code 2o − 1 … 2o + 1}, only the first row and column of windows clipped by the padding).
     */
    private boolean pool3x3s2(ConvGeometry g) {
        return pool != null && pool.kernel().equals(THREE) && pool.stride().equals(TWO) && pool.padding().top() == 1
                && pool.padding().left() == 1 && pool.padding().bottom() == 1 && pool.padding().right() == 1
                && !pool.ceilMode() && g.hout() % 2 == 0 && g.wout() % 2 == 0 && outH == g.hout() / 2
                && outW == g.wout() / 2 && WHOLE_PLANE_POOL;
    }

    /**
     * Measuring switch: {@code -Dlamina.blas.pool3x3=false} runs the stem pool row by row (read once, when the
     * class loads: a plan sizes its scratch by the same choice).
     */
    static final String POOL_3X3 = "lamina.blas.pool3x3";
    private static final boolean WHOLE_PLANE_POOL = !"false".equals(System.getProperty(POOL_3X3));

    /**
     * {@link #pool3x3s2}'s pool over whole planes in a few calls, not a dozen per output row: each window row
     * triple reduced for all output rows at once ({@link JavaKernels#maxRowTriples}, into {@code V [outH ×
     * wout]}), {@code V} split into its even and odd columns in one go (a row's pairs never cross into the next,
     * {@code wout} being even), then {@code max(E[o], O[o], O[o − 1])} as two whole-range maxima — the second
     * shifted by one, which gives each row's first window its previous row's last odd column, so those are
     * set again to {@code max(E, O)}: their left column is padding. The same maxima as {@link #maxPool}.
     */
    private void pool3x3s2(ConvGeometry g, float[] src, int srcAt, int stride, float[] dst, float[] scratch) {
        JavaKernels k = JavaKernels.get();
        int wout = g.wout();
        int v = outH * wout;
        int n = outH * outW;
        int even = v;
        int odd = v + n;
        if (scratch.length < 2 * v) {
            throw new IllegalStateException("pool scratch too small (internal error)");
        }
        k.maxRowTriples(src, srcAt, stride, outH, wout, scratch, 0);
        k.deinterleave(scratch, 0, n, scratch, even, scratch, odd);
        System.arraycopy(scratch, even, dst, 0, n);
        k.max(dst, 0, scratch, odd, n);
        k.max(dst, 1, scratch, odd, n - 1);
        for (int r = 1; r < outH; r++) {
            int at = r * outW;
            dst[at] = Math.max(scratch[even + at], scratch[odd + at]);
        }
    }

    /**
     * The 2×2 windows' maxima over {@code src[0 … n−1]}, rows {@code stride} apart, vectorised:
     * {@code tmp[i] = max(src[i], src[i + stride])} (each row with the next) for {@code i < n}, then
     * {@code out[outAt + i] = max(tmp[i], tmp[i + 1])} for {@code i < n − 1} — the window whose top-left corner
     * is {@code i}. {@code out} may be {@code src} (read only for {@code tmp}); Math.max: NaN wins, +0 over −0.
     */
    static void windowMaxima(float[] src, int stride, int n, float[] tmp, float[] out, int outAt) {
        windowMaxima(src, 0, stride, n, tmp, out, outAt);
    }

    /** {@link #windowMaxima} over {@code src[srcAt …]}. */
    static void windowMaxima(float[] src, int srcAt, int stride, int n, float[] tmp, float[] out, int outAt) {
        JavaKernels k = JavaKernels.get();
        System.arraycopy(src, srcAt, tmp, 0, n);
        k.max(tmp, 0, src, srcAt + stride, n);
        System.arraycopy(tmp, 0, out, outAt, n - 1);
        k.max(out, outAt, tmp, 1, n - 1);
    }

    /**
     * Floats of heap scratch {@link #apply} needs for this conv: the general pool's rows, or the 2×2 pool's two
     * whole-plane maxima (rows at most the padded width apart); none without a pool.
     */
    int scratch(ConvGeometry g) {
        if (pool == null) {
            return 0;
        }
        if (pool2x2()) {
            return Math.multiplyExact(2, Math.multiplyExact(g.hout(), g.wp()));
        }
        if (pool3x3s2(g)) {
            // V [outH × wout], then its even and odd columns
            return Math.multiplyExact(2 * outH, g.wout());
        }
        return 2 * rowLength(g);
    }

    /** One conv row padded with −∞ for the pool's windows, rounded up to pairs. */
    private int rowLength(ConvGeometry g) {
        int len = Math.max((outW - 1) * pool.stride().w() + pool.kernel().w(), pool.padding().left() + g.wout());
        return len + (len & 1);
    }

    /**
     * Any other max-pool (no dilation), separable, output row by output row: the rows its windows cover
     * reduced first ({@code V[x] = max over y of src[y][x]}, the rows clipped to the map), into a row padded
     * with −∞ on both sides, then {@code V} along the windows ({@code dst[oy][ox] = max over c of
     * V[ox·sw + c]}, a stride-2 row deinterleaved first so every tap is a contiguous slice). Vertical first,
     * each conv row is read once per window row that covers it, and the horizontal pass runs on {@code outH}
     * rows, not {@code hout}. Math.max is commutative and associative (NaN wins, +0 over −0), so this equals
     * the max over each window in any order; a window entirely in the padding gives −∞, as before clipping.
     */
    private void maxPool(ConvGeometry g, float[] src, int srcAt, int stride, float[] dst, float[] scratch) {
        JavaKernels k = JavaKernels.get();
        int hout = g.hout();
        int wout = g.wout();
        int kh = pool.kernel().h();
        int kw = pool.kernel().w();
        int sh = pool.stride().h();
        int sw = pool.stride().w();
        int ph = pool.padding().top();
        int pw = pool.padding().left();
        int len = rowLength(g);
        int even = len;
        int odd = even + len / 2;
        if (scratch.length < 2 * len) {
            throw new IllegalStateException("pool scratch too small (internal error)");
        }
        for (int oy = 0; oy < outH; oy++) {
            int y0 = oy * sh - ph;
            int ya = Math.max(y0, 0);
            int yb = Math.min(y0 + kh, hout);
            int d = oy * outW;
            if (ya >= yb) {
                Arrays.fill(dst, d, d + outW, Float.NEGATIVE_INFINITY);
                continue;
            }
            Arrays.fill(scratch, 0, pw, Float.NEGATIVE_INFINITY);
            System.arraycopy(src, srcAt + ya * stride, scratch, pw, wout);
            for (int y = ya + 1; y < yb; y++) {
                k.max(scratch, pw, src, srcAt + y * stride, wout);
            }
            Arrays.fill(scratch, pw + wout, len, Float.NEGATIVE_INFINITY);
            if (sw == 1) {
                System.arraycopy(scratch, 0, dst, d, outW);
                for (int c = 1; c < kw; c++) {
                    k.max(dst, d, scratch, c, outW);
                }
            } else if (sw == 2) {
                // tap c of window ox is V[2·ox + c]: the even half at ox + c/2, or the odd half
                k.deinterleave(scratch, 0, len / 2, scratch, even, scratch, odd);
                System.arraycopy(scratch, even, dst, d, outW);
                for (int c = 1; c < kw; c++) {
                    k.max(dst, d, scratch, ((c & 1) == 0 ? even : odd) + c / 2, outW);
                }
            } else {
                for (int ox = 0; ox < outW; ox++) {
                    float m = scratch[ox * sw];
                    for (int c = 1; c < kw; c++) {
                        m = Math.max(m, scratch[ox * sw + c]);
                    }
                    dst[d + ox] = m;
                }
            }
        }
    }

    /**
     * In place over {@code a[from … to−1]}: the bias added, then the fused activation if any — one pass, every
     * array read at the loop index (the form C2 vectorises).
     */
    void finish(float[] a, int from, int to, float b) {
        if (act != null) {
            act.apply(a, from, to, b);
        } else {
            for (int i = from; i < to; i++) {
                a[i] += b;
            }
        }
    }
}
