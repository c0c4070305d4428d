package dev.lamina.api;

import java.util.List;

/**
 * As PyTorch's {@code nn.GELU(approximate)}: {@code "none"} is exact, {@code 0.5·x·(1 + erf(x/√2))}; {@code "tanh"} is {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}. NaN stays NaN. Any input shape.
 */
public record GELU(String approximate) implements Layer {
    public static final String EXACT = "none";
    public static final String TANH = "tanh";

    public GELU {
        if (!EXACT.equals(approximate) && !TANH.equals(approximate)) {
            throw new IllegalArgumentException("gelu: approximate must be \"none\" or \"tanh\", got "
                    + (approximate == null ? "nothing" : "\"" + approximate + "\""));
        }
    }

    /** The exact (erf) form, PyTorch's default. */
    public static GELU exact() {
        return new GELU(EXACT);
    }

    /** Whether this is the tanh approximation. */
    public boolean tanhApproximation() {
        return TANH.equals(approximate);
    }

    @Override
    public String type() {
        return "gelu";
    }

    @Override
    public String displayName() {
        return "GELU";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        return Layer.single(name, this, inputs);
    }
}
