package dev.lamina.backend.cpu;

import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

/**
 * A one-input kernel whose output has the input's size: checks the buffers once per call, then hands the
 * whole batch to {@link #apply}, so each subclass keeps its own tight loop (one virtual call per batch,
 * none per element).
 */
abstract class ElementwiseKernel implements Kernel {
    private final String name;
    private final int size;
    private final int[] inSizes;

    ElementwiseKernel(Node node) {
        name = node.name();
        size = node.outputShape().size();
        inSizes = new int[] {size};
    }

    @Override
    public final void forward(int batch, float[][] inputs, float[] output) {
        NodeParams.checkBuffers(name, batch, inputs, inSizes, output, size);
        apply(inputs[0], output, batch * size);
    }

    /** Writes {@code out[i]} from {@code x[i]} for every {@code i < total}. */
    abstract void apply(float[] x, float[] out, int total);
}
