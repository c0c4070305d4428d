package dev.lamina.conformance.reference;

import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;
import dev.lamina.spi.BackendProvider;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.KernelBackend;
import dev.lamina.spi.Node;
import dev.lamina.spi.Support;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The {@link ReferenceImplementation} as a backend, id {@code reference}: slow, exact to the last float
 * rounding, every layer supported. It is deliberately not registered with {@link java.util.ServiceLoader}:
 * it exists to test the kit itself. {@link #withKernel} swaps one layer type's kernel for another, which is
 * how the kit's tests build deliberately broken backends, and {@link #refusing} declares a layer
 * unsupported.
 */
public final class ReferenceBackend extends KernelBackend {
    public static final String ID = "reference";

    private final String id;
    private final Map<String, Function<Node, Kernel>> replaced;
    private final Predicate<Node> refused;
    private final String refusal;

    public ReferenceBackend() {
        this(ID, Map.of(), n -> false, "");
    }

    private ReferenceBackend(String id, Map<String, Function<Node, Kernel>> replaced, Predicate<Node> refused,
                             String refusal) {
        this.id = id;
        this.replaced = Map.copyOf(replaced);
        this.refused = refused;
        this.refusal = refusal;
    }

    /** The same backend under another id. */
    public ReferenceBackend withId(String newId) {
        return new ReferenceBackend(Objects.requireNonNull(newId), replaced, refused, refusal);
    }

    /** The same backend with {@code kernel} computing every node of {@code layerType} (e.g. "conv2d"). */
    public ReferenceBackend withKernel(String layerType, Function<Node, Kernel> kernel) {
        Map<String, Function<Node, Kernel>> m = new HashMap<>(replaced);
        m.put(layerType, kernel);
        return new ReferenceBackend(id, m, refused, refusal);
    }

    /** The same backend declaring the nodes {@code which} selects unsupported, giving {@code reason}. */
    public ReferenceBackend refusing(Predicate<Node> which, String reason) {
        return new ReferenceBackend(id, replaced, refused.or(which), reason);
    }

    /** A provider of this backend, for {@code BackendRegistry.of(List.of(...))}. */
    public BackendProvider provider() {
        return provider(id, () -> this);
    }

    /** A provider that is always available and creates backends with {@code create}. */
    public static BackendProvider provider(String id, Supplier<? extends Backend> create) {
        return new BackendProvider() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public int priority() {
                return 0;
            }

            @Override
            public String description() {
                return "the conformance kit's reference implementation (" + id + ")";
            }

            @Override
            public Availability probe() {
                return Availability.available("plain Java");
            }

            @Override
            public Backend create() {
                return create.get();
            }
        };
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Support supports(Node node) {
        return refused.test(node) ? Support.no(refusal) : Support.yes();
    }

    @Override
    protected Kernel kernel(Node node) {
        Function<Node, Kernel> swap = replaced.get(node.layer().type());
        if (swap != null) {
            return swap.apply(node);
        }
        Map<String, float[]> params = new HashMap<>();
        node.params().forEach((k, t) -> params.put(k, t.toArray()));
        return (batch, inputs, output) -> ReferenceImplementation.compute(node.layer(), node.inputShapes(),
                node.outputShape(), params, batch, inputs, output);
    }
}
