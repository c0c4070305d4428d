package dev.lamina.spi;

/**
 * A backend compiles a whole model into an {@link Executable} plan. Lamina asks {@link #supports(Node)}
 * for every node before compiling, so an unsupported layer or parameter is known before anything runs;
 * {@link #compile(Graph)} only ever sees nodes the backend said it supports.
 */
public interface Backend extends AutoCloseable {

    String id();

    /** Whether this backend runs this node (layer type and parameters), and if not, why. */
    Support supports(Node node);

    /**
     * Compiles a graph whose every node is supported. The result must be safe to call from many threads
     * at once.
     */
    Executable compile(Graph graph);

    /**
     * Where this backend's plans allocate their buffers. Lamina checks {@link #memoryNeeds} against it
     * before compiling and before each call, so that a model too large for the memory is an error naming the
     * layer and the knob, never an {@code OutOfMemoryError} (or a failed native allocation) halfway through.
     * Default: the JVM heap.
     */
    default MemoryPool memoryPool() {
        return MemoryPool.heap();
    }

    /**
     * What a plan of this graph would take from {@link #memoryPool()}, estimated from shapes before anything
     * is allocated. Default: {@link MemoryNeeds#oneBufferPerValue}.
     */
    default MemoryNeeds memoryNeeds(Graph graph) {
        return MemoryNeeds.oneBufferPerValue(graph);
    }

    /** Releases what the backend holds (native memory, devices). Idempotent. */
    @Override
    default void close() {
    }
}
