package dev.lamina.backend.cpu;

import dev.lamina.spi.Node;

/** Element-wise max(0, x). NaN stays NaN ({@code NaN <= 0} is false) and −0 becomes +0. */
final class ReluKernel extends ElementwiseKernel {
    ReluKernel(Node node) {
        super(node);
    }

    @Override
    public void apply(float[] x, int xOff, float[] out, int outOff, int len) {
        // Math.max(v, +0) is exactly that (NaN stays NaN, max(−0, +0) is +0) and has no branch: C2 turns it
        // into vector max instructions, where "v <= 0 ? 0 : v" cost a mispredicted branch per random sign.
        for (int i = 0; i < len; i++) {
            out[outOff + i] = Math.max(x[xOff + i], 0f);
        }
    }
}
