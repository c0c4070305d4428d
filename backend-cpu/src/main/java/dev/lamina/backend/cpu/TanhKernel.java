package dev.lamina.backend.cpu;

import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

/** Element-wise tanh, in double ({@link Math#tanh}) and rounded once to float; ±∞ give ±1, NaN stays NaN. */
final class TanhKernel implements Kernel {
    private final String name;
    private final int size;
    private final int[] inSizes;

    TanhKernel(Node node) {
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
            output[i] = (float) Math.tanh(x[i]);
        }
    }
}
