package dev.lamina.api;

import java.util.List;

/** Max pooling as PyTorch's {@code nn.MaxPool2d}: {@code ceil_mode=False}, padding acts as −∞, NaN wins. */
public record MaxPool2d(Dims2 kernel, Dims2 stride, Dims2 padding) implements Layer {
    public MaxPool2d {
        PoolWindow.validate("maxpool2d", kernel, stride, padding);
    }

    /** Kernel kh×kw, stride = kernel, no padding. */
    public static MaxPool2d of(int kh, int kw) {
        return new MaxPool2d(Dims2.of(kh, kw), Dims2.of(kh, kw), Dims2.of(0));
    }

    @Override
    public String type() {
        return "maxpool2d";
    }

    @Override
    public String displayName() {
        return "MaxPooling2D";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        return PoolWindow.output(name, this, inputs, kernel, stride, padding);
    }
}
