package dev.lamina.backend.cpu;

import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

/** Element-wise max(0, x). NaN stays NaN ({@code NaN <= 0} is false) and −0 becomes +0. */
final class ReluKernel implements Kernel {
    private final String name;
    private final int size;
    private final int[] inSizes;

    ReluKernel(Node node) {
        name = node.name();
        size = node.outputShape().size();
        inSizes = new int[] {size};
    }

    @Override
    public void forward(int batch, float[][] inputs, float[] output) {
        NodeParams.checkBuffers(name, batch, inputs, inSizes, output, size);
        float[] x = inputs[0];
        int total = batch * size;
        for (int i = 0; i < total; i++) {
            float v = x[i];
            output[i] = v <= 0f ? 0f : v;
        }
    }
}
