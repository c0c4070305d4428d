package dev.lamina.conformance.reference;

import dev.lamina.api.AvgPool2d;
import dev.lamina.api.Conv2d;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Padding;
import dev.lamina.api.Shape;

import java.util.Arrays;
import java.util.List;

/**
 * The kit's own arithmetic for every layer, written from PyTorch's documented semantics and kept
 * deliberately naive: one output at a time, every sum in double, rounded to float32 once at the end, so
 * the result is the float32 value nearest to the exact answer for the given float32 inputs. Buffers hold a
 * batch, sample after sample; only the first {@code batch} samples are read and written.
 *
 * <p>The methods that sum also return the "scale" of their sums (for example the largest
 * {@code Σ|x·w| + |b|} over the outputs), which is what bounds the rounding error of any float32
 * implementation; see {@link ReferenceImplementation}.
 */
final class ReferenceMath {
    private ReferenceMath() {
    }

    /**
     * {@code nn.Conv2d}: cross-correlation over zero-padded input (top/left padding shifts the windows; the
     * output shape already accounts for bottom/right), in {@code groups} independent groups: filter o reads
     * input channels {@code [g·C/groups, (g+1)·C/groups)} of its group g. Returns the largest
     * {@code Σ|x·w| + |b|} over the outputs whose sum is finite.
     */
    static double conv2d(int batch, float[] x, Shape in, Conv2d spec, float[] w, float[] b, Shape out, float[] y) {
        int c = in.dim(0), h = in.dim(1), wd = in.dim(2);
        int f = out.dim(0), oh = out.dim(1), ow = out.dim(2);
        int kh = spec.kernel().h(), kw = spec.kernel().w();
        int sh = spec.stride().h(), sw = spec.stride().w();
        int ph = spec.padding().top(), pw = spec.padding().left();
        int dh = spec.dilation().h(), dw = spec.dilation().w();
        int cg = c / spec.groups();
        int fg = f / spec.groups();
        double scale = 0;
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < f; o++) {
                int c0 = (o / fg) * cg;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double sum = b == null ? 0 : b[o];
                        double abs = b == null ? 0 : Math.abs((double) b[o]);
                        for (int ci = 0; ci < cg; ci++) {
                            for (int ky = 0; ky < kh; ky++) {
                                int iy = oy * sh - ph + ky * dh;
                                if (iy < 0 || iy >= h) {
                                    continue; // a padded row: zeros add nothing
                                }
                                for (int kx = 0; kx < kw; kx++) {
                                    int ix = ox * sw - pw + kx * dw;
                                    if (ix < 0 || ix >= wd) {
                                        continue;
                                    }
                                    double p = (double) x[((n * c + c0 + ci) * h + iy) * wd + ix]
                                            * w[((o * cg + ci) * kh + ky) * kw + kx];
                                    sum += p;
                                    abs += Math.abs(p);
                                }
                            }
                        }
                        y[((n * f + o) * oh + oy) * ow + ox] = (float) sum;
                        if (Double.isFinite(abs)) {
                            scale = Math.max(scale, abs);
                        }
                    }
                }
            }
        }
        return scale;
    }

    /** {@code nn.Linear}: {@code y = x·Wᵀ + b}, W {@code [units, features]}. Returns max {@code Σ|x·w| + |b|}. */
    static double dense(int batch, float[] x, int features, float[] w, float[] b, int units, float[] y) {
        double scale = 0;
        for (int n = 0; n < batch; n++) {
            for (int u = 0; u < units; u++) {
                double sum = b == null ? 0 : b[u];
                double abs = b == null ? 0 : Math.abs((double) b[u]);
                for (int i = 0; i < features; i++) {
                    double p = (double) x[n * features + i] * w[u * features + i];
                    sum += p;
                    abs += Math.abs(p);
                }
                y[n * units + u] = (float) sum;
                if (Double.isFinite(abs)) {
                    scale = Math.max(scale, abs);
                }
            }
        }
        return scale;
    }

    /**
     * {@code nn.MaxPool2d}: taps {@code dilation} apart from {@code o·stride − top/left}; padding never wins
     * (it is −∞), a NaN in the window wins. ceil_mode only changes the output shape, which is given.
     */
    static void maxPool(int batch, float[] x, Shape in, MaxPool2d spec, Shape out, float[] y) {
        int c = in.dim(0), h = in.dim(1), wd = in.dim(2);
        int oh = out.dim(1), ow = out.dim(2);
        int kh = spec.kernel().h(), kw = spec.kernel().w();
        int sh = spec.stride().h(), sw = spec.stride().w();
        int ph = spec.padding().top(), pw = spec.padding().left();
        int dh = spec.dilation().h(), dw = spec.dilation().w();
        for (int n = 0; n < batch; n++) {
            for (int ci = 0; ci < c; ci++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float m = Float.NEGATIVE_INFINITY;
                        for (int ky = 0; ky < kh; ky++) {
                            int iy = oy * sh - ph + ky * dh;
                            for (int kx = 0; kx < kw; kx++) {
                                int ix = ox * sw - pw + kx * dw;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= wd || Float.isNaN(m)) {
                                    continue;
                                }
                                float v = x[((n * c + ci) * h + iy) * wd + ix];
                                if (v > m || Float.isNaN(v)) {
                                    m = v;
                                }
                            }
                        }
                        y[((n * c + ci) * oh + oy) * ow + ox] = m;
                    }
                }
            }
        }
    }

    /**
     * {@code nn.AvgPool2d}, PyTorch's divisor rule: a window starts at {@code o·stride − top} and ends at
     * {@code min(start + k, in + bottom)} (ceil_mode's last window never counts what lies beyond the
     * padding); with count_include_pad that span is the divisor, without it the part inside the input.
     * Padding adds zeros. Returns the largest {@code Σ|x| / divisor}.
     */
    static double avgPool(int batch, float[] x, Shape in, AvgPool2d spec, Shape out, float[] y) {
        int c = in.dim(0), h = in.dim(1), wd = in.dim(2);
        int oh = out.dim(1), ow = out.dim(2);
        int kh = spec.kernel().h(), kw = spec.kernel().w();
        int sh = spec.stride().h(), sw = spec.stride().w();
        Padding pad = spec.padding();
        double scale = 0;
        for (int n = 0; n < batch; n++) {
            for (int ci = 0; ci < c; ci++) {
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = oy * sh - pad.top();
                    int y1 = Math.min(y0 + kh, h + pad.bottom());
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = ox * sw - pad.left();
                        int x1 = Math.min(x0 + kw, wd + pad.right());
                        int padded = (y1 - y0) * (x1 - x0);
                        int iy0 = Math.max(y0, 0), iy1 = Math.min(y1, h);
                        int ix0 = Math.max(x0, 0), ix1 = Math.min(x1, wd);
                        double count = spec.countIncludePad() ? padded : (double) (iy1 - iy0) * (ix1 - ix0);
                        double sum = 0;
                        double abs = 0;
                        for (int iy = iy0; iy < iy1; iy++) {
                            for (int ix = ix0; ix < ix1; ix++) {
                                float v = x[((n * c + ci) * h + iy) * wd + ix];
                                sum += v;
                                abs += Math.abs(v);
                            }
                        }
                        y[((n * c + ci) * oh + oy) * ow + ox] = (float) (sum / count);
                        if (Double.isFinite(abs)) {
                            scale = Math.max(scale, abs / count);
                        }
                    }
                }
            }
        }
        return scale;
    }

    /** Window {@code i} of {@code out} adaptive windows over {@code in}: {@code [floor(i·in/out), ceil((i+1)·in/out))}. */
    static int adaptiveStart(int i, int in, int out) {
        return (int) Math.floorDiv((long) i * in, out);
    }

    static int adaptiveEnd(int i, int in, int out) {
        return (int) -Math.floorDiv(-(long) (i + 1) * in, out);
    }

    /**
     * {@code nn.AdaptiveAvgPool2d} ({@code max} false) or {@code nn.AdaptiveMaxPool2d} (NaN wins). Returns
     * the largest {@code Σ|x| / count} of the average pool.
     */
    static double adaptivePool(int batch, float[] x, Shape in, Shape out, boolean max, float[] y) {
        int c = in.dim(0), h = in.dim(1), wd = in.dim(2);
        int oh = out.dim(1), ow = out.dim(2);
        double scale = 0;
        for (int n = 0; n < batch; n++) {
            for (int ci = 0; ci < c; ci++) {
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = adaptiveStart(oy, h, oh), y1 = adaptiveEnd(oy, h, oh);
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = adaptiveStart(ox, wd, ow), x1 = adaptiveEnd(ox, wd, ow);
                        double sum = 0;
                        double abs = 0;
                        float m = Float.NEGATIVE_INFINITY;
                        for (int iy = y0; iy < y1; iy++) {
                            for (int ix = x0; ix < x1; ix++) {
                                float v = x[((n * c + ci) * h + iy) * wd + ix];
                                sum += v;
                                abs += Math.abs(v);
                                if (!Float.isNaN(m) && (v > m || Float.isNaN(v))) {
                                    m = v;
                                }
                            }
                        }
                        double count = (double) (y1 - y0) * (x1 - x0);
                        y[((n * c + ci) * oh + oy) * ow + ox] = max ? m : (float) (sum / count);
                        if (Double.isFinite(abs)) {
                            scale = Math.max(scale, abs / count);
                        }
                    }
                }
            }
        }
        return scale;
    }

    /** The most values any adaptive window of {@code out} over {@code in} holds. */
    static int adaptiveWindow(int in, int out) {
        int most = 0;
        for (int i = 0; i < out; i++) {
            most = Math.max(most, adaptiveEnd(i, in, out) - adaptiveStart(i, in, out));
        }
        return most;
    }

    /**
     * {@code nn.BatchNorm2d} in eval mode: {@code (x − mean) / sqrt(var + eps) · weight + bias}, weight 1
     * and bias 0 without affine. Returns the largest {@code |x·a| + |mean·a| + |b|}, a = weight/sqrt(var + eps):
     * the magnitudes any float evaluation (folded into a scale and shift or not) rounds.
     */
    static double batchNorm(int batch, float[] x, Shape in, double eps, float[] weight, float[] bias, float[] mean,
                            float[] var, float[] y) {
        int c = in.dim(0);
        int plane = in.size() / c;
        double scale = 0;
        for (int n = 0; n < batch; n++) {
            for (int ci = 0; ci < c; ci++) {
                double sd = Math.sqrt((double) var[ci] + eps);
                double wt = weight == null ? 1 : weight[ci];
                double bs = bias == null ? 0 : bias[ci];
                double a = wt / sd;
                int base = (n * c + ci) * plane;
                for (int i = 0; i < plane; i++) {
                    double v = x[base + i];
                    y[base + i] = (float) ((v - mean[ci]) / sd * wt + bs);
                    double s = Math.abs(v * a) + Math.abs(mean[ci] * a) + Math.abs(bs);
                    if (Double.isFinite(s)) {
                        scale = Math.max(scale, s);
                    }
                }
            }
        }
        return scale;
    }

    /** The largest {@code |weight / sqrt(var + eps)|} of a BatchNorm: how much it amplifies an input's error. */
    static double batchNormGain(double eps, float[] weight, float[] var) {
        double g = 0;
        for (int ci = 0; ci < var.length; ci++) {
            double a = Math.abs((weight == null ? 1 : weight[ci]) / Math.sqrt((double) var[ci] + eps));
            if (Double.isFinite(a)) {
                g = Math.max(g, a);
            }
        }
        return g;
    }

    /** max(0, x), keeping NaN (PyTorch's relu propagates it). */
    static void relu(int count, float[] x, float[] y) {
        for (int i = 0; i < count; i++) {
            float v = x[i];
            y[i] = v > 0 || Float.isNaN(v) ? v : 0f;
        }
    }

    /** 1 / (1 + e^−x) in double: exp overflows to +Inf in double only far beyond float's range. */
    static void sigmoid(int count, float[] x, float[] y) {
        for (int i = 0; i < count; i++) {
            y[i] = (float) (1.0 / (1.0 + Math.exp(-(double) x[i])));
        }
    }

    static void tanh(int count, float[] x, float[] y) {
        for (int i = 0; i < count; i++) {
            y[i] = (float) Math.tanh(x[i]);
        }
    }

    /**
     * Softmax over the first per-sample axis ({@code dim=1} on a batch), the way PyTorch computes it:
     * subtract the row's maximum, exponentiate, divide by the sum. That order is what gives PyTorch's NaN
     * rules: a NaN or +Inf in a row (+Inf − +Inf is NaN) or a row of −Inf makes the whole row NaN.
     * Returns the largest |x − max| over outputs that are at least {@link Float#MIN_NORMAL}: the
     * argument of exp whose float32 rounding bounds an implementation's relative error.
     */
    static double softmax(int batch, float[] x, Shape shape, float[] y) {
        int axis = shape.dim(0);
        int inner = shape.size() / axis;
        double spread = 0;
        double[] e = new double[axis];
        for (int n = 0; n < batch; n++) {
            int base = n * shape.size();
            for (int j = 0; j < inner; j++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int a = 0; a < axis; a++) {
                    double v = x[base + a * inner + j];
                    if (v > max || Double.isNaN(v)) {
                        max = v;
                    }
                    if (Double.isNaN(max)) {
                        break;
                    }
                }
                double sum = 0;
                for (int a = 0; a < axis; a++) {
                    e[a] = Math.exp(x[base + a * inner + j] - max);
                    sum += e[a];
                }
                for (int a = 0; a < axis; a++) {
                    float out = (float) (e[a] / sum);
                    y[base + a * inner + j] = out;
                    if (out >= Float.MIN_NORMAL) {
                        spread = Math.max(spread, Math.abs(x[base + a * inner + j] - max));
                    }
                }
            }
        }
        return spread;
    }

    /**
     * The flat index into input {@code x} of element {@code i} of a batch of {@code out}-shaped values: the same
     * index, or for a {@code [C, 1, 1]} input broadcast over {@code [C, H, W]} the sample's channel.
     */
    static int broadcastIndex(Shape x, Shape out, int i) {
        if (x.equals(out)) {
            return i;
        }
        int plane = out.size() / out.dim(0);
        return i / plane; // (n·C + c): x holds one value per channel of each sample
    }

    /** Element-wise sum of the inputs, in input order, with {@code [C, 1, 1]} broadcast; returns the largest {@code Σ|x|}. */
    static double add(int batch, float[][] xs, List<Shape> shapes, Shape out, float[] y) {
        double scale = 0;
        int count = batch * out.size();
        for (int i = 0; i < count; i++) {
            double sum = 0;
            double abs = 0;
            for (int k = 0; k < xs.length; k++) {
                float v = xs[k][broadcastIndex(shapes.get(k), out, i)];
                sum += v;
                abs += Math.abs(v);
            }
            y[i] = (float) sum;
            if (Double.isFinite(abs)) {
                scale = Math.max(scale, abs);
            }
        }
        return scale;
    }

    /** Element-wise product of two inputs with {@code [C, 1, 1]} broadcast (either side); correctly rounded. */
    static void mul(int batch, float[][] xs, List<Shape> shapes, Shape out, float[] y) {
        int count = batch * out.size();
        for (int i = 0; i < count; i++) {
            y[i] = (float) ((double) xs[0][broadcastIndex(shapes.get(0), out, i)]
                    * xs[1][broadcastIndex(shapes.get(1), out, i)]);
        }
    }

    /** {@code nn.ChannelShuffle}: output channel {@code j·groups + g} is input channel {@code g·(C/groups) + j}. */
    static void channelShuffle(int batch, float[] x, Shape in, int groups, float[] y) {
        int c = in.dim(0);
        int plane = in.size() / c;
        int per = c / groups;
        for (int n = 0; n < batch; n++) {
            for (int g = 0; g < groups; g++) {
                for (int j = 0; j < per; j++) {
                    System.arraycopy(x, (n * c + g * per + j) * plane, y, (n * c + j * groups + g) * plane, plane);
                }
            }
        }
    }

    /** {@code torch.narrow} along per-sample axis {@code axis}: elements {@code [start, end)} of it. */
    static void slice(int batch, float[] x, Shape in, int axis, int start, int end, float[] y) {
        int outer = 1;
        for (int a = 0; a < axis; a++) {
            outer *= in.dim(a);
        }
        outer *= batch;
        int inner = in.size();
        for (int a = 0; a <= axis; a++) {
            inner /= in.dim(a);
        }
        int len = (end - start) * inner;
        int stride = in.dim(axis) * inner;
        for (int o = 0; o < outer; o++) {
            System.arraycopy(x, o * stride + start * inner, y, o * len, len);
        }
    }

    /** {@code nn.ZeroPad2d}: each channel placed at (top, left) of a zeroed, larger plane. */
    static void zeroPad(int batch, float[] x, Shape in, Padding p, Shape out, float[] y) {
        int c = in.dim(0), h = in.dim(1), wd = in.dim(2), oh = out.dim(1), ow = out.dim(2);
        Arrays.fill(y, 0, batch * out.size(), 0f);
        for (int pl = 0; pl < batch * c; pl++) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(x, (pl * h + r) * wd, y, (pl * oh + r + p.top()) * ow + p.left(), wd);
            }
        }
    }

    /** {@code torch.cat(dim=1)}: in C, H, W layout each sample is its inputs' samples one after another. */
    static void concat(int batch, float[][] xs, int[] sizes, float[] y) {
        int total = 0;
        for (int s : sizes) {
            total += s;
        }
        for (int n = 0; n < batch; n++) {
            int at = n * total;
            for (int k = 0; k < xs.length; k++) {
                System.arraycopy(xs[k], n * sizes[k], y, at, sizes[k]);
                at += sizes[k];
            }
        }
    }

    /** The largest {@code Σ|w|} over the rows of a {@code [rows, ...]} weight: its ∞-norm as an operator. */
    static double maxRowAbsSum(float[] w, int rows) {
        int len = w.length / rows;
        double best = 0;
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int i = 0; i < len; i++) {
                s += Math.abs(w[r * len + i]);
            }
            best = Math.max(best, s);
        }
        return best;
    }

    /** The largest |v| over the finite values of the first {@code count}. */
    static double maxFiniteAbs(float[] v, int count) {
        double m = 0;
        for (int i = 0; i < count; i++) {
            if (Float.isFinite(v[i])) {
                m = Math.max(m, Math.abs(v[i]));
            }
        }
        return m;
    }
}
