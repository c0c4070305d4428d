package dev.lamina.backend.cpu;

import dev.lamina.spi.Node;

/**
 * {@code nn.SiLU}: {@code v / (1 + e^−v)} in double, rounded once; −∞ gives −∞/∞ = NaN, +∞ gives +∞, as PyTorch computes it.
 */
final class SiluKernel extends ElementwiseKernel {
    SiluKernel(Node node) {
        super(node);
    }

    @Override
    void apply(float[] x, float[] out, int total) {
        for (int i = 0; i < total; i++) {
            double v = x[i];
            out[i] = (float) (v / (1 + Math.exp(-v)));
        }
    }
}
