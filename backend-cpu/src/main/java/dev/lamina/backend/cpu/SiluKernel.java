package dev.lamina.backend.cpu;

import dev.lamina.spi.Node;

/**
 * {@code nn.SiLU}: {@code v / (1 + e^−v)} in double, rounded once; −∞ gives −∞/∞ = NaN, +∞ gives +∞, as PyTorch
 * computes it.
 */
final class SiluKernel extends ElementwiseKernel {
    SiluKernel(Node node) {
        super(node);
    }

    @Override
    public void apply(float[] x, int xOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            double v = x[xOff + i];
            out[outOff + i] = (float) (v / (1 + Math.exp(-v)));
        }
    }
}
