package dev.lamina.spi;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a backend compiles: named inputs and nodes in an order where every node comes after what it reads.
 * A whole model has one input, {@code input}; when layers are split between backends, a part can have
 * several.
 */
public record Graph(List<GraphInput> inputs, List<Node> nodes) {
    public Graph {
        inputs = List.copyOf(inputs);
        nodes = List.copyOf(nodes);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a graph needs at least one input");
        }
        Map<String, dev.lamina.api.Shape> known = new HashMap<>();
        for (GraphInput in : inputs) {
            if (known.put(in.name(), in.shape()) != null) {
                throw new IllegalArgumentException("duplicate graph input " + in.name());
            }
        }
        for (Node n : nodes) {
            for (int i = 0; i < n.inputs().size(); i++) {
                String src = n.inputs().get(i);
                dev.lamina.api.Shape s = known.get(src);
                if (s == null) {
                    throw new IllegalArgumentException(n.name() + ": reads " + src + ", which is not defined before it");
                }
                if (!s.equals(n.inputShapes().get(i))) {
                    throw new IllegalArgumentException(n.name() + ": declares input " + src + " as "
                            + n.inputShapes().get(i) + ", but it is " + s);
                }
            }
            if (known.put(n.name(), n.outputShape()) != null) {
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
