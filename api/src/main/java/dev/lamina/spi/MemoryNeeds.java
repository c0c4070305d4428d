package dev.lamina.spi;

import dev.lamina.api.Tensor;

/**
 * What a compiled graph takes from its backend's {@link MemoryPool}: bytes allocated once when it is compiled
 * (the weights it copies) and bytes per sample of a call's batch (activations and scratch). An estimate made
 * before anything is allocated, from shapes alone; it may be somewhat high, never far low.
 */
public record MemoryNeeds(long fixedBytes, long bytesPerSample) {
    public MemoryNeeds {
        if (fixedBytes < 0 || bytesPerSample < 0) {
            throw new IllegalArgumentException("negative memory needs: fixed " + fixedBytes + ", per sample "
                    + bytesPerSample);
        }
    }

    /**
     * The default plan's needs ({@link dev.lamina.spi.helpers.KernelPlan}, and any plan like it): one float
     * buffer per graph input and node output for each sample, and a copy of every parameter.
     */
    public static MemoryNeeds oneBufferPerValue(Graph graph) {
        long perSample = 0;
        for (GraphInput in : graph.inputs()) {
            perSample = Math.addExact(perSample, in.shape().size());
        }
        long fixed = 0;
        for (Node n : graph.nodes()) {
            perSample = Math.addExact(perSample, n.outputShape().size());
            for (Tensor p : n.params().values()) {
                fixed = Math.addExact(fixed, Math.multiplyExact(4L, p.size()));
            }
        }
        return new MemoryNeeds(fixed, Math.multiplyExact(4L, perSample));
    }

    /** Bytes for a batch of {@code n}, fixed part included. */
    public long forBatch(int n) {
        return Math.addExact(fixedBytes, Math.multiplyExact(bytesPerSample, (long) n));
    }
}
