package dev.lamina.api;

import java.util.List;

/**
 * As PyTorch's {@code nn.Dropout(p)} in {@code eval()} mode: the input, unchanged (Lamina runs inference only; a view). {@code p} in {@code [0, 1]}, default 0.5, is kept so that exported models map one to one. Any input shape.
 */
public record Dropout(double p) implements Layer {
    public Dropout {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout: p must be in [0, 1], got " + p);
        }
    }

    @Override
    public String type() {
        return "dropout";
    }

    @Override
    public String displayName() {
        return "Dropout";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        return Layer.single(name, this, inputs);
    }
}
