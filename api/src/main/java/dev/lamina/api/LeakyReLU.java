package dev.lamina.api;

import java.util.List;

/**
 * As PyTorch's {@code nn.LeakyReLU(negative_slope)}: {@code y = x} for {@code x ≥ 0}, else {@code slope·x}; NaN stays NaN, −0 stays −0 (positive slope). Default slope 0.01. Any input shape.
 */
public record LeakyReLU(float slope) implements Layer {
    /** PyTorch's default slope. */
    public static final float DEFAULT_SLOPE = 0.01f;

    public LeakyReLU {
        Check.finite("leaky_relu", "slope", slope);
    }

    @Override
    public String type() {
        return "leaky_relu";
    }

    @Override
    public String displayName() {
        return "LeakyReLU";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        return Layer.single(name, this, inputs);
    }
}
