package dev.lamina.spi;

import dev.lamina.api.Layer;
import dev.lamina.spi.helpers.KernelPlan;
import dev.lamina.spi.helpers.LayerTable;

import java.util.function.Function;

/**
 * The easy way to write a backend: register a {@link Kernel} factory per layer class in the constructor, and
 * the views (layers whose output is their input unchanged, such as flatten) once:
 *
 * <pre>{@code
 * public MyBackend() {
 *     register(Conv2d.class, ConvKernel::new);
 *     register(MaxPool2d.class, (pool, node) -> pool.padding().equals(Dims2.of(0)) ? Support.yes()
 *             : Support.no("padded max-pool is not implemented"), MaxPoolKernel::new);
 *     registerView(Flatten.class);
 * }
 * }</pre>
 *
 * {@link #supports(Node)} answers from that table: an unregistered layer type is unsupported, with a reason
 * naming the type, and a registration's check may decline some parameters with its own reason. The default
 * plan ({@link KernelPlan}) builds each node's kernel once at compile time, allocates buffers, runs the
 * kernels in order, gives a view its input's buffer and reuses buffers across calls.
 */
public abstract class KernelBackend implements Backend {
    /** Named by {@link #id()}, read when a reason is written (a subclass's id may not be set yet here). */
    private final LayerTable<Function<Node, Kernel>> kernels = LayerTable.of(this::id);

    /**
     * Nodes of {@code type} run the kernel {@code factory} builds for them (at compile time: unpack weights
     * there). Call from the constructor; registering a type twice fails.
     */
    protected final <L extends Layer> void register(Class<L> type, Function<Node, Kernel> factory) {
        kernels.register(type, factory);
    }

    /** As {@link #register(Class, Function)}, for the nodes {@code check} accepts; it gives the reason for the others. */
    protected final <L extends Layer> void register(Class<L> type, LayerTable.Check<? super L> check,
                                                    Function<Node, Kernel> factory) {
        kernels.register(type, check, factory);
    }

    /** Nodes of {@code type} are views: their output is their single input's values, in the same order. */
    protected final void registerView(Class<? extends Layer> type) {
        kernels.registerView(type);
    }

    /** From the registrations: the node's type is registered and its check, if any, accepts it. */
    @Override
    public Support supports(Node node) {
        return kernels.supports(node);
    }

    /** Whether the plan gives this node its input's buffer instead of running a kernel. */
    protected boolean isView(Node node) {
        return kernels.isView(node);
    }

    /** The kernel for a node this backend supports, built once at compile time. */
    protected Kernel kernel(Node node) {
        return kernels.factory(node).apply(node);
    }

    @Override
    public Executable compile(Graph graph) {
        return new KernelPlan(graph, this::isView, this::kernel);
    }
}
