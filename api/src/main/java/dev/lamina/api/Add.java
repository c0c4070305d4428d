package dev.lamina.api;

import java.util.List;

/** Element-wise sum of two or more inputs of the same shape (no broadcasting). */
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
        Shape first = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            if (!inputs.get(i).equals(first)) {
                throw new ShapeException(name + ": expected every input to have shape " + first
                        + ", got " + inputs.get(i) + " at input " + i);
            }
        }
        return first;
    }
}
