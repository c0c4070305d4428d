package dev.lamina.core;

import dev.lamina.api.Layer;
import dev.lamina.api.Shape;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A layer in a built model: its name, spec, the values it reads ({@code input} or earlier layers), and the
 * per-sample shapes found by shape inference.
 */
public record LayerNode(String name, Layer layer, List<String> inputs, List<Shape> inputShapes, Shape outputShape) {
    public LayerNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(layer, "layer");
        inputs = List.copyOf(inputs);
        inputShapes = List.copyOf(inputShapes);
        Objects.requireNonNull(outputShape, "outputShape");
    }

    /** Parameter shapes in PyTorch layout, weight then bias. */
    public Map<String, Shape> parameterShapes() {
        return layer.parameterShapes(inputShapes);
    }

    public long parameterCount() {
        return layer.parameterCount(inputShapes);
    }
}
