package dev.lamina.api;

import java.util.List;

/**
 * As PyTorch's {@code nn.Hardsigmoid} (alpha 1/6, beta 1/2) and ONNX {@code HardSigmoid} (alpha, beta given): {@code y = clamp(alpha·x + beta, 0, 1)}; NaN stays NaN. Any input shape.
 */
public record Hardsigmoid(float alpha, float beta) implements Layer {
    public Hardsigmoid {
        Check.finite("hardsigmoid", "alpha", alpha);
        Check.finite("hardsigmoid", "beta", beta);
    }

    /** PyTorch's {@code nn.Hardsigmoid}: alpha 1/6, beta 1/2. */
    public static Hardsigmoid of() {
        return new Hardsigmoid(1f / 6, 0.5f);
    }

    @Override
    public String type() {
        return "hardsigmoid";
    }

    @Override
    public String displayName() {
        return "Hardsigmoid";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        return Layer.single(name, this, inputs);
    }
}
