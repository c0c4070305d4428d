package dev.lamina.api;

import java.util.List;

/** Validation and shape rule shared by the two pools (PyTorch, {@code ceil_mode=False}). */
final class PoolWindow {
    private PoolWindow() {
    }

    static void validate(String type, Dims2 kernel, Dims2 stride, Dims2 padding) {
        if (kernel == null || kernel.h() <= 0 || kernel.w() <= 0) {
            throw new IllegalArgumentException(type + ": kernel must be positive, got " + kernel);
        }
        if (stride == null || stride.h() <= 0 || stride.w() <= 0) {
            throw new IllegalArgumentException(type + ": stride must be positive, got " + stride);
        }
        if (padding == null) {
            throw new IllegalArgumentException(type + ": padding is required");
        }
        // PyTorch refuses padding above half the kernel: such a window could hold padding only.
        if (padding.h() > kernel.h() / 2 || padding.w() > kernel.w() / 2) {
            throw new IllegalArgumentException(type + ": padding " + padding
                    + " must be at most half the kernel " + kernel);
        }
    }

    static Shape output(String name, Layer layer, List<Shape> inputs, Dims2 kernel, Dims2 stride, Dims2 padding) {
        Shape in = Layer.image(name, layer, inputs);
        int oh = Layer.windowOutput(name, "pool", in, in.dim(1), kernel.h(), stride.h(), padding.h(), 1);
        int ow = Layer.windowOutput(name, "pool", in, in.dim(2), kernel.w(), stride.w(), padding.w(), 1);
        return Shape.of(in.dim(0), oh, ow);
    }
}
