package dev.lamina.spi.helpers;

import dev.lamina.api.Layer;
import dev.lamina.spi.Node;
import dev.lamina.spi.Support;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A backend's one place per layer type: for each layer class, what the backend builds for a node of that type
 * ({@code F}: a kernel factory, a plan step factory, a device task factory), optionally with a check that
 * declines some parameters with a reason, or the statement that the type is a <em>view</em> — its output is
 * its single input's values unchanged, in the same order (flatten), so a plan gives it the input's buffer and
 * builds nothing for it.
 *
 * <p>{@link #supports(Node)} answers from the table alone: a type that is not registered is unsupported with
 * a reason naming the backend and the type, so a new layer type is never run by some other kernel. Register
 * every type once, before the table is used (typically in a constructor or static initialiser); registering
 * a type twice is an error. Lookups are safe from many threads.
 *
 * @param <F> what the backend builds per node
 */
public final class LayerTable<F> {

    /**
     * A per-node refinement of a registration: whether this backend runs a node of type {@code L} with these
     * parameters and shapes, and if not, why ({@code Support.no("dilation 2 is not implemented")}).
     */
    @FunctionalInterface
    public interface Check<L extends Layer> {
        Support check(L layer, Node node);
    }

    /** One registered type: a factory with its check, or a view. */
    private record Entry<F>(F factory, Check<Layer> check) {
        boolean view() {
            return factory == null;
        }
    }

    private static final Check<Layer> ALWAYS = (layer, node) -> Support.yes();

    private final Supplier<String> owner;
    private final Map<Class<? extends Layer>, Entry<F>> entries = new ConcurrentHashMap<>();

    private LayerTable(Supplier<String> owner) {
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /** An empty table; {@code owner} (the backend's id) is named in every "unsupported" reason. */
    public static <F> LayerTable<F> of(String owner) {
        Objects.requireNonNull(owner, "owner");
        return new LayerTable<>(() -> owner);
    }

    /** As {@link #of(String)}, for a table made before its backend's id is known (read when a reason is written). */
    public static <F> LayerTable<F> of(Supplier<String> owner) {
        return new LayerTable<>(owner);
    }

    /** Nodes of {@code type} are built by {@code factory}. */
    public <L extends Layer> LayerTable<F> register(Class<L> type, F factory) {
        return register(type, ALWAYS, factory);
    }

    /** Nodes of {@code type} that {@code check} accepts are built by {@code factory}; the others are declined. */
    public <L extends Layer> LayerTable<F> register(Class<L> type, Check<? super L> check, F factory) {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(factory, "factory");
        @SuppressWarnings("unchecked") // only ever called with layers of class `type`, see supports()
        Check<Layer> c = (Check<Layer>) check;
        put(type, new Entry<>(factory, c));
        return this;
    }

    /** Nodes of {@code type} are views: their output is their single input's values, unchanged. */
    public LayerTable<F> registerView(Class<? extends Layer> type) {
        put(type, new Entry<>(null, ALWAYS));
        return this;
    }

    private void put(Class<? extends Layer> type, Entry<F> entry) {
        Objects.requireNonNull(type, "type");
        if (entries.putIfAbsent(type, entry) != null) {
            throw new IllegalStateException(owner.get() + ": layer type " + type.getSimpleName()
                    + " is registered twice");
        }
    }

    /** The layer classes registered, kernels and views. */
    public Set<Class<? extends Layer>> types() {
        return Set.copyOf(entries.keySet());
    }

    /** Whether this table runs the node: its type is registered and its check (if any) accepts it. */
    public Support supports(Node node) {
        Entry<F> e = entries.get(node.layer().getClass());
        if (e == null) {
            return Support.no(owner.get() + " has no kernel for layer type " + node.layer().type());
        }
        if (e.view() && (node.inputs().size() != 1 || node.outputShape().size() != node.inputShape().size())) {
            return Support.no(owner.get() + " treats " + node.layer().type() + " as a view, which needs one input of the"
                    + " output's size; got " + node.inputShapes() + " → " + node.outputShape());
        }
        return e.check().check(node.layer(), node);
    }

    /** Whether the node's type is registered as a view (whether it is supported is {@link #supports}'s answer). */
    public boolean isView(Node node) {
        Entry<F> e = entries.get(node.layer().getClass());
        return e != null && e.view();
    }

    /**
     * What builds this node. Fails, naming the node and the reason, for a node {@link #supports} declines and
     * for a view (a plan asks {@link #isView} first and builds nothing for a view).
     */
    public F factory(Node node) {
        Support s = supports(node);
        if (!s.supported()) {
            throw new IllegalArgumentException(node.name() + ": " + s.reason());
        }
        Entry<F> e = entries.get(node.layer().getClass());
        if (e.view()) {
            throw new IllegalArgumentException(node.name() + ": " + node.layer().type()
                    + " is a view in " + owner.get() + ", it has nothing to build");
        }
        return e.factory();
    }
}
