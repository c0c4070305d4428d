package dev.lamina.api;

import java.util.List;

/** Validation and shape rule shared by the two pools (PyTorch's {@code pool2d_shape_check}). */
final class PoolWindow {
    private PoolWindow() {
    }

    static void validate(String type, Dims2 kernel, Dims2 stride, Padding padding, Dims2 dilation) {
        if (kernel == null || kernel.h() <= 0 || kernel.w() <= 0) {
            throw new IllegalArgumentException(type + ": kernel must be positive, got " + kernel);
        }
        if (stride == null || stride.h() <= 0 || stride.w() <= 0) {
            throw new IllegalArgumentException(type + ": stride must be positive, got " + stride);
        }
        if (dilation == null || dilation.h() <= 0 || dilation.w() <= 0) {
            throw new IllegalArgumentException(type + ": dilation must be positive, got " + dilation);
        }
        if (padding == null) {
            throw new IllegalArgumentException(type + ": padding is required");
        }
        // PyTorch refuses padding above half the kernel: such a window could hold padding only.
        int halfH = kernel.h() / 2;
        int halfW = kernel.w() / 2;
        if (Math.max(padding.top(), padding.bottom()) > halfH || Math.max(padding.left(), padding.right()) > halfW) {
            throw new IllegalArgumentException(type + ": padding " + padding
                    + " must be at most half the kernel " + kernel);
        }
    }

    static Shape output(String name, Layer layer, List<Shape> inputs, Dims2 kernel, Dims2 stride, Padding padding,
                        Dims2 dilation, boolean ceil) {
        Shape in = Layer.image(name, layer, inputs);
        int oh = WindowRule.output(name, "pool", in, "height", in.dim(1), kernel.h(), stride.h(), padding.top(),
                padding.bottom(), dilation.h(), ceil);
        int ow = WindowRule.output(name, "pool", in, "width", in.dim(2), kernel.w(), stride.w(), padding.left(),
                padding.right(), dilation.w(), ceil);
        return Shape.of(in.dim(0), oh, ow);
    }
}
