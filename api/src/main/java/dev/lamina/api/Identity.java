package dev.lamina.api;

import java.util.List;

/**
 * As PyTorch's {@code nn.Identity}: the input, unchanged (a view: backends copy nothing). It keeps exported architectures one to one. Any input shape.
 */
public record Identity() implements Layer {

    @Override
    public String type() {
        return "identity";
    }

    @Override
    public String displayName() {
        return "Identity";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        return Layer.single(name, this, inputs);
    }
}
