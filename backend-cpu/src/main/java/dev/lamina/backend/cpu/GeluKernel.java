package dev.lamina.backend.cpu;

import dev.lamina.api.GELU;
import dev.lamina.spi.Node;
import dev.lamina.spi.helpers.Erf;

/**
 * {@code nn.GELU}: exact {@code v·0.5·(1 + erf(v·√½))} ({@link Erf}) or, with {@code approximate="tanh"}, {@code
 * 0.5·v·(1 + tanh(√(2/π)·(v + 0.044715·v³)))}; in double, rounded once. −∞ gives NaN (−∞·0), as in PyTorch.
 */
final class GeluKernel extends ElementwiseKernel {
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double BETA = Math.sqrt(2 / Math.PI);
    private static final double KAPPA = 0.044715;
    private final boolean tanh;

    GeluKernel(Node node) {
        super(node);
        tanh = ((GELU) node.layer()).tanhApproximation();
    }

    @Override
    public void apply(float[] x, int xOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            double v = x[xOff + i];
            out[outOff + i] = (float) (tanh ? 0.5 * v * (1 + Math.tanh(BETA * (v + KAPPA * v * v * v)))
                    : v * 0.5 * (1 + Erf.erf(v * SQRT_HALF)));
        }
    }
}
