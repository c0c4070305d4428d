package dev.lamina.backend.cpu;

import dev.lamina.spi.Node;

/**
 * {@code nn.Hardswish}: {@code v·min(max(v + 3, 0), 6)/6} in float, step by step as PyTorch computes it (so the
 * product overflows to ±∞ beyond 3.4e38/6, as PyTorch's does); −∞ gives −∞·0 = NaN and NaN stays NaN.
 */
final class HardswishKernel extends ElementwiseKernel {
    HardswishKernel(Node node) {
        super(node);
    }

    @Override
    public void apply(float[] x, int xOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            float v = x[xOff + i];
            out[outOff + i] = v * Math.min(Math.max(v + 3f, 0f), 6f) / 6f;
        }
    }
}
