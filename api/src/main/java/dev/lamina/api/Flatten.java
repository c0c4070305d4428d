package dev.lamina.api;

import java.util.List;

/** Flattens each sample in C, H, W order: PyTorch's {@code nn.Flatten()} (from dim 1). A view: no copy. */
public record Flatten() implements Layer {
    @Override
    public String type() {
        return "flatten";
    }

    @Override
    public String displayName() {
        return "Flatten";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        return Shape.of(Layer.single(name, this, inputs).size());
    }
}
