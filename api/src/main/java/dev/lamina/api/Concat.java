package dev.lamina.api;

import java.util.List;

/** Concatenation along the channel axis ({@code torch.cat(dim=1)}); other dimensions must agree. */
public record Concat() implements Layer {
    @Override
    public String type() {
        return "concat";
    }

    @Override
    public String displayName() {
        return "Concatenate";
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
            throw new ShapeException(name + ": concat takes at least 2 inputs, got " + inputs.size());
        }
        Shape first = inputs.get(0);
        int channels = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Shape s = inputs.get(i);
            if (s.rank() != first.rank() || (s.rank() > 1 && !s.dropFirst().equals(first.dropFirst()))) {
                throw new ShapeException(name + ": inputs must agree on every axis but the channels: input 0 is "
                        + first + ", input " + i + " is " + s);
            }
            channels = Math.addExact(channels, s.dim(0));
        }
        int[] d = first.dims();
        d[0] = channels;
        return Shape.of(d);
    }
}
