package dev.lamina.backend.cpu;

import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

/**
 * {@code nn.Flatten}: the values are already in C, H, W order, so this is a copy. {@code KernelPlan}
 * treats flatten as a view and never asks for it; this exists for plans that do.
 */
final class FlattenKernel implements Kernel {
    private final String name;
    private final int size;
    private final int[] inSizes;

    FlattenKernel(Node node) {
        name = node.name();
        size = node.outputShape().size();
        inSizes = new int[] {size};
    }

    @Override
    public void forward(int batch, float[][] inputs, float[] output) {
        NodeParams.checkBuffers(name, batch, inputs, inSizes, output, size);
        System.arraycopy(inputs[0], 0, output, 0, batch * size);
    }
}
