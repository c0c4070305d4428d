package dev.lamina.backend.cpu;

import dev.lamina.spi.Node;

/** Element-wise tanh, in double ({@link Math#tanh}) and rounded once to float; ±∞ give ±1, NaN stays NaN. */
final class TanhKernel extends ElementwiseKernel {
    TanhKernel(Node node) {
        super(node);
    }

    @Override
    void apply(float[] x, float[] out, int total) {
        for (int i = 0; i < total; i++) {
            out[i] = (float) Math.tanh(x[i]);
        }
    }
}
