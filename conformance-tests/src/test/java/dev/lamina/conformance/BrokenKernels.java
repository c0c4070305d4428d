package dev.lamina.conformance;

import dev.lamina.api.Conv2d;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Shape;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

/**
 * Deliberately wrong kernels, each with one bug that real backends have shipped: the kit must report every
 * one of them as a failure.
 */
final class BrokenKernels {
    private BrokenKernels() {
    }

    /** A direct float convolution with an optional bug: the kernel read transposed, or the bias dropped. */
    static Kernel conv(Node node, boolean transposed, boolean dropBias) {
        Conv2d spec = (Conv2d) node.layer();
        Shape in = node.inputShape(), out = node.outputShape();
        float[] w = node.param("weight");
        float[] b = node.param("bias");
        int c = in.dim(0), h = in.dim(1), wd = in.dim(2), f = out.dim(0), oh = out.dim(1), ow = out.dim(2);
        int kh = spec.kernel().h(), kw = spec.kernel().w();
        return (batch, inputs, output) -> {
            float[] x = inputs[0];
            for (int n = 0; n < batch; n++) {
                for (int o = 0; o < f; o++) {
                    for (int oy = 0; oy < oh; oy++) {
                        for (int ox = 0; ox < ow; ox++) {
                            float sum = b == null || dropBias ? 0 : b[o];
                            for (int ci = 0; ci < c; ci++) {
                                for (int ky = 0; ky < kh; ky++) {
                                    int iy = oy * spec.stride().h() - spec.padding().top() + ky * spec.dilation().h();
                                    for (int kx = 0; kx < kw; kx++) {
                                        int ix = ox * spec.stride().w() - spec.padding().left() + kx * spec.dilation().w();
                                        if (iy < 0 || iy >= h || ix < 0 || ix >= wd) {
                                            continue;
                                        }
                                        // The bug: the kernel read as if stored [kw][kh].
                                        int k = transposed ? kx * kh + ky : ky * kw + kx;
                                        sum += x[((n * c + ci) * h + iy) * wd + ix] * w[(o * c + ci) * kh * kw + k];
                                    }
                                }
                            }
                            output[((n * f + o) * oh + oy) * ow + ox] = sum;
                        }
                    }
                }
            }
        };
    }

    /** Max pooling whose window is one row too tall (ky ≤ kh instead of ky < kh). */
    static Kernel maxPoolOffByOne(Node node) {
        MaxPool2d spec = (MaxPool2d) node.layer();
        Shape in = node.inputShape(), out = node.outputShape();
        int c = in.dim(0), h = in.dim(1), wd = in.dim(2), oh = out.dim(1), ow = out.dim(2);
        return (batch, inputs, output) -> {
            float[] x = inputs[0];
            for (int n = 0; n < batch; n++) {
                for (int ci = 0; ci < c; ci++) {
                    for (int oy = 0; oy < oh; oy++) {
                        for (int ox = 0; ox < ow; ox++) {
                            float m = Float.NEGATIVE_INFINITY;
                            for (int ky = 0; ky <= spec.kernel().h(); ky++) {
                                int iy = oy * spec.stride().h() - spec.padding().top() + ky;
                                for (int kx = 0; kx < spec.kernel().w(); kx++) {
                                    int ix = ox * spec.stride().w() - spec.padding().left() + kx;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                        float v = x[((n * c + ci) * h + iy) * wd + ix];
                                        if (v > m || Float.isNaN(v)) {
                                            m = v;
                                        }
                                    }
                                }
                            }
                            output[((n * c + ci) * oh + oy) * ow + ox] = m;
                        }
                    }
                }
            }
        };
    }

    /** The textbook softmax, exp(x) / Σ exp(x) in float, without subtracting the maximum: overflows. */
    static Kernel naiveSoftmax(Node node) {
        Shape s = node.outputShape();
        int axis = s.dim(0), inner = s.size() / axis;
        return (batch, inputs, output) -> {
            float[] x = inputs[0];
            for (int n = 0; n < batch; n++) {
                for (int j = 0; j < inner; j++) {
                    float sum = 0;
                    for (int a = 0; a < axis; a++) {
                        sum += (float) Math.exp(x[n * s.size() + a * inner + j]);
                    }
                    for (int a = 0; a < axis; a++) {
                        int i = n * s.size() + a * inner + j;
                        output[i] = (float) Math.exp(x[i]) / sum;
                    }
                }
            }
        };
    }

    /** ReLU as {@code x > 0 ? x : 0}: turns NaN into 0, which PyTorch does not. */
    static Kernel reluSwallowingNaN(Node node) {
        int size = node.outputShape().size();
        return (batch, inputs, output) -> {
            for (int i = 0; i < batch * size; i++) {
                float v = inputs[0][i];
                output[i] = v > 0 ? v : 0;
            }
        };
    }

    /**
     * A dense layer that computes into one scratch buffer shared by every call, and pauses before copying it
     * out: correct alone, wrong as soon as two threads call it.
     */
    static Kernel denseSharedScratch(Node node) {
        int features = node.inputShape().size(), units = node.outputShape().size();
        float[] w = node.param("weight");
        float[] b = node.param("bias");
        float[] scratch = new float[64 * units];
        return (batch, inputs, output) -> {
            for (int n = 0; n < batch; n++) {
                for (int u = 0; u < units; u++) {
                    double sum = b == null ? 0 : b[u];
                    for (int i = 0; i < features; i++) {
                        sum += (double) inputs[0][n * features + i] * w[u * features + i];
                    }
                    scratch[n * units + u] = (float) sum;
                }
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.arraycopy(scratch, 0, output, 0, batch * units);
        };
    }
}
