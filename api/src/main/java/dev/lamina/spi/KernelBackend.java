package dev.lamina.spi;

/**
 * The easy way to write a backend: say which nodes you support and give a {@link Kernel} for each; the
 * default plan ({@link KernelPlan}) allocates buffers, runs the kernels in order, treats {@code flatten}
 * as a view and reuses buffers across calls.
 */
public abstract class KernelBackend implements Backend {

    /** The kernel for a node this backend supports, built once at compile time (unpack weights here). */
    protected abstract Kernel kernel(Node node);

    @Override
    public Executable compile(Graph graph) {
        return new KernelPlan(graph, this::kernel);
    }
}
