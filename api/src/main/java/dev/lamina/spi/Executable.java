package dev.lamina.spi;

import dev.lamina.api.Tensor;

import java.nio.FloatBuffer;
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

    /**
     * Runs the graph on a batch and writes one value, {@code [N, ...]} row-major, into {@code destination}
     * at absolute indices {@code destination.position()} onwards (the position is not moved). The caller has
     * checked that the destination has room for it. A plan that can write there straight from its own
     * buffers, without making the output tensor {@link #run} returns, overrides this: it is the path that
     * lets a steady stream of calls allocate nothing. The default runs {@link #run} and copies.
     */
    default void runInto(Map<String, Tensor> inputs, String output, FloatBuffer destination) {
        Tensor t = run(inputs, Set.of(output)).get(output);
        t.copyTo(0, destination, destination.position(), t.size());
    }

    /**
     * As {@link #runInto(Map, String, FloatBuffer)} for a graph with one input, {@code inputName}, whose value
     * is {@code input}: the call core makes for {@code CompiledModel.forwardInto}. The default makes the
     * one-entry map; a plan that allocates nothing per call overrides this too.
     */
    default void runInto(String inputName, Tensor input, String output, FloatBuffer destination) {
        runInto(Map.of(inputName, input), output, destination);
    }

    /**
     * As {@link #runInto(String, Tensor, String, FloatBuffer)}, into {@code destination} from index
     * {@code offset} (the caller has checked the room): the path of {@code CompiledModel.forwardInto(Tensor,
     * float[])}. The default wraps the array in a buffer; a plan that allocates nothing per call overrides this
     * too.
     */
    default void runInto(String inputName, Tensor input, String output, float[] destination, int offset) {
        FloatBuffer b = FloatBuffer.wrap(destination);
        b.position(offset);
        runInto(inputName, input, output, b);
    }

    /** Releases buffers the plan owns. Idempotent. */
    @Override
    default void close() {
    }
}
