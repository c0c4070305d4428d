package dev.lamina.backend.blas;

import dev.lamina.api.Dims2;
import dev.lamina.api.MaxPool2d;

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
     * Math.max propagates NaN, as PyTorch's pool does.
     */
    void apply(ConvGeometry g, float[] src, int stride, float[] dst, float b) {
        int hout = g.hout();
        int wout = g.wout();
        if (pool == null) {
            if (stride == wout) {
                System.arraycopy(src, 0, dst, 0, hout * wout);
            } else {
                for (int oh = 0; oh < hout; oh++) {
                    System.arraycopy(src, oh * stride, dst, oh * wout, wout);
                }
            }
            finish(dst, 0, hout * wout, b);
            return;
        }
        if (pool2x2()) {
            for (int oy = 0; oy < outH; oy++) {
                int r0 = 2 * oy * stride;
                int r1 = r0 + stride;
                int d = oy * outW;
                for (int ox = 0; ox < outW; ox++) {
                    int x = 2 * ox;
                    float m = Math.max(Math.max(src[r0 + x], src[r0 + x + 1]), Math.max(src[r1 + x], src[r1 + x + 1]));
                    dst[d + ox] = m;
                }
            }
            finish(dst, 0, outH * outW, b);
            return;
        }
        int poolKh = pool.kernel().h();
        int poolKw = pool.kernel().w();
        int poolSh = pool.stride().h();
        int poolSw = pool.stride().w();
        int poolPh = pool.padding().top();
        int poolPw = pool.padding().left();
        for (int oy = 0; oy < outH; oy++) {
            int y0 = oy * poolSh - poolPh;
            int ya = Math.max(y0, 0);
            int yb = Math.min(y0 + poolKh, hout);
            for (int ox = 0; ox < outW; ox++) {
                int x0 = ox * poolSw - poolPw;
                int xa = Math.max(x0, 0);
                int xb = Math.min(x0 + poolKw, wout);
                float m = Float.NEGATIVE_INFINITY;
                for (int yy = ya; yy < yb; yy++) {
                    int r = yy * stride;
                    for (int xx = xa; xx < xb; xx++) {
                        m = Math.max(m, src[r + xx]);
                    }
                }
                dst[oy * outW + ox] = m;
            }
        }
        finish(dst, 0, outH * outW, b);
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
