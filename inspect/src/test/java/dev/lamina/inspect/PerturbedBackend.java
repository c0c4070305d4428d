package dev.lamina.inspect;

import dev.lamina.api.Tensor;
import dev.lamina.backend.cpu.CpuBackend;
import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;
import dev.lamina.spi.BackendProvider;
import dev.lamina.spi.Executable;
import dev.lamina.spi.Graph;
import dev.lamina.spi.Node;
import dev.lamina.spi.Support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A second backend for tests: the cpu backend, except that one layer's first output value comes back
 * off by {@code delta} — what a buggy kernel looks like from outside. Layers after it still see the
 * right value (the change is made on the way out), so only that layer differs.
 */
final class PerturbedBackend implements Backend {
    private final CpuBackend cpu = new CpuBackend();
    private final String layer;
    private final float delta;

    PerturbedBackend(String layer, float delta) {
        this.layer = layer;
        this.delta = delta;
    }

    static BackendProvider provider(String id, String layer, float delta) {
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
            public Availability probe() {
                return Availability.available("test double");
            }

            @Override
            public Backend create() {
                return new PerturbedBackend(layer, delta);
            }
        };
    }

    @Override
    public String id() {
        return "perturbed";
    }

    @Override
    public Support supports(Node node) {
        return cpu.supports(node);
    }

    @Override
    public Executable compile(Graph graph) {
        Executable plan = cpu.compile(graph);
        return (inputs, outputs) -> {
            Map<String, Tensor> result = new LinkedHashMap<>(plan.run(inputs, Set.copyOf(outputs)));
            Tensor t = result.get(layer);
            if (t != null) {
                float[] v = t.toArray();
                v[0] += delta;
                result.put(layer, Tensor.of(t.shape(), v));
            }
            return result;
        };
    }
}
