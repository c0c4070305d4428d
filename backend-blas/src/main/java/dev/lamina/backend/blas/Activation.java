package dev.lamina.backend.blas;

import dev.lamina.api.ELU;
import dev.lamina.api.GELU;
import dev.lamina.api.Hardsigmoid;
import dev.lamina.api.Hardtanh;
import dev.lamina.api.LeakyReLU;
import dev.lamina.spi.helpers.Erf;

/**
 * An element-wise activation applied in place to a range of a heap array: the body of an activation step
 * ({@link Elementwise}) and of a conv's {@link Epilogue}, where it runs on each output row while the row is
 * still in cache. One virtual call per range, a tight loop per subclass (the JIT vectorises the piecewise
 * linear ones). Semantics are PyTorch's, NaN and ±Inf included: the transcendental ones are computed in
 * double and rounded once; Hardswish in float, step by step, as PyTorch does (so it overflows as PyTorch's).
 */
abstract class Activation {
    private final String name;

    private Activation(String name) {
        this.name = name;
    }

    /** {@code a[i] = f(a[i])} for {@code from ≤ i < to}. */
    abstract void apply(float[] a, int from, int to);

    /**
     * {@code a[i] = f(a[i] + bias)} for {@code from ≤ i < to}: the sum rounded, then the activation, as
     * {@code apply} after adding the bias; one pass for the piecewise-linear ones (a conv epilogue's).
     */
    void apply(float[] a, int from, int to, float bias) {
        for (int i = from; i < to; i++) {
            a[i] += bias;
        }
        apply(a, from, to);
    }

    /**
     * The bounds when this activation is a clamp by compares ({@link #hardtanh}: {@code v < min ? min : v > max ?
     * max : v}), which a kernel may apply in registers before it stores; else null.
     */
    Clamp clamp() {
        return null;
    }

    /** A clamp's bounds, as {@link JavaKernels#hardtanh} applies them. */
    record Clamp(float min, float max) {
        /** No bounds at all: every value, NaN and −0 included, is left as it is. */
        static final Clamp NONE = new Clamp(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    }

    /**
     * Whether {@code f(max(x, y)) = max(f(x), f(y))} holds exactly in float, NaN included, so a fused max-pool
     * may run before it (on a quarter of the values): true for the piecewise-linear non-decreasing ones.
     */
    boolean commutesWithMax() {
        return false;
    }

    @Override
    public String toString() {
        return name;
    }

    /** {@code nn.ReLU}: {@code max(v, 0)}; Math.max keeps NaN. */
    static final Activation RELU = new Activation("relu") {
        @Override
        void apply(float[] a, int from, int to) {
            JavaKernels.get().relu(a, from, to, 0f);
        }

        @Override
        void apply(float[] a, int from, int to, float bias) {
            JavaKernels.get().relu(a, from, to, bias);
        }

        @Override
        boolean commutesWithMax() {
            return true;
        }
    };

    /** {@code nn.Sigmoid}: {@code 1 / (1 + e^−v)} in double. */
    static final Activation SIGMOID = new Activation("sigmoid") {
        @Override
        void apply(float[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                a[i] = (float) (1.0 / (1.0 + Math.exp(-a[i])));
            }
        }
    };

    /** {@code nn.Tanh}, in double. */
    static final Activation TANH = new Activation("tanh") {
        @Override
        void apply(float[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                a[i] = (float) Math.tanh(a[i]);
            }
        }
    };

    /** {@code nn.SiLU}: {@code v / (1 + e^−v)} in double; −∞ gives −∞/∞ = NaN, as PyTorch's. */
    static final Activation SILU = new Activation("silu") {
        @Override
        void apply(float[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                double v = a[i];
                a[i] = (float) (v / (1 + Math.exp(-v)));
            }
        }
    };

    /** {@code nn.Hardswish}: {@code v · min(max(v + 3, 0), 6) / 6} in float; −∞ gives −∞·0 = NaN. */
    static final Activation HARDSWISH = new Activation("hardswish") {
        @Override
        void apply(float[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                float v = a[i];
                a[i] = v * Math.min(Math.max(v + 3f, 0f), 6f) / 6f;
            }
        }
    };

