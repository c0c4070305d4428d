package dev.lamina.api;

import java.util.List;

/**
 * Element-wise sum of two or more inputs, as {@code torch.add} / {@code +}: all of the same shape, or some
 * of them {@code [C, 1, 1]} broadcast over the others' {@code [C, H, W]}. Summed in input order.
 */
public record Add() implements Layer {
    @Override
    public String type() {
        return "add";
    }

    @Override
    public String displayName() {
        return "Add";
    }

    @Override
    public int minInputs() {
        return 2;
    }

    @Override
    public int maxInputs() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        if (inputs.size() < 2) {
            throw new ShapeException(name + ": add takes at least 2 inputs, got " + inputs.size());
        }
        return Check.broadcast(name, inputs);
    }
}
