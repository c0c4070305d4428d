package dev.lamina.api;

import java.util.List;

/**
 * As PyTorch's {@code nn.ELU(alpha)}: {@code y = x} for {@code x > 0}, else {@code alpha·(exp(x) − 1)}; NaN stays NaN, −∞ gives −alpha. Default alpha 1. Any input shape.
 */
public record ELU(float alpha) implements Layer {
    public ELU {
        Check.finite("elu", "alpha", alpha);
    }

    @Override
    public String type() {
        return "elu";
    }

    @Override
    public String displayName() {
        return "ELU";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        return Layer.single(name, this, inputs);
    }
}
