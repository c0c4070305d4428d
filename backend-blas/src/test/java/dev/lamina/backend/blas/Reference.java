package dev.lamina.backend.blas;

import dev.lamina.api.Add;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Dims2;
import dev.lamina.api.Layer;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Padding;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
import dev.lamina.api.Tensor;
import dev.lamina.core.LayerNode;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;

import java.util.LinkedHashMap;
import java.util.Map;

/** Naive loops in double precision, straight from the PyTorch definitions: the oracle of these tests. */
final class Reference {
    private Reference() {
    }

    static Map<String, float[]> run(Model model, Weights weights, Tensor input) {
        int n = input.shape().dim(0);
        Map<String, float[]> v = new LinkedHashMap<>();
        Map<String, Shape> s = new LinkedHashMap<>();
        v.put("input", input.toArray());
        s.put("input", model.inputShape());
        for (LayerNode l : model.layers()) {
            Layer layer = l.layer();
            float[] x = v.get(l.inputs().get(0));
            Shape is = l.inputShapes().get(0);
            Shape os = l.outputShape();
            float[] y = new float[n * os.size()];
            if (layer instanceof Conv2d c) {
                float[] w = weights.get(l.name(), "weight").toArray();
                float[] b = c.bias() ? weights.get(l.name(), "bias").toArray() : null;
                int ci = is.dim(0), h = is.dim(1), wd = is.dim(2), co = os.dim(0), oh = os.dim(1), ow = os.dim(2);
                int kh = c.kernel().h(), kw = c.kernel().w();
                for (int b0 = 0; b0 < n; b0++) {
                    for (int o = 0; o < co; o++) {
                        for (int yy = 0; yy < oh; yy++) {
                            for (int xx = 0; xx < ow; xx++) {
                                double acc = b == null ? 0 : b[o];
                                for (int i = 0; i < ci; i++) {
                                    for (int a = 0; a < kh; a++) {
                                        for (int e = 0; e < kw; e++) {
                                            int iy = yy * c.stride().h() - c.padding().top() + a * c.dilation().h();
                                            int ix = xx * c.stride().w() - c.padding().left() + e * c.dilation().w();
                                            if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                                acc += (double) w[((o * ci + i) * kh + a) * kw + e]
                                                        * x[((b0 * ci + i) * h + iy) * wd + ix];
                                            }
                                        }
                                    }
                                }
                                y[((b0 * co + o) * oh + yy) * ow + xx] = (float) acc;
                            }
                        }
                    }
                }
            } else if (layer instanceof MaxPool2d || layer instanceof AvgPool2d) {
                boolean max = layer instanceof MaxPool2d;
                Dims2 k = max ? ((MaxPool2d) layer).kernel() : ((AvgPool2d) layer).kernel();
                Dims2 st = max ? ((MaxPool2d) layer).stride() : ((AvgPool2d) layer).stride();
                Padding p = max ? ((MaxPool2d) layer).padding() : ((AvgPool2d) layer).padding();
                int c = is.dim(0), h = is.dim(1), wd = is.dim(2), oh = os.dim(1), ow = os.dim(2);
                for (int pl = 0; pl < n * c; pl++) {
                    for (int yy = 0; yy < oh; yy++) {
                        for (int xx = 0; xx < ow; xx++) {
                            double r = max ? Double.NEGATIVE_INFINITY : 0;
                            for (int a = 0; a < k.h(); a++) {
                                for (int e = 0; e < k.w(); e++) {
                                    int iy = yy * st.h() - p.top() + a;
                                    int ix = xx * st.w() - p.left() + e;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                        float val = x[(pl * h + iy) * wd + ix];
                                        r = max ? (Float.isNaN(val) || Double.isNaN(r) ? Double.NaN : Math.max(r, val))
                                                : r + val;
                                    }
                                }
                            }
                            y[(pl * oh + yy) * ow + xx] = (float) (max ? r : r / (k.h() * k.w()));
                        }
                    }
                }
            } else if (layer instanceof Dense d) {
                float[] w = weights.get(l.name(), "weight").toArray();
                float[] b = d.bias() ? weights.get(l.name(), "bias").toArray() : null;
                int f = is.size(), u = os.size();
                for (int b0 = 0; b0 < n; b0++) {
                    for (int o = 0; o < u; o++) {
                        double acc = b == null ? 0 : b[o];
                        for (int i = 0; i < f; i++) {
                            acc += (double) w[o * f + i] * x[b0 * f + i];
                        }
                        y[b0 * u + o] = (float) acc;
                    }
                }
            } else if (layer instanceof ReLU) {
                for (int i = 0; i < y.length; i++) {
                    y[i] = Float.isNaN(x[i]) ? x[i] : Math.max(x[i], 0f);
                }
            } else if (layer instanceof Sigmoid) {
                for (int i = 0; i < y.length; i++) {
                    y[i] = (float) (1 / (1 + Math.exp(-x[i])));
                }
            } else if (layer instanceof Tanh) {
                for (int i = 0; i < y.length; i++) {
                    y[i] = (float) Math.tanh(x[i]);
                }
            } else if (layer instanceof Softmax) {
                int c = os.dim(0), inner = os.size() / c;
                for (int b0 = 0; b0 < n; b0++) {
                    for (int i = 0; i < inner; i++) {
                        double m = Double.NEGATIVE_INFINITY, sum = 0;
                        for (int j = 0; j < c; j++) {
                            m = Math.max(m, x[(b0 * c + j) * inner + i]);
                        }
                        for (int j = 0; j < c; j++) {
                            sum += Math.exp(x[(b0 * c + j) * inner + i] - m);
                        }
                        for (int j = 0; j < c; j++) {
                            y[(b0 * c + j) * inner + i] = (float) (Math.exp(x[(b0 * c + j) * inner + i] - m) / sum);
                        }
                    }
                }
            } else if (layer instanceof Add) {
                for (String src : l.inputs()) {
                    float[] z = v.get(src);
                    for (int i = 0; i < y.length; i++) {
                        y[i] += z[i];
                    }
                }
            } else if (layer instanceof Concat) {
                int off = 0;
                for (int j = 0; j < l.inputs().size(); j++) {
                    float[] z = v.get(l.inputs().get(j));
                    int sz = l.inputShapes().get(j).size();
                    for (int b0 = 0; b0 < n; b0++) {
                        System.arraycopy(z, b0 * sz, y, b0 * os.size() + off, sz);
                    }
                    off += sz;
                }
            } else if (layer instanceof dev.lamina.api.Flatten) {
                y = x.clone();
            } else {
                // a layer this small oracle does not compute must not pass as a copy of its input
                throw new IllegalArgumentException("Reference: no oracle for " + layer + " (" + l.name() + ")");
            }
            v.put(l.name(), y);
            s.put(l.name(), os);
        }
        return v;
    }
}
