package dev.lamina.spi;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a backend compiles: named inputs and nodes in an order where every node comes after what it reads.
 * A whole model has one input, {@code input}; when layers are split between backends, a part can have
 * several.
 */
public record Graph(List<GraphInput> inputs, List<Node> nodes) {
    public Graph {
        inputs = List.copyOf(inputs);
        nodes = List.copyOf(nodes);
        Set<String> known = new HashSet<>();
        for (GraphInput in : inputs) {
            if (!known.add(in.name())) {
                throw new IllegalArgumentException("duplicate graph input " + in.name());
            }
        }
        for (Node n : nodes) {
            for (String src : n.inputs()) {
                if (!known.contains(src)) {
                    throw new IllegalArgumentException(n.name() + ": reads " + src + ", which is not defined before it");
                }
            }
            if (!known.add(n.name())) {
                throw new IllegalArgumentException("duplicate node name " + n.name());
            }
        }
    }

    /** Per-sample shapes of every value in the graph, by name. */
    public Map<String, dev.lamina.api.Shape> shapes() {
        Map<String, dev.lamina.api.Shape> m = new HashMap<>();
        inputs.forEach(i -> m.put(i.name(), i.shape()));
        nodes.forEach(n -> m.put(n.name(), n.outputShape()));
        return m;
    }
}
