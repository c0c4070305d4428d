package dev.lamina.api;

import java.util.List;

/**
 * As PyTorch's {@code nn.Hardswish}: {@code y = x·relu6(x + 3)/6}, i.e. 0 at and below −3, {@code x} at and above 3; NaN stays NaN. Any input shape.
 */
public record Hardswish() implements Layer {

    @Override
    public String type() {
        return "hardswish";
    }

    @Override
    public String displayName() {
        return "Hardswish";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        return Layer.single(name, this, inputs);
    }
}
