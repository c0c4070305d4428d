package dev.lamina.spi;

/**
 * One layer's computation over a batch, for backends built on {@link KernelBackend}. Buffers are dense,
 * row-major, sized for at least {@code batch} samples; a kernel must only use the first
 * {@code batch × per-sample size} values, and write every one of its output values.
 * The output buffer is never one of the input buffers. A kernel is called from many threads at once with
 * different buffers, so it keeps no mutable state.
 */
@FunctionalInterface
public interface Kernel {
    void forward(int batch, float[][] inputs, float[] output);
}
