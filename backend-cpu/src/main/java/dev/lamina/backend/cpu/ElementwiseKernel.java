package dev.lamina.backend.cpu;

import dev.lamina.backend.cpu.gemm.Epilogue;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

/**
 * A one-input kernel whose output has the input's size: checks the buffers once per call, then hands the
 * whole batch to {@link #apply}, so each subclass keeps its own tight loop (one virtual call per batch,
 * none per element). The same {@link #apply} is the activation a conv's epilogue runs on each block of its
 * output while the block is in cache ({@link dev.lamina.backend.cpu.gemm.Epilogue}), so a fused activation
 * computes exactly what the layer's own kernel does.
 */
abstract class ElementwiseKernel implements Kernel, Epilogue.Activation {
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
        apply(inputs[0], 0, output, 0, batch * size);
    }

    /**
     * Writes {@code out[outOff + i]} from {@code x[xOff + i]} for every {@code i < len}; {@code x} and {@code out}
     * may be one array at one offset (in place).
     */
    @Override
    public abstract void apply(float[] x, int xOff, float[] out, int outOff, int len);
}
