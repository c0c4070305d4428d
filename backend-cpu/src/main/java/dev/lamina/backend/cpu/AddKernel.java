package dev.lamina.backend.cpu;

import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

import java.util.Arrays;

/** Element-wise sum of two or more same-shaped inputs, added left to right: {@code (a + b) + c}. */
final class AddKernel implements Kernel {
    private final String name;
    private final int size;
    private final int[] inSizes;

    AddKernel(Node node) {
        name = node.name();
        size = node.outputShape().size();
        inSizes = new int[node.inputs().size()];
        Arrays.fill(inSizes, size);
    }

    @Override
    public void forward(int batch, float[][] inputs, float[] output) {
        NodeParams.checkBuffers(name, batch, inputs, inSizes, output, size);
        int total = batch * size;
        float[] a = inputs[0];
        float[] b = inputs[1];
        for (int i = 0; i < total; i++) {
            output[i] = a[i] + b[i];
        }
        for (int k = 2; k < inputs.length; k++) {
            float[] c = inputs[k];
            for (int i = 0; i < total; i++) {
                output[i] += c[i];
            }
        }
    }
}
