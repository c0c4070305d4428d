package dev.lamina.backend.cpu;

import dev.lamina.spi.Node;

/** Element-wise max(0, x). NaN stays NaN ({@code NaN <= 0} is false) and −0 becomes +0. */
final class ReluKernel extends ElementwiseKernel {
    ReluKernel(Node node) {
        super(node);
    }

    @Override
    void apply(float[] x, float[] out, int total) {
        for (int i = 0; i < total; i++) {
            float v = x[i];
            out[i] = v <= 0f ? 0f : v;
        }
    }
}
