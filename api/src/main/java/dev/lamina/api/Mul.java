package dev.lamina.api;

import java.util.List;

/**
 * Element-wise product of exactly two inputs, as {@code torch.mul} / {@code *}: of the same shape, or one
 * of them {@code [C, 1, 1]} broadcast over the other's {@code [C, H, W]} — the scaling of
 * squeeze-and-excitation blocks ({@code x * se(x)}), either side.
 */
public record Mul() implements Layer {
    @Override
    public String type() {
        return "mul";
    }

    @Override
    public String displayName() {
        return "Multiply";
    }

    @Override
    public int minInputs() {
        return 2;
    }

    @Override
    public int maxInputs() {
        return 2;
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        if (inputs.size() != 2) {
            throw new ShapeException(name + ": mul takes exactly 2 inputs, got " + inputs.size());
        }
        return Check.broadcast(name, inputs);
    }
}
