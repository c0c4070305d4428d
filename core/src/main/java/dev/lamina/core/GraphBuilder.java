package dev.lamina.core;

import dev.lamina.api.Layer;
import dev.lamina.api.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a model by applying layers to symbolic values, like Keras' functional API:
 * <pre>{@code
 * GraphBuilder g = Model.graph("notebook");
 * GraphBuilder.Value x = g.input(1, 5, 6);
 * GraphBuilder.Value y = g.apply("conv1", Conv2d.of(3, 2, 2), x);
 * ...
 * Model m = g.build(y);
 * }</pre>
 * Shapes are inferred as each layer is applied, so a mistake fails at the line that makes it.
 */
public final class GraphBuilder {
    private final String name;
    private ShapeInference inference;

    GraphBuilder(String name) {
        this.name = name;
    }

    /** A symbolic value: the model input or a layer's output, with its per-sample shape. */
    public record Value(GraphBuilder owner, String name, Shape shape) {
    }

    /** Declares the per-sample input shape (C, H, W); a model has exactly one input. */
    public Value input(int... chw) {
        if (inference != null) {
            throw new ModelException(name + ": the input is already declared");
        }
        inference = new ShapeInference(name, Shape.of(chw));
        return new Value(this, ShapeInference.INPUT, inference.shapeOf(ShapeInference.INPUT));
    }

    /** Applies a layer to one or more values and returns its output. */
    public Value apply(String layerName, Layer layer, Value... inputs) {
        if (inference == null) {
            throw new ModelException(name + ": declare the input before applying " + layerName);
        }
        List<String> names = new ArrayList<>();
        for (Value v : inputs) {
            if (v.owner() != this) {
                throw new ModelException(layerName + ": input " + v.name() + " belongs to another model");
            }
            names.add(v.name());
        }
        LayerNode node = inference.add(layerName, layer, names);
        return new Value(this, node.name(), node.outputShape());
    }

    /** The model whose output is {@code output}. */
    public Model build(Value output) {
        if (inference == null) {
            throw new ModelException(name + ": declare the input first");
        }
        return inference.build(output.name());
    }
}
