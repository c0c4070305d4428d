package dev.lamina.backend.blas;

import dev.lamina.api.Dims2;
import dev.lamina.api.MaxPool2d;

/**
 * What a conv step does to each output channel after the GEMM, in the same pass: add the bias, then
 * optionally the ReLU and the max-pool that followed the conv in the graph (fused when nothing else reads
 * their inputs). {@code outH × outW} is the plane the step writes: the pool's output when fused, else the
 * conv's. Max commutes with the bias and with ReLU (both monotonic), so the raw values are pooled first.
 */
record Epilogue(boolean relu, MaxPool2d pool, int outH, int outW) {
    private static final Dims2 TWO = Dims2.of(2);

    /** {@code pool}: the fused max-pool, or null for none. */
    Epilogue {
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("epilogue output " + outH + "×" + outW);
        }
    }

    /** A fused 2×2 max-pool of stride 2 and no padding: each window is one 2×2 block. */
    boolean pool2x2() {
        return pool != null && pool.kernel().equals(TWO) && pool.stride().equals(TWO) && pool.padding().isZero() && !pool.ceilMode();
    }

    /** Floats in one output plane of the step. */
    int outPlane() {
        return outH * outW;
    }

    /**
     * One channel's conv output {@code src} ({@code hout × wout}, rows {@code stride} apart) → {@code dst}
     * ({@code outH × outW}, dense): bias {@code b} added, then ReLU and the pool when fused. Math.max
     * propagates NaN, as PyTorch's pool does.
     */
    void apply(ConvGeometry g, float[] src, int stride, float[] dst, float b) {
        int hout = g.hout();
        int wout = g.wout();
        if (pool == null) {
            for (int oh = 0; oh < hout; oh++) {
                int s = oh * stride;
                int d = oh * wout;
                if (relu) {
                    for (int ow = 0; ow < wout; ow++) {
                        dst[d + ow] = Math.max(src[s + ow] + b, 0f);
                    }
                } else {
                    for (int ow = 0; ow < wout; ow++) {
                        dst[d + ow] = src[s + ow] + b;
                    }
                }
            }
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
                    dst[d + ox] = relu ? Math.max(m + b, 0f) : m + b;
                }
            }
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
                float v = m + b;
                dst[oy * outW + ox] = relu ? Math.max(v, 0f) : v;
            }
        }
    }
}
