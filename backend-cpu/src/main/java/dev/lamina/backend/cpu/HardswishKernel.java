package dev.lamina.backend.cpu;

import dev.lamina.spi.Node;

/**
 * {@code nn.Hardswish}: {@code v·min(max(v + 3, 0), 6)/6} in double, rounded once; −∞ gives −∞·0 = NaN and NaN stays NaN, as in PyTorch.
 */
final class HardswishKernel extends ElementwiseKernel {
    HardswishKernel(Node node) {
        super(node);
    }

    @Override
    void apply(float[] x, float[] out, int total) {
        for (int i = 0; i < total; i++) {
            double v = x[i];
            out[i] = (float) (v * Math.min(Math.max(v + 3, 0), 6) / 6);
        }
    }
}
