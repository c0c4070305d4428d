package dev.lamina.backend.cpu;

import dev.lamina.api.Hardsigmoid;
import dev.lamina.spi.Node;

/**
 * {@code nn.Hardsigmoid} / ONNX HardSigmoid: {@code clamp(alpha·v + beta, 0, 1)} in double, rounded once;
 * Math.max/min keep NaN.
 */
final class HardsigmoidKernel extends ElementwiseKernel {
    private final double alpha;
    private final double beta;

    HardsigmoidKernel(Node node) {
        super(node);
        Hardsigmoid h = (Hardsigmoid) node.layer();
        alpha = h.alpha();
        beta = h.beta();
    }

    @Override
    public void apply(float[] x, int xOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = (float) Math.max(0, Math.min(1, alpha * x[xOff + i] + beta));
        }
    }
}
