package dev.lamina.backend.cpu;

import dev.lamina.api.LeakyReLU;
import dev.lamina.spi.Node;

/**
 * {@code nn.LeakyReLU} in float: {@code v > 0 ? v : v·slope}, one correctly rounded product; NaN stays NaN.
 */
final class LeakyReluKernel extends ElementwiseKernel {
    private final float slope;

    LeakyReluKernel(Node node) {
        super(node);
        slope = ((LeakyReLU) node.layer()).slope();
    }

    @Override
    public void apply(float[] x, int xOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            float v = x[xOff + i];
            out[outOff + i] = v > 0 ? v : v * slope;
        }
    }
}
