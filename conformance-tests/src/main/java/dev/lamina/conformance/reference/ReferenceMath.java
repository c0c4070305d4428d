package dev.lamina.conformance.reference;

import dev.lamina.api.AvgPool2d;
import dev.lamina.api.Conv2d;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Shape;

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
     * {@code nn.Conv2d}: cross-correlation over zero-padded input, groups 1. Returns the largest
     * {@code Σ|x·w| + |b|} over the outputs whose sum is finite.
     */
    static double conv2d(int batch, float[] x, Shape in, Conv2d spec, float[] w, float[] b, Shape out, float[] y) {
        int c = in.dim(0), h = in.dim(1), wd = in.dim(2);
        int f = out.dim(0), oh = out.dim(1), ow = out.dim(2);
        int kh = spec.kernel().h(), kw = spec.kernel().w();
        int sh = spec.stride().h(), sw = spec.stride().w();
        int ph = spec.padding().top(), pw = spec.padding().left();
        int dh = spec.dilation().h(), dw = spec.dilation().w();
        double scale = 0;
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < f; o++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double sum = b == null ? 0 : b[o];
                        double abs = b == null ? 0 : Math.abs((double) b[o]);
                        for (int ci = 0; ci < c; ci++) {
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
                                    double p = (double) x[((n * c + ci) * h + iy) * wd + ix]
                                            * w[((o * c + ci) * kh + ky) * kw + kx];
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

    /** {@code nn.MaxPool2d}: padding never wins (it is −∞), a NaN in the window wins. */
    static void maxPool(int batch, float[] x, Shape in, MaxPool2d spec, Shape out, float[] y) {
        int c = in.dim(0), h = in.dim(1), wd = in.dim(2);
        int oh = out.dim(1), ow = out.dim(2);
        int kh = spec.kernel().h(), kw = spec.kernel().w();
        int sh = spec.stride().h(), sw = spec.stride().w();
        int ph = spec.padding().top(), pw = spec.padding().left();
        for (int n = 0; n < batch; n++) {
            for (int ci = 0; ci < c; ci++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float m = Float.NEGATIVE_INFINITY;
                        for (int ky = 0; ky < kh; ky++) {
                            int iy = oy * sh - ph + ky;
                            for (int kx = 0; kx < kw; kx++) {
                                int ix = ox * sw - pw + kx;
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
     * {@code nn.AvgPool2d} with {@code count_include_pad=True}: padding adds zeros and every window divides
     * by kh·kw. Returns the largest {@code Σ|x| / (kh·kw)}.
     */
    static double avgPool(int batch, float[] x, Shape in, AvgPool2d spec, Shape out, float[] y) {
        int c = in.dim(0), h = in.dim(1), wd = in.dim(2);
        int oh = out.dim(1), ow = out.dim(2);
        int kh = spec.kernel().h(), kw = spec.kernel().w();
        int sh = spec.stride().h(), sw = spec.stride().w();
        int ph = spec.padding().top(), pw = spec.padding().left();
        double count = (double) kh * kw;
        double scale = 0;
        for (int n = 0; n < batch; n++) {
            for (int ci = 0; ci < c; ci++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double sum = 0;
                        double abs = 0;
                        for (int ky = 0; ky < kh; ky++) {
                            int iy = oy * sh - ph + ky;
                            for (int kx = 0; kx < kw; kx++) {
                                int ix = ox * sw - pw + kx;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                    float v = x[((n * c + ci) * h + iy) * wd + ix];
                                    sum += v;
                                    abs += Math.abs(v);
                                }
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

    /** Element-wise sum of the inputs; returns the largest {@code Σ|x|}. */
    static double add(int batch, float[][] xs, int size, float[] y) {
        double scale = 0;
        int count = batch * size;
        for (int i = 0; i < count; i++) {
            double sum = 0;
            double abs = 0;
            for (float[] x : xs) {
                sum += x[i];
                abs += Math.abs(x[i]);
            }
            y[i] = (float) sum;
            if (Double.isFinite(abs)) {
                scale = Math.max(scale, abs);
            }
        }
        return scale;
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