    /** {@code nn.Hardtanh(min, max)} / ReLU6 / ONNX Clip: NaN fails both tests and stays NaN, −0 stays −0. */
    static Activation hardtanh(Hardtanh h) {
        float min = h.min();
        float max = h.max();
        JavaKernels kernels = JavaKernels.get();
        return new Activation("hardtanh") {
            // compares, not Math.min/max (which would turn −0 into +0 at a zero bound): JavaKernels
            @Override
            void apply(float[] a, int from, int to) {
                kernels.hardtanh(a, from, to, min, max);
            }

            @Override
            void apply(float[] a, int from, int to, float bias) {
                kernels.hardtanh(a, from, to, bias, min, max);
            }

            @Override
            Clamp clamp() {
                return new Clamp(min, max);
            }

            @Override
            boolean commutesWithMax() {
                return true;
            }
        };
    }

    /** {@code nn.LeakyReLU(slope)}: {@code v > 0 ? v : v·slope}, one rounded product; NaN stays NaN. */
    static Activation leakyRelu(LeakyReLU l) {
        float slope = l.slope();
        return new Activation("leaky_relu") {
            @Override
            void apply(float[] a, int from, int to) {
                for (int i = from; i < to; i++) {
                    float v = a[i];
                    a[i] = v > 0 ? v : v * slope;
                }
            }

            @Override
            boolean commutesWithMax() {
                // non-decreasing only for a non-negative slope (and rounding keeps it so)
                return slope >= 0;
            }
        };
    }

    /** {@code nn.ELU(alpha)}: {@code v > 0 ? v : alpha·expm1(v)} in double; NaN stays NaN, −∞ gives −alpha. */
    static Activation elu(ELU e) {
        double alpha = e.alpha();
        return new Activation("elu") {
            @Override
            void apply(float[] a, int from, int to) {
                for (int i = from; i < to; i++) {
                    float v = a[i];
                    if (!(v > 0) && v == v) {
                        a[i] = (float) (alpha * Math.expm1(v));
                    }
                }
            }
        };
    }

    /** {@code nn.Hardsigmoid} / ONNX HardSigmoid: {@code clamp(alpha·v + beta, 0, 1)} in double; NaN stays NaN. */
    static Activation hardsigmoid(Hardsigmoid h) {
        double alpha = h.alpha();
        double beta = h.beta();
        return new Activation("hardsigmoid") {
            @Override
            void apply(float[] a, int from, int to) {
                for (int i = from; i < to; i++) {
                    a[i] = (float) Math.max(0, Math.min(1, alpha * a[i] + beta));
                }
            }
        };
    }

    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double GELU_BETA = Math.sqrt(2 / Math.PI);
    private static final double GELU_KAPPA = 0.044715;

    /**
     * {@code nn.GELU}: exact {@code v·½·(1 + erf(v·√½))} ({@link Erf}), or the tanh approximation
     * {@code ½·v·(1 + tanh(√(2/π)·(v + 0.044715·v³)))}; in double, rounded once; −∞ gives NaN, as
     * PyTorch's does.
     */
    static Activation gelu(GELU g) {
        if (g.tanhApproximation()) {
            return new Activation("gelu_tanh") {
                @Override
                void apply(float[] a, int from, int to) {
                    for (int i = from; i < to; i++) {
                        double v = a[i];
                        a[i] = (float) (0.5 * v * (1 + Math.tanh(GELU_BETA * (v + GELU_KAPPA * v * v * v))));
                    }
                }
            };
        }
        return new Activation("gelu") {
            @Override
            void apply(float[] a, int from, int to) {
                for (int i = from; i < to; i++) {
                    double v = a[i];
                    a[i] = (float) (v * 0.5 * (1 + Erf.erf(v * SQRT_HALF)));
                }
            }
        };
    }
}
