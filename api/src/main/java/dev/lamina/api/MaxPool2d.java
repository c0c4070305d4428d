package dev.lamina.api;

import java.util.List;

/**
 * Max pooling as PyTorch's {@code nn.MaxPool2d}: padding acts as −∞ (on any of the four sides, each at most
 * half the kernel), window taps {@code dilation} apart, NaN wins; with {@code ceilMode} the output size
 * rounds up, and a last window that would start beyond the input and the leading padding is dropped.
 */
public record MaxPool2d(Dims2 kernel, Dims2 stride, Padding padding, Dims2 dilation, boolean ceilMode)
        implements Layer {
    public MaxPool2d {
        PoolWindow.validate("maxpool2d", kernel, stride, padding, dilation);
    }

    /** Kernel kh×kw, stride = kernel, no padding, no dilation, {@code ceil_mode=False}. */
    public static MaxPool2d of(int kh, int kw) {
        return new MaxPool2d(Dims2.of(kh, kw), Dims2.of(kh, kw), Padding.none(), Dims2.of(1), false);
    }

    public MaxPool2d withStride(int sh, int sw) {
        return new MaxPool2d(kernel, Dims2.of(sh, sw), padding, dilation, ceilMode);
    }

    public MaxPool2d withPadding(Padding p) {
        return new MaxPool2d(kernel, stride, p, dilation, ceilMode);
    }

    public MaxPool2d withDilation(int dh, int dw) {
        return new MaxPool2d(kernel, stride, padding, Dims2.of(dh, dw), ceilMode);
    }

    public MaxPool2d withCeilMode(boolean ceil) {
        return new MaxPool2d(kernel, stride, padding, dilation, ceil);
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
        return PoolWindow.output(name, this, inputs, kernel, stride, padding, dilation, ceilMode);
    }
}
