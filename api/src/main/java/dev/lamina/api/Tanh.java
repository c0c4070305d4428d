package dev.lamina.api;

import java.util.List;

/** Element-wise hyperbolic tangent. Any input shape. */
public record Tanh() implements Layer {
    @Override
    public String type() {
        return "tanh";
    }

    @Override
    public String displayName() {
        return "Tanh";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        return Layer.single(name, this, inputs);
    }
}
