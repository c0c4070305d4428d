package dev.lamina.api;

import java.util.List;

/**
 * As PyTorch's {@code nn.SiLU} (swish): {@code y = x·sigmoid(x)}; −∞ gives −0, +∞ gives +∞, NaN stays NaN. Any input shape.
 */
public record SiLU() implements Layer {

    @Override
    public String type() {
        return "silu";
    }

    @Override
    public String displayName() {
        return "SiLU";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        return Layer.single(name, this, inputs);
    }
}
