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
        if (wholeSample()) {
            needs.input((long) c * h * w).work((long) c * oh * ow);
        }
    }

    /**
     * A global average pool of one sample's {@code c} planes of {@code ip} floats in {@code x} → {@code y[0 … c)}:
     * each plane summed from 0 in row-major order, as the general loop sums it, four planes at a time so the
     * four chains of additions overlap instead of waiting on one another (the same values).
     */
    private void globalAverage(float[] x, float[] y, int ip) {
        float d = divisor[0];
        int p = 0;
        for (; p + 4 <= c; p += 4) {
            int b0 = p * ip;
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            for (int j = 0; j < ip; j++) {
                s0 += x[b0 + j];
                s1 += x[b0 + ip + j];
                s2 += x[b0 + 2 * ip + j];
                s3 += x[b0 + 3 * ip + j];
            }
            y[p] = s0 / d;
            y[p + 1] = s1 / d;
            y[p + 2] = s2 / d;
            y[p + 3] = s3 / d;
        }
        for (; p < c; p++) {
            float s0 = 0f;
            for (int j = 0; j < ip; j++) {
                s0 += x[p * ip + j];
            }
            y[p] = s0 / d;
        }
    }

    /** Most floats of a sample read in one bulk copy (and its outputs written in one). */
    static final int SAMPLE_FLOATS = 1 << 17;

    /**
     * Whether a sample's planes are read, and its outputs written, in one bulk copy each rather than plane
     * by plane: small samples (MobileNetV2's global average pool, 1280 planes of 7×7: 1280 copies of 49
     * floats in and 1280 of one float out), and a global average pool summing four planes at once
     * ({@link #globalAverage}).
     */
    private boolean wholeSample() {
        return (long) c * h * w <= SAMPLE_FLOATS;
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
        boolean whole = wholeSample() && x.length >= c * ip && y.length >= c * op;
        // one window over the whole plane, summed (MobileNetV2's and ResNet's last pool)
        boolean global = !max && op == 1 && r0[0] == 0 && r1[0] == h && c0[0] == 0 && c1[0] == w
                && rs == 1 && cs == 1;
        for (int i = first * c; i < planes; i++) {
            // the planes of sample i / c at x[(i % c) · ip], its outputs at y[(i % c) · op] when whole
            int xi = whole ? (i % c) * ip : 0;
            int yi = whole ? (i % c) * op : 0;
            if (!whole) {
                src.get(i * ip, x, 0, ip);
            } else if (i % c == 0) {
                src.get(i * ip, x, 0, c * ip);
                if (global) {
                    globalAverage(x, y, ip);
                    dst.put(i, y, 0, c);
                    i += c - 1;
                    continue;
                }
            }
            for (int yy = 0; yy < oh; yy++) {
                for (int xx = 0; xx < ow; xx++) {
                    float r;
                    if (max) {
                        r = Float.NEGATIVE_INFINITY;
                        window:
                        for (int a = r0[yy]; a < r1[yy]; a += rs) {
                            for (int b = c0[xx]; b < c1[xx]; b += cs) {
                                float v = x[xi + a * w + b];
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
                                s += x[xi + a * w + b];
                            }
                        }
                        r = s / divisor[yy * ow + xx];
                    }
                    y[yi + yy * ow + xx] = r;
                }
            }
            if (!whole) {
                dst.put(i * op, y, 0, op);
            } else if (i % c == c - 1) {
                dst.put((i - c + 1) * op, y, 0, c * op);
            }
        }
    }
}
