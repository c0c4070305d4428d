package dev.lamina.conformance.reference;

import java.util.function.DoubleUnaryOperator;

/**
 * The element-wise layers of Lamina 0.2 in double, written as PyTorch 1.13's CPU kernels write them (so that
 * NaN and ±Inf come out as PyTorch's do: {@code silu(−∞)} and {@code hardswish(−∞)} are NaN, because PyTorch
 * computes {@code −∞ / ∞} and {@code −∞ · 0}), each rounded to float32 once — except Hardswish, whose float
 * product PyTorch lets overflow and which is therefore evaluated in float, step by step, as PyTorch does.
 */
final class ReferenceActivations {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double TANH_BETA = Math.sqrt(2 / Math.PI);
    private static final double TANH_KAPPA = 0.044715;

    private ReferenceActivations() {
    }

    /** {@code y[i] = (float) f(x[i])} for the first {@code count} values. */
    static void map(int count, float[] x, float[] y, DoubleUnaryOperator f) {
        for (int i = 0; i < count; i++) {
            y[i] = (float) f.applyAsDouble(x[i]);
        }
    }

    /** {@code nn.Hardtanh}: {@code x < min ? min : x > max ? max : x}; NaN falls through both tests and stays NaN. */
    static DoubleUnaryOperator hardtanh(double min, double max) {
        return x -> x < min ? min : x > max ? max : x;
    }

    /** {@code nn.LeakyReLU}: {@code x > 0 ? x : x·slope}. */
    static DoubleUnaryOperator leakyRelu(double slope) {
        return x -> x > 0 ? x : x * slope;
    }

    /** {@code nn.ELU}: {@code x <= 0 ? (exp(x) − 1)·alpha : x}; NaN fails the test and stays NaN. */
    static DoubleUnaryOperator elu(double alpha) {
        return x -> x <= 0 ? (Math.exp(x) - 1) * alpha : x;
    }

    /**
     * {@code nn.Hardsigmoid}: PyTorch's {@code min(max(x + 3, 0), 6) / 6} is {@code clamp(x/6 + 1/2, 0, 1)};
     * ONNX's HardSigmoid is {@code clamp(alpha·x + beta, 0, 1)}. Math.max/min keep NaN.
     */
    static DoubleUnaryOperator hardsigmoid(double alpha, double beta) {
        return x -> Math.max(0, Math.min(1, alpha * x + beta));
    }

    /**
     * {@code nn.Hardswish}: {@code x · min(max(x + 3, 0), 6) / 6}, each step rounded to float as PyTorch's float
     * kernel rounds it — so the product overflows to ±∞ beyond 3.4e38 / 6, as in PyTorch; −∞ gives −∞·0 = NaN.
     */
    static double hardswish(double x) {
        float f = (float) x;
        float gate = Math.min(Math.max(f + 3f, 0f), 6f);
        return f * gate / 6f;
    }

    /** {@code nn.SiLU}: {@code x / (1 + exp(−x))}; −∞ gives −∞/∞ = NaN, as in PyTorch. */
    static double silu(double x) {
        return x / (1 + Math.exp(-x));
    }

    /** {@code nn.GELU()}: {@code x · 0.5 · (1 + erf(x·√½))}; −∞ gives NaN, as in PyTorch. */
    static double gelu(double x) {
        return x * 0.5 * (1 + erf(x * SQRT_HALF));
    }

    /** {@code nn.GELU(approximate="tanh")}: {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}. */
    static double geluTanh(double x) {
        return 0.5 * x * (1 + Math.tanh(TANH_BETA * (x + TANH_KAPPA * x * x * x)));
    }

    /**
     * The error function to about 1e-15, from its series of positive terms
     * {@code erf(x) = 2/√π · e^(−x²) · Σ (2x²)^n · x / (1·3·…·(2n+1))} (no cancellation, unlike Taylor's
     * alternating series); beyond |x| = 6 erf is ±1 to double precision. NaN stays NaN.
     */
    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = Math.abs(x);
        if (a >= 6) {
            return Math.copySign(1, x);
        }
        double twoX2 = 2 * a * a;
        double term = a;
        double sum = a;
        for (int n = 1; term > sum * 1e-17; n++) {
            term *= twoX2 / (2 * n + 1);
            sum += term;
        }
        return Math.copySign(Math.min(1, TWO_OVER_SQRT_PI * Math.exp(-a * a) * sum), x);
    }
}
