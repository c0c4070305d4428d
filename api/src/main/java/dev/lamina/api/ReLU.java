package dev.lamina.api;

import java.util.List;

/** Element-wise max(0, x); NaN stays NaN. Any input shape. */
public record ReLU() implements Layer {
    @Override
    public String type() {
        return "relu";
    }

    @Override
    public String displayName() {
        return "ReLU";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        return Layer.single(name, this, inputs);
    }
}
