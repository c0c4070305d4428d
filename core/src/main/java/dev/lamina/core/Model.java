package dev.lamina.core;

import dev.lamina.api.Shape;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A built model: a name, the per-sample input shape ({@code [C, H, W]}), layers in an order where each
 * comes after what it reads, every shape inferred. Immutable; weights are separate ({@link Weights}), so
 * one model can run with many weight sets. Two models are equal when they have the same structure,
 * whichever way they were built.
 */
public final class Model {
    private final String name;
    private final Shape inputShape;
    private final List<LayerNode> layers;
    private final Map<String, LayerNode> byName = new LinkedHashMap<>();
    private final String output;

    Model(String name, Shape inputShape, List<LayerNode> layers, String output) {
        this.name = name;
        this.inputShape = inputShape;
        this.layers = List.copyOf(layers);
        this.layers.forEach(l -> byName.put(l.name(), l));
        this.output = output;
    }

    /** Starts a sequential model: each layer reads the one before it, unless told otherwise. */
    public static SequentialBuilder sequential(String name, int... inputChw) {
        return new SequentialBuilder(name, Shape.of(inputChw));
    }

    /** Starts a functional (graph) model, like Keras' functional API. */
    public static GraphBuilder graph(String name) {
        return new GraphBuilder(name);
    }

    public String name() {
        return name;
    }

    /** Per-sample input shape. */
    public Shape inputShape() {
        return inputShape;
    }

    public List<LayerNode> layers() {
        return layers;
    }

    public LayerNode layer(String layerName) {
        LayerNode n = byName.get(layerName);
        if (n == null) {
            throw new ModelException("no layer named " + layerName + " in " + name + "; layers: " + byName.keySet());
        }
        return n;
    }

    public boolean hasLayer(String layerName) {
        return byName.containsKey(layerName);
    }

    /** The name of the layer whose value the model returns. */
    public String output() {
        return output;
    }

    public Shape outputShape() {
        return byName.get(output).outputShape();
    }

    public long parameterCount() {
        return layers.stream().mapToLong(LayerNode::parameterCount).sum();
    }

    /** The Keras-style summary; no backend column until the model is compiled. */
    public Summary summary() {
        return Summary.of(this, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Model m && name.equals(m.name) && inputShape.equals(m.inputShape)
                && layers.equals(m.layers) && output.equals(m.output);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, inputShape, layers, output);
    }

    @Override
    public String toString() {
        return "Model " + name + " " + inputShape + " → " + outputShape() + ", " + layers.size() + " layers, "
                + parameterCount() + " parameters";
    }
}
