package dev.lamina.api;

import java.util.List;

/** Element-wise 1 / (1 + e^−x), saturating to exactly 0 and 1. Any input shape. */
public record Sigmoid() implements Layer {
    @Override
    public String type() {
        return "sigmoid";
    }

    @Override
    public String displayName() {
        return "Sigmoid";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        return Layer.single(name, this, inputs);
    }
}
