package dev.lamina.backend.cpu;

import dev.lamina.api.Hardsigmoid;
import dev.lamina.spi.Node;

/**
 * {@code nn.Hardsigmoid} / ONNX HardSigmoid: {@code clamp(alpha·v + beta, 0, 1)} in double, rounded once; Math.max/min keep NaN.
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
    void apply(float[] x, float[] out, int total) {
        for (int i = 0; i < total; i++) {
            out[i] = (float) Math.max(0, Math.min(1, alpha * x[i] + beta));
        }
    }
}
