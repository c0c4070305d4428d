package com.example.lamina;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Flatten;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Sigmoid;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.KernelBackend;
import dev.lamina.spi.Node;
import dev.lamina.spi.Support;

/**
 * A deliberately small backend: the layers of the seed notebook and LeNet, written as plain loops. It says
 * up front that it has no avgpool, tanh, softmax, add or concat, so the kit reports those as unsupported
 * instead of failing.
 */
final class NaiveBackend extends KernelBackend {

    @Override
    public String id() {
        return "naive";
    }

    @Override
    public Support supports(Node node) {
        if (node.layer() instanceof Conv2d c && c.groups() != 1) {
            return Support.no("the naive example backend runs conv2d with groups 1 only");
        }
        if (node.layer() instanceof MaxPool2d p && (p.ceilMode() || p.dilation().h() * p.dilation().w() != 1)) {
            return Support.no("the naive example backend runs maxpool2d without ceil_mode or dilation only");
        }
        return switch (node.layer().type()) {
            case "conv2d", "maxpool2d", "relu", "sigmoid", "flatten", "dense" -> Support.yes();
            default -> Support.no("the naive example backend has no " + node.layer().type() + " kernel");
        };
    }

    @Override
    protected Kernel kernel(Node node) {
        if (node.layer() instanceof Conv2d c) {
            return conv(node, c);
        } else if (node.layer() instanceof MaxPool2d p) {
            return maxPool(node, p);
        } else if (node.layer() instanceof Dense) {
            return dense(node);
        } else if (node.layer() instanceof ReLU) {
            int n = node.outputShape().size();
            return (batch, in, out) -> {
                for (int i = 0; i < batch * n; i++) {
                    out[i] = in[0][i] > 0 || Float.isNaN(in[0][i]) ? in[0][i] : 0f;
                }
            };
        } else if (node.layer() instanceof Sigmoid) {
            int n = node.outputShape().size();
            return (batch, in, out) -> {
                for (int i = 0; i < batch * n; i++) {
                    out[i] = (float) (1.0 / (1.0 + Math.exp(-in[0][i])));
                }
            };
        } else if (node.layer() instanceof Flatten) {
            int n = node.outputShape().size();
            return (batch, in, out) -> System.arraycopy(in[0], 0, out, 0, batch * n);
        }
        throw new IllegalArgumentException(node.name() + ": unsupported " + node.layer().type());
    }

    private static Kernel conv(Node node, Conv2d c) {
        Shape in = node.inputShape();
        Shape out = node.outputShape();
        float[] w = node.param("weight");
        float[] b = c.bias() ? node.param("bias") : new float[c.filters()];
        int ci = in.dim(0), ih = in.dim(1), iw = in.dim(2);
        int co = out.dim(0), oh = out.dim(1), ow = out.dim(2);
        int kh = c.kernel().h(), kw = c.kernel().w();
        return (batch, x, y) -> {
            for (int n = 0; n < batch; n++) {
                for (int f = 0; f < co; f++) {
                    for (int oy = 0; oy < oh; oy++) {
                        for (int ox = 0; ox < ow; ox++) {
                            float sum = 0;
                            for (int ch = 0; ch < ci; ch++) {
                                for (int ky = 0; ky < kh; ky++) {
                                    int iy = oy * c.stride().h() - c.padding().top() + ky * c.dilation().h();
                                    if (iy < 0 || iy >= ih) {
                                        continue;
                                    }
                                    for (int kx = 0; kx < kw; kx++) {
                                        int ix = ox * c.stride().w() - c.padding().left() + kx * c.dilation().w();
                                        if (ix >= 0 && ix < iw) {
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

    private static Kernel maxPool(Node node, MaxPool2d p) {
        Shape in = node.inputShape();
        Shape out = node.outputShape();
        int c = in.dim(0), ih = in.dim(1), iw = in.dim(2), oh = out.dim(1), ow = out.dim(2);
        return (batch, x, y) -> {
            for (int plane = 0; plane < batch * c; plane++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float max = Float.NEGATIVE_INFINITY;
                        for (int ky = 0; ky < p.kernel().h(); ky++) {
                            int iy = oy * p.stride().h() - p.padding().top() + ky;
                            for (int kx = 0; kx < p.kernel().w(); kx++) {
                                int ix = ox * p.stride().w() - p.padding().left() + kx;
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
        float[] w = node.param("weight");
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
