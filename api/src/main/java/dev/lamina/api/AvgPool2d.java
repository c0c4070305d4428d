package dev.lamina.api;

import java.util.List;

/**
 * Average pooling as PyTorch's {@code nn.AvgPool2d}: {@code ceil_mode=False}, {@code count_include_pad=True}
 * (padding counts as zeros, every window divides by kh·kw).
 */
public record AvgPool2d(Dims2 kernel, Dims2 stride, Dims2 padding) implements Layer {
    public AvgPool2d {
        PoolWindow.validate("avgpool2d", kernel, stride, padding);
    }

    /** Kernel kh×kw, stride = kernel, no padding. */
    public static AvgPool2d of(int kh, int kw) {
        return new AvgPool2d(Dims2.of(kh, kw), Dims2.of(kh, kw), Dims2.of(0));
    }

    @Override
    public String type() {
        return "avgpool2d";
    }

    @Override
    public String displayName() {
        return "AveragePooling2D";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        return PoolWindow.output(name, this, inputs, kernel, stride, padding);
    }
}
