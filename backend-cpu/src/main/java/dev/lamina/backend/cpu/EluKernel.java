package dev.lamina.backend.cpu;

import dev.lamina.api.ELU;
import dev.lamina.spi.Node;

/**
 * {@code nn.ELU}: {@code v > 0 ? v : alpha·expm1(v)}, in double (expm1 keeps accuracy near 0) and rounded once;
 * NaN stays NaN, −∞ gives −alpha.
 */
final class EluKernel extends ElementwiseKernel {
    private final double alpha;

    EluKernel(Node node) {
        super(node);
        alpha = ((ELU) node.layer()).alpha();
    }

    @Override
    public void apply(float[] x, int xOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            float v = x[xOff + i];
            out[outOff + i] = v > 0 || v != v ? v : (float) (alpha * Math.expm1(v));
        }
    }
}
