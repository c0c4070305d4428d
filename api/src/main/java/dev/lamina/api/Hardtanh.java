package dev.lamina.api;

import java.util.List;

/**
 * Clamping as PyTorch's {@code nn.Hardtanh(min_val, max_val)} (ONNX {@code Clip}): {@code y = min(max(x, min), max)}; NaN stays NaN, ±∞ clamp. {@code ReLU6} is {@code (0, 6)}, the default {@code (−1, 1)}. Any input shape.
 */
public record Hardtanh(float min, float max) implements Layer {
    public Hardtanh {
        Check.finite("hardtanh", "min", min);
        Check.finite("hardtanh", "max", max);
        if (!(min < max)) {
            throw new IllegalArgumentException("hardtanh: min " + min + " must be less than max " + max);
        }
    }

    /** PyTorch's defaults, {@code (−1, 1)}. */
    public static Hardtanh of() {
        return new Hardtanh(-1f, 1f);
    }

    /** {@code nn.ReLU6}: {@code (0, 6)}. */
    public static Hardtanh relu6() {
        return new Hardtanh(0f, 6f);
    }

    @Override
    public String type() {
        return "hardtanh";
    }

    @Override
    public String displayName() {
        return "Hardtanh";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        return Layer.single(name, this, inputs);
    }
}
