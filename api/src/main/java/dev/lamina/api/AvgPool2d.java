package dev.lamina.api;

import java.util.List;

/**
 * Average pooling as PyTorch's {@code nn.AvgPool2d}. Padding (any of the four sides, each at most half the
 * kernel) counts as zeros. The divisor is PyTorch's: with {@code countIncludePad} the window clipped to the
 * padded input (so a window that {@code ceilMode} lets run past the padding never counts that overhang),
 * without it the number of real input values in the window.
 */
public record AvgPool2d(Dims2 kernel, Dims2 stride, Padding padding, boolean ceilMode, boolean countIncludePad)
        implements Layer {
    private static final Dims2 NO_DILATION = Dims2.of(1);

    public AvgPool2d {
        PoolWindow.validate("avgpool2d", kernel, stride, padding, NO_DILATION);
    }

    /** Kernel kh×kw, stride = kernel, no padding, {@code ceil_mode=False}, {@code count_include_pad=True}. */
    public static AvgPool2d of(int kh, int kw) {
        return new AvgPool2d(Dims2.of(kh, kw), Dims2.of(kh, kw), Padding.none(), false, true);
    }

    public AvgPool2d withStride(int sh, int sw) {
        return new AvgPool2d(kernel, Dims2.of(sh, sw), padding, ceilMode, countIncludePad);
    }

    public AvgPool2d withPadding(Padding p) {
        return new AvgPool2d(kernel, stride, p, ceilMode, countIncludePad);
    }

    public AvgPool2d withCeilMode(boolean ceil) {
        return new AvgPool2d(kernel, stride, padding, ceil, countIncludePad);
    }

    public AvgPool2d withCountIncludePad(boolean include) {
        return new AvgPool2d(kernel, stride, padding, ceilMode, include);
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
        return PoolWindow.output(name, this, inputs, kernel, stride, padding, NO_DILATION, ceilMode);
    }
}
