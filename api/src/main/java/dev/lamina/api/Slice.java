package dev.lamina.api;

import java.util.List;

/**
 * The elements {@code [start, end)} along one per-sample axis ({@code 0} is the channels of an image), as
 * {@code torch.narrow(x, axis + 1, start, end − start)}; {@code torch.chunk} along the channels is one slice
 * per chunk (ShuffleNetV2's split). {@code 0 ≤ start < end ≤} the axis' size.
 */
public record Slice(int axis, int start, int end) implements Layer {
    public Slice {
        if (axis < 0) {
            throw new IllegalArgumentException("slice: axis cannot be negative, got " + axis);
        }
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("slice: expected 0 <= start < end, got start " + start
                    + ", end " + end);
        }
    }

    @Override
    public String type() {
        return "slice";
    }

    @Override
    public String displayName() {
        return "Slice";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        Shape in = Layer.single(name, this, inputs);
        if (axis >= in.rank()) {
            throw new ShapeException(name + ": slice axis " + axis + " does not exist in input " + in
                    + " (axes 0 to " + (in.rank() - 1) + ")");
        }
        if (end > in.dim(axis)) {
            throw new ShapeException(name + ": slice [" + start + ", " + end + ") does not fit axis " + axis
                    + " of size " + in.dim(axis) + " (input " + in + ")");
        }
        int[] d = in.dims();
        d[axis] = end - start;
        return Shape.of(d);
    }
}
