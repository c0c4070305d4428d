package dev.lamina.backend.cpu;

import dev.lamina.spi.Node;

/** Element-wise tanh, in double ({@link Math#tanh}) and rounded once to float; ±∞ give ±1, NaN stays NaN. */
final class TanhKernel extends ElementwiseKernel {
    TanhKernel(Node node) {
        super(node);
    }

    @Override
    public void apply(float[] x, int xOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = (float) Math.tanh(x[xOff + i]);
        }
    }
}
