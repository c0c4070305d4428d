package dev.lamina.backend.tornadovm;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The device kernels, in TornadoVM's Java: each is a static method that TornadoVM compiles for the device
 * (OpenCL C, PTX or SPIR-V) and that also runs as ordinary Java, which is how the tests check their logic
 * without a device. Every tensor is a dense row-major {@link FloatArray} holding the whole batch (NCHW).
 *
 * <p>Rules the code keeps so that TornadoVM can compile it: no allocation, no exceptions, no calls but to
 * {@code FloatArray}, {@code TornadoMath}, {@code Math.min/max} and the static helpers here (inlined).
 * TornadoVM inlines helpers only up to 600 graph nodes, which is why the convolution's body is not a helper.
 * A method's name becomes the kernel's name in the device code, so it must not be the name of a device
 * built-in: a kernel named {@code tanh} that calls OpenCL's {@code tanh} fails to load
 * ({@code CL_INVALID_KERNEL_NAME}), and TornadoVM then crashes the JVM in native code.
 * Scalar arguments are specialised by TornadoVM as constants of the task (a plan exists per batch size,
 * so they are), which lets the device compiler unroll small kernel windows. Semantics are PyTorch's,
 * special values included, which is why the plan compiles without {@code -cl-fast-relaxed-math}, and why
 * every NaN-sensitive choice is written {@code v > m || v != v}: TornadoVM may turn a comparison into its
 * negation without the unordered case, so {@code !(v <= m)} is not a safe way to say "greater or NaN".
 *
 * <p>{@code @Parallel} loops cover one output value per iteration (the loop becomes the device's global
 * index space). Dense layers with long rows use {@link #denseGroup}, a {@link KernelContext} kernel with
 * one work-group per output and a reduction in local memory.
 */
final class Kernels {
    /** Work-group size of {@link #denseGroup}: a power of two, and a constant (local memory is sized by it). */
    static final int DENSE_GROUP = 128;
    /** Filters per iteration of {@link #conv2dBlocked} (its eight accumulators are written out by hand). */
    static final int CONV_BLOCK = 8;

    private Kernels() {
    }

    /**
     * {@code nn.Conv2d} (cross-correlation, zero padding, groups 1), blocked over filters: each iteration
     * computes {@link #CONV_BLOCK} filters at one output position, so every input value loaded serves
     * {@value #CONV_BLOCK} multiply-adds (on PoCL this is 15× faster than one output per iteration). The
     * weights come repacked by {@link #packConvWeights} ({@code [filter block][c][ky][kx][lane]}, the last
     * block zero-padded): the lanes of a tap are adjacent, and the same for every position, so on a GPU a
     * warp reads them once, and on a CPU device they are broadcast. Padding is branch-free: the load always
     * hits a valid index and a select replaces it with 0 outside the input (never a multiplication, which
     * would turn a NaN elsewhere into padding). {@code items} = batch × filter blocks × outH × outW;
     * {@code bias} is 1 when {@code b} holds a bias per filter, 0 when {@code b} is a placeholder.
     */
    static void conv2dBlocked(FloatArray x, FloatArray w, FloatArray b, FloatArray y,
                              int channels, int height, int width, int filters, int outH, int outW,
                              int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, int bias, int items) {
        for (@Parallel int i = 0; i < items; i++) {
            int ox = i % outW;
            int t = i / outW;
            int oy = t % outH;
            t = t / outH;
            int blocks = (filters + CONV_BLOCK - 1) / CONV_BLOCK;
            int fb = t % blocks;
            int n = t / blocks;
            int y0 = oy * sh - ph;
            int x0 = ox * sw - pw;
            float a0 = 0f;
            float a1 = 0f;
            float a2 = 0f;
            float a3 = 0f;
            float a4 = 0f;
            float a5 = 0f;
            float a6 = 0f;
            float a7 = 0f;
            for (int c = 0; c < channels; c++) {
                int plane = (n * channels + c) * height;
                int taps = (fb * channels + c) * kh * kw * CONV_BLOCK;
                for (int ky = 0; ky < kh; ky++) {
                    int iy = y0 + ky * dh;
                    boolean rowInside = iy >= 0 && iy < height;
                    int row = (plane + Math.min(Math.max(iy, 0), height - 1)) * width;
                    for (int kx = 0; kx < kw; kx++) {
                        int ix = x0 + kx * dw;
                        boolean inside = rowInside && ix >= 0 && ix < width;
                        float loaded = x.get(row + Math.min(Math.max(ix, 0), width - 1));
                        float v = inside ? loaded : 0f;
                        int k = taps + (ky * kw + kx) * CONV_BLOCK;
                        a0 += v * w.get(k);
                        a1 += v * w.get(k + 1);
                        a2 += v * w.get(k + 2);
                        a3 += v * w.get(k + 3);
                        a4 += v * w.get(k + 4);
                        a5 += v * w.get(k + 5);
                        a6 += v * w.get(k + 6);
                        a7 += v * w.get(k + 7);
                    }
                }
            }
            int f = fb * CONV_BLOCK;
            int plane = outH * outW;
            int at = ((n * filters + f) * outH + oy) * outW + ox;
            storeConv(y, b, at, f, filters, bias, a0);
            storeConv(y, b, at + plane, f + 1, filters, bias, a1);
            storeConv(y, b, at + 2 * plane, f + 2, filters, bias, a2);
            storeConv(y, b, at + 3 * plane, f + 3, filters, bias, a3);
            storeConv(y, b, at + 4 * plane, f + 4, filters, bias, a4);
            storeConv(y, b, at + 5 * plane, f + 5, filters, bias, a5);
            storeConv(y, b, at + 6 * plane, f + 6, filters, bias, a6);
            storeConv(y, b, at + 7 * plane, f + 7, filters, bias, a7);
        }
    }

    private static void storeConv(FloatArray y, FloatArray b, int at, int f, int filters, int bias, float acc) {
        if (f < filters) {
            y.set(at, bias == 1 ? acc + b.get(f) : acc);
        }
    }

    /**
     * Conv weights {@code [filters, c, kh, kw]} repacked for {@link #conv2dBlocked}: {@code [filter block][c]
     * [kh][kw][CONV_BLOCK]}, zeros for the filters past the last.
     */
    static float[] packConvWeights(float[] w, int filters, int taps) {
        int blocks = (filters + CONV_BLOCK - 1) / CONV_BLOCK;
        float[] packed = new float[blocks * taps * CONV_BLOCK];
        for (int f = 0; f < filters; f++) {
            int block = f / CONV_BLOCK;
            int lane = f % CONV_BLOCK;
            for (int k = 0; k < taps; k++) {
                packed[(block * taps + k) * CONV_BLOCK + lane] = w[f * taps + k];
            }
        }
        return packed;
    }

    /**
     * {@code nn.MaxPool2d} ({@code ceil_mode=False}): padding is skipped (acts as −∞; a window always holds
     * an input, padding being at most half the kernel), and a NaN in the window wins.
     */
    static void maxPool(FloatArray x, FloatArray y, int height, int width, int outH, int outW,
                        int kh, int kw, int sh, int sw, int ph, int pw) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            int ox = i % outW;
            int t = i / outW;
            int oy = t % outH;
            int p = t / outH;
            int ys = oy * sh - ph;
            int xs = ox * sw - pw;
            int y1 = Math.min(ys + kh, height);
            int x1 = Math.min(xs + kw, width);
            float m = Float.NEGATIVE_INFINITY;
            for (int iy = Math.max(ys, 0); iy < y1; iy++) {
                int row = (p * height + iy) * width;
                for (int ix = Math.max(xs, 0); ix < x1; ix++) {
                    float v = x.get(row + ix);
                    if (v > m || v != v) {
                        m = v;
                    }
                }
            }
            y.set(i, m);
        }
    }

    /**
     * {@code nn.AvgPool2d} ({@code ceil_mode=False, count_include_pad=True}): padding adds zero but counts,
     * so every window divides by kh·kw.
     */
    static void avgPool(FloatArray x, FloatArray y, int height, int width, int outH, int outW,
                        int kh, int kw, int sh, int sw, int ph, int pw) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            int ox = i % outW;
            int t = i / outW;
            int oy = t % outH;
            int p = t / outH;
            int ys = oy * sh - ph;
            int xs = ox * sw - pw;
            int y1 = Math.min(ys + kh, height);
            int x1 = Math.min(xs + kw, width);
            float sum = 0f;
            for (int iy = Math.max(ys, 0); iy < y1; iy++) {
                int row = (p * height + iy) * width;
                for (int ix = Math.max(xs, 0); ix < x1; ix++) {
                    sum += x.get(row + ix);
                }
            }
            y.set(i, sum / (kh * kw));
        }
    }

    /**
     * max(0, x); NaN stays NaN, −0 becomes +0. Written with an explicit NaN test: TornadoVM compiles
     * {@code v <= 0 ? 0 : v} to {@code 0 < v ? v : 0}, which turns NaN into 0 (and OpenCL's {@code fmax}
     * would too).
     */
    static void relu(FloatArray x, FloatArray y) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            float v = x.get(i);
            y.set(i, v > 0f || v != v ? v : 0f);
        }
    }

    /** 1 / (1 + e^−x), with the exponent always of −|x| so it never overflows; NaN stays NaN. */
    static void sigmoid(FloatArray x, FloatArray y) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            float v = x.get(i);
            float r;
            if (v >= 0f) {
                r = 1f / (1f + TornadoMath.exp(-v));
            } else {
                float e = TornadoMath.exp(v);
                r = e / (1f + e);
            }
            y.set(i, r);
        }
    }

    /** tanh; not named {@code tanh}, which is OpenCL's built-in (see above). */
    static void hyperbolicTangent(FloatArray x, FloatArray y) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            y.set(i, TornadoMath.tanh(x.get(i)));
        }
    }

    /**
     * Softmax over the first per-sample axis ({@code axis} values {@code inner} apart), one slice per
     * iteration: {@code rows} = batch × inner. The maximum is subtracted first; NaN anywhere in a slice (or
     * +∞, through ∞ − ∞) makes the slice NaN, as in PyTorch.
     */
    static void softmax(FloatArray x, FloatArray y, int axis, int inner, int rows) {
        for (@Parallel int r = 0; r < rows; r++) {
            int n = r / inner;
            int first = n * axis * inner + (r - n * inner);
            float m = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < axis; c++) {
                float v = x.get(first + c * inner);
                if (v > m || v != v) {
                    m = v;
                }
            }
            float sum = 0f;
            for (int c = 0; c < axis; c++) {
                int at = first + c * inner;
                float e = TornadoMath.exp(x.get(at) - m);
                y.set(at, e);
                sum += e;
            }
            for (int c = 0; c < axis; c++) {
                int at = first + c * inner;
                y.set(at, y.get(at) / sum);
            }
        }
    }

    /** {@code nn.Linear}, y = x·Wᵀ (+ b), W {@code [units, features]}: one output per iteration. */
    static void dense(FloatArray x, FloatArray w, FloatArray b, FloatArray y, int features, int units, int bias) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            int n = i / units;
            int u = i - n * units;
            int xs = n * features;
            int ws = u * features;
            float acc = 0f;
            for (int k = 0; k < features; k++) {
                acc += x.get(xs + k) * w.get(ws + k);
            }
            y.set(i, bias == 1 ? acc + b.get(u) : acc);
        }
    }

    /**
     * {@code nn.Linear} for long rows: one work-group of {@link #DENSE_GROUP} threads per output value. Each
     * thread sums a strided share of the row (neighbouring threads read neighbouring values), then the
     * group adds the partial sums up in local memory. Launch with global size outputs × DENSE_GROUP and
     * local size DENSE_GROUP.
     */
    static void denseGroup(KernelContext kc, FloatArray x, FloatArray w, FloatArray b, FloatArray y,
                           int features, int units, int bias) {
        int lid = kc.localIdx;
        int out = kc.groupIdx;
        int n = out / units;
        int u = out - n * units;
        int xs = n * features;
        int ws = u * features;
        float[] partial = kc.allocateFloatLocalArray(DENSE_GROUP);
        float acc = 0f;
        for (int k = lid; k < features; k += DENSE_GROUP) {
            acc += x.get(xs + k) * w.get(ws + k);
        }
        partial[lid] = acc;
        for (int s = DENSE_GROUP / 2; s > 0; s /= 2) {
            kc.localBarrier();
            if (lid < s) {
                partial[lid] += partial[lid + s];
            }
        }
        if (lid == 0) {
            y.set(out, bias == 1 ? partial[0] + b.get(u) : partial[0]);
        }
    }

    /** y = a + b, element-wise. */
    static void add(FloatArray a, FloatArray b, FloatArray y) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            y.set(i, a.get(i) + b.get(i));
        }
    }

    /** y += c, element-wise: the third and later inputs of an add, summed left to right as PyTorch does. */
    static void accumulate(FloatArray y, FloatArray c) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            y.set(i, y.get(i) + c.get(i));
        }
    }

    /**
     * One input of a channel concatenation: each sample's {@code srcSample} values go to
     * {@code offset .. offset + srcSample} of the output sample, which holds {@code dstSample} values.
     */
    static void concatInto(FloatArray x, FloatArray y, int srcSample, int dstSample, int offset) {
        for (@Parallel int i = 0; i < x.getSize(); i++) {
            int n = i / srcSample;
            y.set(n * dstSample + offset + (i - n * srcSample), x.get(i));
        }
    }

    /**
     * The probe's canary: a {@link KernelContext} kernel, so a silent fallback to sequential Java (where
     * every thread index is 0) cannot pass for a device run.
     */
    static void canary(KernelContext kc, IntArray out) {
        int i = kc.globalIdx;
        out.set(i, 3 * i + 1);
    }
}
