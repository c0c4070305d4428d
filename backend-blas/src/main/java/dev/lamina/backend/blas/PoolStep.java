package dev.lamina.backend.blas;

import dev.lamina.api.AdaptiveAvgPool2d;
import dev.lamina.api.AdaptiveMaxPool2d;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Shape;
import dev.lamina.spi.Node;

import java.nio.FloatBuffer;

/**
 * Max and average pooling, fixed-window and adaptive, with PyTorch's semantics, one plane at a time in Java.
 * Where each window lies is worked out once per axis ({@link Axis}), so the loops do no clipping: max
 * pooling reads the window's taps inside the input (padding acts as −∞; NaN wins, as in PyTorch), average
 * pooling sums them in float, row by row, and divides by PyTorch's divisor.
 */
final class PoolStep extends Step {
    /**
     * One axis of the windows: output {@code o} reads input positions {@code first[o], first[o] + step, …}
     * below {@code end[o]}, and {@code span[o]} is how many positions it covers counting padding.
     */
    record Axis(int[] first, int[] end, int[] span, int step) {
        /**
         * {@code kernel} taps {@code dilation} apart, the first at {@code o·stride − before}; the span counting
         * padding ends at {@code min(start + kernel, input + after)}, PyTorch's rule (a window that ceil_mode
         * lets run past the padding does not count the overhang).
         */
        static Axis window(int outputs, int input, int kernel, int stride, int before, int after, int dilation) {
            int[] first = new int[outputs];
            int[] end = new int[outputs];
            int[] span = new int[outputs];
            for (int o = 0; o < outputs; o++) {
                int start = o * stride - before;
                // skip the taps in the leading padding: the first one at or after 0 on the dilation grid
                first[o] = start >= 0 ? start : start + (-start + dilation - 1) / dilation * dilation;
                end[o] = Math.min(start + (kernel - 1) * dilation + 1, input);
                span[o] = Math.min(start + kernel, input + after) - start;
            }
            return new Axis(first, end, span, dilation);
        }

        /** Adaptive window {@code o}: {@code [floor(o·in/out), ceil((o+1)·in/out))}, no padding. */
        static Axis adaptive(int outputs, int input) {
            int[] first = new int[outputs];
            int[] end = new int[outputs];
            for (int o = 0; o < outputs; o++) {
                first[o] = (int) ((long) o * input / outputs);
                end[o] = (int) (((long) (o + 1) * input + outputs - 1) / outputs);
            }
            int[] span = new int[outputs];
            for (int o = 0; o < outputs; o++) {
                span[o] = end[o] - first[o];
            }
            return new Axis(first, end, span, 1);
        }

        /** Input positions window {@code o} reads (step 1). */
        int count(int o) {
            return Math.max(0, end[o] - first[o]);
        }
    }

    private final boolean max;
    private final int c;
    private final int h;
    private final int w;
    private final int oh;
    private final int ow;
    private final Axis rows;
    private final Axis cols;
    /** Average pools: the divisor of window (y, x) at {@code y·ow + x}; null for max pools. */
    private final float[] divisor;
    private final int in;
    private final int out;

    private PoolStep(Node node, boolean max, Axis rows, Axis cols, boolean countPadding, int in, int out) {
        super(node.name());
        this.max = max;
        Shape inShape = node.inputShape();
        Shape outShape = node.outputShape();
        c = inShape.dim(0);
        h = inShape.dim(1);
        w = inShape.dim(2);
        oh = outShape.dim(1);
        ow = outShape.dim(2);
        this.rows = rows;
        this.cols = cols;
        this.in = in;
        this.out = out;
        if (max) {
            divisor = null;
        } else {
            divisor = new float[oh * ow];
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    divisor[y * ow + x] = countPadding ? (float) rows.span()[y] * cols.span()[x]
                            : (float) rows.count(y) * cols.count(x);
                }
            }
        }
    }

    static PoolStep max(Node node, MaxPool2d p, int in, int out) {
        Shape i = node.inputShape();
        Shape o = node.outputShape();
        return new PoolStep(node, true,
                Axis.window(o.dim(1), i.dim(1), p.kernel().h(), p.stride().h(), p.padding().top(),
                        p.padding().bottom(), p.dilation().h()),
                Axis.window(o.dim(2), i.dim(2), p.kernel().w(), p.stride().w(), p.padding().left(),
                        p.padding().right(), p.dilation().w()), false, in, out);
    }

    static PoolStep avg(Node node, AvgPool2d p, int in, int out) {
        Shape i = node.inputShape();
        Shape o = node.outputShape();
        return new PoolStep(node, false,
                Axis.window(o.dim(1), i.dim(1), p.kernel().h(), p.stride().h(), p.padding().top(),
                        p.padding().bottom(), 1),
                Axis.window(o.dim(2), i.dim(2), p.kernel().w(), p.stride().w(), p.padding().left(),
                        p.padding().right(), 1), p.countIncludePad(), in, out);
    }

    static PoolStep adaptiveMax(Node node, AdaptiveMaxPool2d p, int in, int out) {
        Shape i = node.inputShape();
        return new PoolStep(node, true, Axis.adaptive(p.output().h(), i.dim(1)),
                Axis.adaptive(p.output().w(), i.dim(2)),
                false, in, out);
    }

    static PoolStep adaptiveAvg(Node node, AdaptiveAvgPool2d p, int in, int out) {
        Shape i = node.inputShape();
        return new PoolStep(node, false, Axis.adaptive(p.output().h(), i.dim(1)),
                Axis.adaptive(p.output().w(), i.dim(2)),
                false, in, out);
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
        int[] r0 = rows.first();
        int[] r1 = rows.end();
        int[] c0 = cols.first();
        int[] c1 = cols.end();
        int rs = rows.step();
        int cs = cols.step();
        for (int i = first * c; i < planes; i++) {
            src.get(i * ip, x, 0, ip);
            for (int yy = 0; yy < oh; yy++) {
                for (int xx = 0; xx < ow; xx++) {
                    float r;
                    if (max) {
                        r = Float.NEGATIVE_INFINITY;
                        window:
                        for (int a = r0[yy]; a < r1[yy]; a += rs) {
                            for (int b = c0[xx]; b < c1[xx]; b += cs) {
                                float v = x[a * w + b];
                                if (v > r || v != v) {
                                    r = v;
                                    if (v != v) {
                                        break window;
                                    }
                                }
                            }
                        }
                    } else {
                        float s = 0f;
                        for (int a = r0[yy]; a < r1[yy]; a++) {
                            for (int b = c0[xx]; b < c1[xx]; b++) {
                                s += x[a * w + b];
                            }
                        }
                        r = s / divisor[yy * ow + xx];
                    }
                    y[yy * ow + xx] = r;
                }
            }
            dst.put(i * op, y, 0, op);
        }
    }
}
