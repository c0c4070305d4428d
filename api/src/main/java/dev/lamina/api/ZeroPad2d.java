package dev.lamina.api;

import java.util.List;

/**
 * As PyTorch's {@code nn.ZeroPad2d(padding)}: zeros added around each channel of a {@code [C, H, W]} input,
 * giving {@code [C, H + top + bottom, W + left + right]}. (PyTorch's order in the tuple is left, right, top,
 * bottom; {@link Padding} names the sides.)
 */
public record ZeroPad2d(Padding padding) implements Layer {
    public ZeroPad2d {
        if (padding == null) {
            throw new IllegalArgumentException("zeropad2d: padding is required");
        }
    }

    @Override
    public String type() {
        return "zeropad2d";
    }

    @Override
    public String displayName() {
        return "ZeroPadding2D";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        Shape in = Layer.image(name, this, inputs);
        return Shape.of(in.dim(0), Math.addExact(in.dim(1), padding.height()), Math.addExact(in.dim(2), padding.width()));
    }
}
