package dev.lamina.backend.cpu;

import dev.lamina.spi.Node;

/**
 * {@code nn.Flatten}: the values are already in C, H, W order, so this is a copy. {@code KernelPlan}
 * treats flatten as a view and never asks for it; this exists for plans that do.
 */
final class FlattenKernel extends ElementwiseKernel {
    FlattenKernel(Node node) {
        super(node);
    }

    @Override
    void apply(float[] x, float[] out, int total) {
        System.arraycopy(x, 0, out, 0, total);
    }
}
