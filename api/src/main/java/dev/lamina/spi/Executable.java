package dev.lamina.spi;

import dev.lamina.api.Tensor;

import java.util.Map;
import java.util.Set;

/** A compiled graph. Safe to call from many threads at once. */
public interface Executable extends AutoCloseable {

    /**
     * Runs the graph on a batch.
     *
     * @param inputs  one tensor per graph input, each {@code [N, ...per-sample shape]} with the same N
     * @param outputs the names of the values to return (nodes or inputs)
     * @return exactly the requested values, each with its batch dimension
     */
    Map<String, Tensor> run(Map<String, Tensor> inputs, Set<String> outputs);

    /** Releases buffers the plan owns. Idempotent. */
    @Override
    default void close() {
    }
}
