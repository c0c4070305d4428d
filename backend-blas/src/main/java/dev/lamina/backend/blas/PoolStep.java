package dev.lamina.backend.blas;

import dev.lamina.api.Dims2;
import dev.lamina.api.Padding;
import dev.lamina.api.Shape;

import java.nio.FloatBuffer;

/** Max and average pooling (PyTorch semantics), one plane at a time in Java. */
final class PoolStep extends Step {
    private final boolean max;
    private final int c;
    private final int h;
    private final int w;
    private final int oh;
    private final int ow;
    private final int kh;
    private final int kw;
    private final int sh;
    private final int sw;
    private final int ph;
    private final int pw;
    private final int in;
    private final int out;

    /** {@code max}: max-pool (padding as −∞), else average-pool (padding counted as zeros). */
    PoolStep(String name, boolean max, Dims2 k, Dims2 s, Padding p, Shape inShape, Shape outShape, int in, int out) {
        super(name);
        this.max = max;
        c = inShape.dim(0);
        h = inShape.dim(1);
        w = inShape.dim(2);
        oh = outShape.dim(1);
        ow = outShape.dim(2);
        kh = k.h();
        kw = k.w();
        sh = s.h();
        sw = s.w();
        ph = p.top();
        pw = p.left();
        this.in = in;
        this.out = out;
    }

    @Override
    void scratchNeeds(Scratch.Needs needs) {
        needs.input((long) h * w).work((long) oh * ow);
    }

    @Override
    void run(Workspace ws, Workspace.Lane lane, int first, int last, int threads) {
        FloatBuffer src = ws.bufs[in];
        FloatBuffer dst = ws.bufs[out];
        float[] x = lane.input;
        float[] y = lane.work;
        int planes = Math.multiplyExact(last, c);
        int ip = h * w;
        int op = oh * ow;
        float div = kh * kw;
        for (int i = first * c; i < planes; i++) {
            src.get(i * ip, x, 0, ip);
            for (int yy = 0; yy < oh; yy++) {
                int y0 = yy * sh - ph;
                int ya = Math.max(y0, 0);
                int yb = Math.min(y0 + kh, h);
                for (int xx = 0; xx < ow; xx++) {
                    int x0 = xx * sw - pw;
                    int xa = Math.max(x0, 0);
                    int xb = Math.min(x0 + kw, w);
                    float r;
                    if (max) {
                        r = Float.NEGATIVE_INFINITY;
                        for (int a = ya; a < yb; a++) {
                            for (int b = xa; b < xb; b++) {
                                float v = x[a * w + b];
                                if (v > r || v != v) {
                                    r = v;
                                }
                                if (r != r) {
                                    break;
                                }
                            }
                        }
                    } else {
                        float s = 0f;
                        for (int a = ya; a < yb; a++) {
                            for (int b = xa; b < xb; b++) {
                                s += x[a * w + b];
                            }
                        }
                        r = s / div;
                    }
                    y[yy * ow + xx] = r;
                }
            }
            dst.put(i * op, y, 0, op);
        }
    }
}
