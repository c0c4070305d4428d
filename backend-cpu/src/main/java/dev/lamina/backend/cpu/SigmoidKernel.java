package dev.lamina.backend.cpu;

import dev.lamina.spi.Node;

/**
 * Element-wise 1 / (1 + e^−x), in double and rounded once to float, so results are within half an ulp.
 * The exponent is always of −|x|, so it never overflows: large positive x gives exactly 1, large negative
 * x exactly 0 (once the true value is below float's smallest subnormal), and NaN stays NaN.
 */
final class SigmoidKernel extends ElementwiseKernel {
    SigmoidKernel(Node node) {
        super(node);
    }

    @Override
    public void apply(float[] x, int xOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = sigmoid(x[xOff + i]);
        }
    }

    static float sigmoid(float x) {
        if (x >= 0f) {
            return (float) (1.0 / (1.0 + Math.exp(-(double) x)));
        }
        // Negative or NaN: e^x cannot overflow, and exp(NaN) = NaN carries through.
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }
}
