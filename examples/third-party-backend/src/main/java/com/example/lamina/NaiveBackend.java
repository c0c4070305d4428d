package com.example.lamina;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Dims2;
import dev.lamina.api.Flatten;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Sigmoid;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.KernelBackend;
import dev.lamina.spi.Node;
import dev.lamina.spi.Support;

import java.util.function.DoubleUnaryOperator;

/**
 * A deliberately small backend: the layers of the seed notebook and LeNet, written as plain loops. The
 * constructor is its whole table of layer types; every type not registered there (avgpool, tanh, softmax,
 * add, concat) is declared unsupported by {@code KernelBackend}, so the kit reports those cases as
 * unsupported instead of failing. A kernel factory runs once per node, at compile time: read weights and
 * shapes there; the kernel it returns runs per call, on buffers of {@code batch} samples, row-major.
 */
final class NaiveBackend extends KernelBackend {

    NaiveBackend() {
        // A check declines what a kernel does not implement, with the reason the conformance report shows.
        register(Conv2d.class, (c, node) -> c.groups() == 1 ? Support.yes()
                : Support.no("grouped convolution is not implemented"), NaiveBackend::conv);
        register(MaxPool2d.class, (p, node) -> p.dilation().equals(Dims2.of(1)) ? Support.yes()
                : Support.no("dilated max pooling is not implemented"), NaiveBackend::maxPool);
        register(Dense.class, NaiveBackend::dense);
        register(ReLU.class, node -> map(node, x -> x > 0 || Double.isNaN(x) ? x : 0)); // NaN stays NaN
        register(Sigmoid.class, node -> map(node, x -> 1.0 / (1.0 + Math.exp(-x))));
        registerView(Flatten.class); // same values in the same order: no kernel, the input's buffer is reused
    }

    @Override
    public String id() {
        return "naive";
    }

    /** A kernel applying {@code f} to every value, computed in double and rounded once to float. */
    private static Kernel map(Node node, DoubleUnaryOperator f) {
        int size = node.outputShape().size();
        return (batch, in, out) -> {
            for (int i = 0; i < batch * size; i++) {
                out[i] = (float) f.applyAsDouble(in[0][i]);
            }
        };
    }

    private static Kernel conv(Node node) {
        Conv2d c = (Conv2d) node.layer();
        Shape in = node.inputShape();
        Shape out = node.outputShape();
        float[] w = node.param("weight");
        float[] b = c.bias() ? node.param("bias") : new float[c.filters()];
        int ci = in.dim(0), ih = in.dim(1), iw = in.dim(2);
        int co = out.dim(0), oh = out.dim(1), ow = out.dim(2);
        int kh = c.kernel().h(), kw = c.kernel().w();
        int sh = c.stride().h(), sw = c.stride().w(), ph = c.padding().top(), pw = c.padding().left();
        int dh = c.dilation().h(), dw = c.dilation().w();
        return (batch, x, y) -> {
            for (int n = 0; n < batch; n++) {
                for (int f = 0; f < co; f++) {
                    for (int oy = 0; oy < oh; oy++) {
                        for (int ox = 0; ox < ow; ox++) {
                            float sum = 0;
                            for (int ch = 0; ch < ci; ch++) {
                                for (int ky = 0; ky < kh; ky++) {
                                    for (int kx = 0; kx < kw; kx++) {
                                        int iy = oy * sh - ph + ky * dh;
                                        int ix = ox * sw - pw + kx * dw;
                                        if (iy >= 0 && iy < ih && ix >= 0 && ix < iw) { // outside: zero padding
                                            sum += x[0][((n * ci + ch) * ih + iy) * iw + ix]
                                                    * w[((f * ci + ch) * kh + ky) * kw + kx];
                                        }
                                    }
                                }
                            }
                            y[((n * co + f) * oh + oy) * ow + ox] = sum + b[f];
                        }
                    }
                }
            }
        };
    }

    private static Kernel maxPool(Node node) {
        MaxPool2d p = (MaxPool2d) node.layer();
        Shape in = node.inputShape();
        Shape out = node.outputShape();
        int c = in.dim(0), ih = in.dim(1), iw = in.dim(2), oh = out.dim(1), ow = out.dim(2);
        int kh = p.kernel().h(), kw = p.kernel().w();
        int sh = p.stride().h(), sw = p.stride().w(), ph = p.padding().top(), pw = p.padding().left();
        return (batch, x, y) -> {
            for (int plane = 0; plane < batch * c; plane++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float max = Float.NEGATIVE_INFINITY; // padding never wins, as in PyTorch
                        for (int ky = 0; ky < kh; ky++) {
                            for (int kx = 0; kx < kw; kx++) {
                                int iy = oy * sh - ph + ky;
                                int ix = ox * sw - pw + kx;
                                if (iy >= 0 && iy < ih && ix >= 0 && ix < iw) {
                                    float v = x[0][(plane * ih + iy) * iw + ix];
                                    if (v > max || Float.isNaN(v)) {
                                        max = v; // once NaN, nothing is greater: NaN sticks, as in PyTorch
                                    }
                                }
                            }
                        }
                        y[(plane * oh + oy) * ow + ox] = max;
                    }
                }
            }
        };
    }

    private static Kernel dense(Node node) {
        int in = node.inputShape().size();
        int units = node.outputShape().size();
        float[] w = node.param("weight"); // [units, in], PyTorch layout
        float[] b = node.params().containsKey("bias") ? node.param("bias") : new float[units];
        return (batch, x, y) -> {
            for (int n = 0; n < batch; n++) {
                for (int u = 0; u < units; u++) {
                    float sum = 0;
                    for (int i = 0; i < in; i++) {
                        sum += x[0][n * in + i] * w[u * in + i];
                    }
                    y[n * units + u] = sum + b[u];
                }
            }
        };
    }
}
