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
    /** √½, 2/√π, 1/√π and √(2/π) rounded to float (compile-time constants, folded into the kernels). */
    private static final float SQRT_HALF = 0.70710677f;
    private static final float TWO_OVER_SQRT_PI = 1.1283792f;
    private static final float ONE_OVER_SQRT_PI = 0.5641896f;
    private static final float SQRT_TWO_OVER_PI = 0.7978846f;
    /** Below this, erf by its series; from it on, erfc by its continued fraction. */
    private static final float ERF_SPLIT = 1f;

    private Kernels() {
    }

    /**
     * {@code nn.Conv2d} (cross-correlation, zero padding, any groups), blocked over filters: each iteration
     * computes {@link #CONV_BLOCK} filters of one group at one output position, so every input value loaded
     * serves {@value #CONV_BLOCK} multiply-adds (on PoCL this is 15× faster than one output per iteration).
     * The weights come repacked by {@link #packConvWeights} ({@code [group][filter block][c][ky][kx][lane]},
     * each group's last block zero-padded): the lanes of a tap are adjacent, and the same for every position,
     * so on a GPU a warp reads them once, and on a CPU device they are broadcast. A block never spans two
     * groups, so grouped convolutions use it when each group has a multiple of {@value #CONV_BLOCK} filters
     * (and ungrouped ones always); others use {@link #conv2dGrouped}. Padding is branch-free: the load always
     * hits a valid index and a select replaces it with 0 outside the input (never a multiplication, which
     * would turn a NaN elsewhere into padding); only the top and left padding place the windows, the bottom
     * and right only set how many there are ({@code outH}, {@code outW}). {@code b} always holds one bias per
     * filter (zeros for a conv without bias: adding +0 changes no sum, which is never −0, starting at +0).
     * {@code items} = batch × groups × blocks per group × outH × outW. The products are added in the order
     * channel, row, column of the group's input, as PyTorch's direct convolution does.
     */
    static void conv2dBlocked(FloatArray x, FloatArray w, FloatArray b, FloatArray y,
                              int groupChannels, int groups, int groupFilters, int height, int width, int outH,
                              int outW, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, int items) {
        for (@Parallel int i = 0; i < items; i++) {
            int ox = i % outW;
            int t = i / outW;
            int oy = t % outH;
            t = t / outH;
            int groupBlocks = (groupFilters + CONV_BLOCK - 1) / CONV_BLOCK;
            int blocks = groups * groupBlocks;
            int fb = t % blocks;
            int n = t / blocks;
            int g = fb / groupBlocks;
            int first = (fb - g * groupBlocks) * CONV_BLOCK;
            int channels = groups * groupChannels;
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
            for (int c = 0; c < groupChannels; c++) {
                int plane = (n * channels + g * groupChannels + c) * height;
                int taps = (fb * groupChannels + c) * kh * kw * CONV_BLOCK;
                for (int ky = 0; ky < kh; ky++) {
                    int iy = y0 + ky * dh;
                    boolean rowInside = iy >= 0 && iy < height;
                    int row = (plane + Math.min(Math.max(iy, 0), height - 1)) * width;
                    for (int kx = 0; kx < kw; kx++) {
                        float v = paddedTap(x, row, x0 + kx * dw, width, rowInside);
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
            int f = g * groupFilters + first;
            int plane = outH * outW;
            int at = ((n * groups * groupFilters + f) * outH + oy) * outW + ox;
            storeConv(y, b, at, f, first, groupFilters, a0);
            storeConv(y, b, at + plane, f + 1, first + 1, groupFilters, a1);
            storeConv(y, b, at + 2 * plane, f + 2, first + 2, groupFilters, a2);
            storeConv(y, b, at + 3 * plane, f + 3, first + 3, groupFilters, a3);
            storeConv(y, b, at + 4 * plane, f + 4, first + 4, groupFilters, a4);
            storeConv(y, b, at + 5 * plane, f + 5, first + 5, groupFilters, a5);
            storeConv(y, b, at + 6 * plane, f + 6, first + 6, groupFilters, a6);
            storeConv(y, b, at + 7 * plane, f + 7, first + 7, groupFilters, a7);
        }
    }

    /**
     * The value at column {@code ix} of the input row starting at {@code row}, or +0 when {@code ix} lies
     * outside [0, width) or the row outside the input ({@code rowInside} false, {@code row} then clamped to
     * a valid one): branch-free, the load always hits a valid index and a select replaces it. A small helper,
     * so TornadoVM inlines it (it inlines up to 600 graph nodes).
     */
    private static float paddedTap(FloatArray x, int row, int ix, int width, boolean rowInside) {
        boolean inside = rowInside && ix >= 0 && ix < width;
        float loaded = x.get(row + Math.min(Math.max(ix, 0), width - 1));
        return inside ? loaded : 0f;
    }

    /** Stores lane {@code inGroup} of a filter block (filter {@code f}) unless it lies past its group's filters. */
    private static void storeConv(FloatArray y, FloatArray b, int at, int f, int inGroup, int groupFilters, float acc) {
        if (inGroup < groupFilters) {
            y.set(at, acc + b.get(f));
        }
    }

    /**
     * Conv weights {@code [filters, groupChannels, kh, kw]} (PyTorch's layout, {@code taps} = groupChannels ×
     * kh × kw per filter) repacked for {@link #conv2dBlocked}: {@code [group][filter block][c][kh][kw]
     * [CONV_BLOCK]}, zeros for the lanes past each group's last filter.
     */
    static float[] packConvWeights(float[] w, int groups, int groupFilters, int taps) {
        int groupBlocks = (groupFilters + CONV_BLOCK - 1) / CONV_BLOCK;
        float[] packed = new float[Math.multiplyExact(Math.multiplyExact(groups * groupBlocks, taps), CONV_BLOCK)];
        for (int f = 0; f < groups * groupFilters; f++) {
            int g = f / groupFilters;
            int j = f % groupFilters;
            int block = g * groupBlocks + j / CONV_BLOCK;
            int lane = j % CONV_BLOCK;
            for (int k = 0; k < taps; k++) {
                packed[(block * taps + k) * CONV_BLOCK + lane] = w[f * taps + k];
            }
        }
        return packed;
    }

    /**
     * {@code nn.Conv2d} with groups whose filter count is not a multiple of {@link #CONV_BLOCK} — depthwise
     * (one filter per group) above all: one output per iteration, reading PyTorch's weight layout
     * {@code [filters, groupChannels, kh, kw]} directly. Memory-bound as depthwise convolutions are: each
     * output reads its kh × kw window of one channel (groupChannels channels), no im2col or GEMM. Same
     * padding, summation order and bias as {@link #conv2dBlocked}.
     */
    static void conv2dGrouped(FloatArray x, FloatArray w, FloatArray b, FloatArray y,
                              int groupChannels, int groups, int groupFilters, int height, int width, int outH,
                              int outW, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            int ox = i % outW;
            int t = i / outW;
            int oy = t % outH;
            t = t / outH;
            int filters = groups * groupFilters;
            int f = t % filters;
            int n = t / filters;
            int g = f / groupFilters;
            int channels = groups * groupChannels;
            int y0 = oy * sh - ph;
            int x0 = ox * sw - pw;
            float acc = 0f;
            for (int c = 0; c < groupChannels; c++) {
                int plane = (n * channels + g * groupChannels + c) * height;
                int taps = (f * groupChannels + c) * kh * kw;
                for (int ky = 0; ky < kh; ky++) {
                    int iy = y0 + ky * dh;
                    boolean rowInside = iy >= 0 && iy < height;
                    int row = (plane + Math.min(Math.max(iy, 0), height - 1)) * width;
                    for (int kx = 0; kx < kw; kx++) {
                        float v = paddedTap(x, row, x0 + kx * dw, width, rowInside);
                        acc += v * w.get(taps + ky * kw + kx);
                    }
                }
            }
            y.set(i, acc + b.get(f));
        }
    }

    /**
     * {@code nn.MaxPool2d} (any padding, dilation and ceil_mode: the output size says how many windows
     * there are; window (oy, ox) starts at {@code (oy·sh − top, ox·sw − left)} and has kh × kw taps
     * {@code dh}, {@code dw} apart). Padding is skipped (acts as −∞; the layer guarantees every window holds
     * an input), and a NaN in the window wins.
     */
    static void maxPool(FloatArray x, FloatArray y, int height, int width, int outH, int outW,
                        int kh, int kw, int sh, int sw, int top, int left, int dh, int dw) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            int ox = i % outW;
            int t = i / outW;
            int oy = t % outH;
            int p = t / outH;
            int ys = oy * sh - top;
            int xs = ox * sw - left;
            float m = Float.NEGATIVE_INFINITY;
            for (int ky = 0; ky < kh; ky++) {
                int iy = ys + ky * dh;
                if (iy >= 0 && iy < height) {
                    int row = (p * height + iy) * width;
                    for (int kx = 0; kx < kw; kx++) {
                        int ix = xs + kx * dw;
                        if (ix >= 0 && ix < width) {
                            float v = x.get(row + ix);
                            if (v > m || v != v) {
                                m = v;
                            }
                        }
                    }
                }
            }
            y.set(i, m);
        }
    }

    /**
     * {@code nn.AvgPool2d} (any padding and ceil_mode): the window's inputs summed in float row by row, then
     * divided once. The divisor is PyTorch's: with {@code countPad} = 1 ({@code count_include_pad=True}) the
     * window clipped to the padded input, rows {@code [ys, min(ys + kh, rowLimit))} with {@code rowLimit} =
     * height + bottom padding (a ceil_mode window running past the padding does not count the overhang), and
     * likewise for columns; with {@code countPad} = 0 only the inputs it reads.
     */
    static void avgPool(FloatArray x, FloatArray y, int height, int width, int outH, int outW,
                        int kh, int kw, int sh, int sw, int top, int left, int countPad, int rowLimit, int colLimit) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            int ox = i % outW;
            int t = i / outW;
            int oy = t % outH;
            int p = t / outH;
            int ys = oy * sh - top;
            int xs = ox * sw - left;
            int y0 = Math.max(ys, 0);
            int x0 = Math.max(xs, 0);
            int y1 = Math.min(ys + kh, height);
            int x1 = Math.min(xs + kw, width);
            float sum = 0f;
            for (int iy = y0; iy < y1; iy++) {
                int row = (p * height + iy) * width;
                for (int ix = x0; ix < x1; ix++) {
                    sum += x.get(row + ix);
                }
            }
            int rows = countPad == 1 ? Math.min(ys + kh, rowLimit) - ys : y1 - y0;
            int cols = countPad == 1 ? Math.min(xs + kw, colLimit) - xs : x1 - x0;
            y.set(i, sum / (rows * cols));
        }
    }

    /**
     * {@code nn.AdaptiveMaxPool2d} ({@code max} = 1) and {@code nn.AdaptiveAvgPool2d} ({@code max} = 0; global
     * average pooling is its 1 × 1 case): window (oy, ox) covers rows
     * {@code [⌊oy·height/outH⌋, ⌈(oy+1)·height/outH⌉)} and the same for columns. Max lets a NaN win; average
     * sums in float row by row and divides by the number of inputs read. {@code max} is a constant of the
     * task, so the device code keeps one of the two branches.
     */
    static void adaptivePool(FloatArray x, FloatArray y, int height, int width, int outH, int outW, int max) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            int ox = i % outW;
            int t = i / outW;
            int oy = t % outH;
            int p = t / outH;
            int y0 = oy * height / outH;
            int y1 = ((oy + 1) * height + outH - 1) / outH;
            int x0 = ox * width / outW;
            int x1 = ((ox + 1) * width + outW - 1) / outW;
            float m = Float.NEGATIVE_INFINITY;
            float sum = 0f;
            for (int iy = y0; iy < y1; iy++) {
                int row = (p * height + iy) * width;
                for (int ix = x0; ix < x1; ix++) {
                    float v = x.get(row + ix);
                    if (v > m || v != v) {
                        m = v;
                    }
                    sum += v;
                }
            }
            y.set(i, max == 1 ? m : sum / ((y1 - y0) * (x1 - x0)));
        }
    }

    /**
     * {@code nn.BatchNorm2d} at inference, folded at compile time into a scale and shift per channel
     * ({@code scale = weight / sqrt(running_var + eps)}, {@code shift = bias − running_mean·scale}, in double,
     * rounded once, as backend-cpu folds them): {@code y = x·scale + shift}, {@code plane} = H × W values per
     * channel. A NaN scale (a variance below −eps) makes the channel NaN, as in PyTorch.
     */
    static void batchNorm(FloatArray x, FloatArray scale, FloatArray shift, FloatArray y, int channels, int plane) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            int c = (i / plane) % channels;
            y.set(i, x.get(i) * scale.get(c) + shift.get(c));
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
     * {@code nn.Hardtanh} (ReLU6 = (0, 6), ONNX Clip): {@code v} clamped to [min, max]; exact. NaN stays NaN,
     * tested with {@code v != v} (never through an ordered comparison, see above); −0 stays −0.
     */
    static void hardtanh(FloatArray x, FloatArray y, float min, float max) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            float v = x.get(i);
            float r = v > max ? max : v;
            r = r < min ? min : r;
            y.set(i, v != v ? v : r);
        }
    }

    /** {@code nn.LeakyReLU}: {@code v > 0 ? v : v·slope}, one correctly rounded product; NaN stays NaN either way. */
    static void leakyRelu(FloatArray x, FloatArray y, float slope) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            float v = x.get(i);
            y.set(i, v > 0f ? v : v * slope);
        }
    }

    /**
     * {@code nn.ELU}: {@code v > 0 ? v : alpha·(e^v − 1)}, with e^v − 1 from {@link #expm1Negative} (no
     * cancellation near 0); NaN stays NaN on either side of the test, −∞ gives −alpha.
     */
    static void elu(FloatArray x, FloatArray y, float alpha) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            float v = x.get(i);
            y.set(i, v > 0f ? v : alpha * expm1Negative(v));
        }
    }

    /**
     * e^v − 1 for v ≤ 0 (or NaN): from −0.5 on the Taylor series v·(1 + v/2·(1 + v/3·(1 + …))) to v^12/12!
     * (relative error a few ulps; a subtraction of e^v would lose all digits near 0), below that
     * {@code exp(v) − 1} (at most −0.39, so no cancellation). −∞ gives −1.
     */
    private static float expm1Negative(float v) {
        float r;
        if (v > -0.5f) {
            float s = 1f;
            for (int k = 12; k > 1; k--) {
                s = 1f + v / k * s;
            }
            r = v * s;
        } else {
            r = TornadoMath.exp(v) - 1f;
        }
        return r;
    }

    /**
     * {@code nn.Hardsigmoid} / ONNX HardSigmoid: {@code clamp(alpha·v + beta, 0, 1)} (PyTorch's own is
     * alpha = 1/6, beta = 1/2); NaN stays NaN, tested as in {@link #hardtanh}.
     */
    static void hardsigmoid(FloatArray x, FloatArray y, float alpha, float beta) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            float v = alpha * x.get(i) + beta;
            float r = v > 1f ? 1f : v;
            r = r < 0f ? 0f : r;
            y.set(i, v != v ? v : r);
        }
    }

    /**
     * {@code nn.Hardswish}: {@code v·clamp(v + 3, 0, 6) / 6}. NaN gives NaN whatever the clamp does with it
     * (NaN times anything), −∞ gives −∞·0 = NaN and +∞ gives +∞, as in PyTorch.
     */
    static void hardswish(FloatArray x, FloatArray y) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            float v = x.get(i);
            float r = v + 3f;
            r = r < 0f ? 0f : r;
            r = r > 6f ? 6f : r;
            y.set(i, v * r / 6f);
        }
    }

    /**
     * {@code nn.SiLU}: {@code v / (1 + e^−v)}, as PyTorch computes it: −∞ gives −∞/∞ = NaN, +∞ gives +∞,
     * and a large negative v gives −0 once e^−v overflows (PyTorch's float result there is below 1e-37).
     */
    static void silu(FloatArray x, FloatArray y) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            float v = x.get(i);
            y.set(i, v / (1f + TornadoMath.exp(-v)));
        }
    }

    /**
     * {@code nn.GELU()}: {@code 0.5·v·(1 + erf(v/√2))}, written {@code 0.5·v·erfc(−v/√2)} for negative v so
     * that the tail does not cancel. −∞ gives −∞·0 = NaN, as in PyTorch; NaN stays NaN on either side.
     */
    static void gelu(FloatArray x, FloatArray y) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            float v = x.get(i);
            float z = v * SQRT_HALF;
            float r;
            if (v < 0f) {
                r = 0.5f * v * complementaryErf(-z);
            } else {
                r = 0.5f * v * (1f + errorFunction(z));
            }
            y.set(i, r);
        }
    }

    /**
     * {@code nn.GELU(approximate="tanh")}: {@code 0.5·v·(1 + tanh(t))}, t = √(2/π)·(v + 0.044715·v³), computed
     * as the identical {@code v / (1 + e^(−2t))}: for negative v the tanh form cancels (1 + tanh(t) → 0), and
     * on PoCL {@code 1 + tanh(−∞)} did not come out exactly 0, so −∞ gave −∞ instead of PyTorch's −∞·0 = NaN.
     * Here −∞ gives −∞/∞ = NaN, +∞ gives +∞, a large negative v gives −0 once e^(−2t) overflows.
     */
    static void geluTanh(FloatArray x, FloatArray y) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            float v = x.get(i);
            float t = SQRT_TWO_OVER_PI * (v + 0.044715f * v * v * v);
            y.set(i, v / (1f + TornadoMath.exp(-2f * t)));
        }
    }

    /**
     * erf(a) for a ≥ 0 (or NaN), float32-accurate from float operations only (Java 17 and TornadoVM's math have
     * none): below {@link #ERF_SPLIT} {@link #erfSeries}, from it on 1 − {@link #erfcFraction}. +∞ gives 1.
     * Not named {@code erf}: a helper TornadoVM does not inline becomes a device function of its name, and
     * {@code erf} / {@code erfc} are OpenCL built-ins.
     */
    private static float errorFunction(float a) {
        return a < ERF_SPLIT ? erfSeries(a) : 1f - erfcFraction(a);
    }

    /** erfc(a) for a ≥ 0 (or NaN): {@code 1 − erfSeries(a)} below {@link #ERF_SPLIT}, else the fraction. */
    private static float complementaryErf(float a) {
        return a < ERF_SPLIT ? 1f - erfSeries(a) : erfcFraction(a);
    }

    /**
     * erf(a) for 0 ≤ a < 1 from the series of positive terms
     * {@code 2/√π · e^(−a²) · Σ a·(2a²)^n / (1·3·…·(2n+1))} (no cancellation); 20 terms reach below 1e-9 relative at a = 1. KernelsTest checks GELU against a
     * double-precision erf over [−12, 12].
     */
    private static float erfSeries(float a) {
        float twoA2 = 2f * a * a;
        float term = a;
        float sum = a;
        for (int n = 1; n < 20; n++) {
            term = term * twoA2 / (2 * n + 1);
            sum += term;
        }
        return TWO_OVER_SQRT_PI * TornadoMath.exp(-a * a) * sum;
    }

    /**
     * erfc(a) for a ≥ 1 from Laplace's continued fraction
     * {@code e^(−a²)/√π / (a + (1/2)/(a + 1/(a + (3/2)/(a + …))))}, 120 levels evaluated from the bottom (each level damps the error of the one below; enough at a = 1 for
     * float, more than enough beyond). e^(−a²) underflows to 0 past a ≈ 10, as erfc does in float; +∞ gives 0.
     */
    private static float erfcFraction(float a) {
        float f = a;
        for (int k = 120; k > 0; k--) {
            f = a + (k * 0.5f) / f;
        }
        return TornadoMath.exp(-a * a) * ONE_OVER_SQRT_PI / f;
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

    /**
     * y = a + b, element-wise, each input either the output's shape ({@code aPlane} or {@code bPlane} = 1) or
     * {@code [C, 1, 1]} broadcast over {@code [C, H, W]} (its plane = H × W: value {@code i / plane} is the
     * sample's channel). The divisions by 1 vanish: TornadoVM compiles each task with its scalars as constants.
     */
    static void add(FloatArray a, FloatArray b, FloatArray y, int aPlane, int bPlane) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            y.set(i, a.get(i / aPlane) + b.get(i / bPlane));
        }
    }

    /** y += c, element-wise (c broadcast as in {@link #add}): the third and later inputs of an add, left to right. */
    static void accumulate(FloatArray y, FloatArray c, int cPlane) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            y.set(i, y.get(i) + c.get(i / cPlane));
        }
    }

    /** y = a · b, element-wise, one correctly rounded product; broadcast as in {@link #add}. */
    static void mul(FloatArray a, FloatArray b, FloatArray y, int aPlane, int bPlane) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            y.set(i, a.get(i / aPlane) * b.get(i / bPlane));
        }
    }

    /**
     * {@code nn.ChannelShuffle}: output channel {@code j·groups + g} is input channel {@code g·(C/groups) + j};
     * values are moved, never changed.
     */
    static void channelShuffle(FloatArray x, FloatArray y, int channels, int groups, int plane) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            int t = i / plane;
            int c = t % channels;
            int n = t / channels;
            int from = (c % groups) * (channels / groups) + c / groups;
            y.set(i, x.get((n * channels + from) * plane + (i - t * plane)));
        }
    }

    /**
     * {@code torch.narrow} along one per-sample axis: the input seen as rows of {@code inRow} values (all axes
     * from the sliced one on), each output row the {@code outRow} values from {@code offset} on.
     */
    static void slice(FloatArray x, FloatArray y, int inRow, int outRow, int offset) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            int r = i / outRow;
            y.set(i, x.get(r * inRow + offset + (i - r * outRow)));
        }
    }

    /**
     * {@code nn.ZeroPad2d}: output (oy, ox) is input (oy − top, ox − left), or +0 outside it, loaded
     * branch-free by {@link #paddedTap} as the convolutions load.
     */
    static void zeroPad(FloatArray x, FloatArray y, int height, int width, int outH, int outW, int top, int left) {
        for (@Parallel int i = 0; i < y.getSize(); i++) {
            int ox = i % outW;
            int t = i / outW;
            int oy = t % outH;
            int p = t / outH;
            int iy = oy - top;
            int row = (p * height + Math.min(Math.max(iy, 0), height - 1)) * width;
            y.set(i, paddedTap(x, row, ox - left, width, iy >= 0 && iy < height));
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
