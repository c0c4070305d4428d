package dev.lamina.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 2-D convolution exactly as PyTorch's {@code nn.Conv2d}: cross-correlation, zero padding, groups = 1.
 * Input channels come from the input. Weight {@code [filters, in, kh, kw]}, bias {@code [filters]}.
 */
public record Conv2d(int filters, Dims2 kernel, Dims2 stride, Dims2 padding, Dims2 dilation, boolean bias)
        implements Layer {

    public Conv2d {
        if (filters <= 0) {
            throw new IllegalArgumentException("conv2d: filters must be positive, got " + filters);
        }
        positive("kernel", kernel);
        positive("stride", stride);
        positive("dilation", dilation);
        if (padding == null) {
            throw new IllegalArgumentException("conv2d: padding is required");
        }
    }

    static void positive(String what, Dims2 d) {
        if (d == null || d.h() <= 0 || d.w() <= 0) {
            throw new IllegalArgumentException("conv2d: " + what + " must be positive, got " + d);
        }
    }

    /** A square-stride, unpadded, undilated convolution with bias, as the notebook uses. */
    public static Conv2d of(int filters, int kh, int kw) {
        return new Conv2d(filters, Dims2.of(kh, kw), Dims2.of(1), Dims2.of(0), Dims2.of(1), true);
    }

    public Conv2d withStride(int sh, int sw) {
        return new Conv2d(filters, kernel, Dims2.of(sh, sw), padding, dilation, bias);
    }

    public Conv2d withPadding(int ph, int pw) {
        return new Conv2d(filters, kernel, stride, Dims2.of(ph, pw), dilation, bias);
    }

    public Conv2d withDilation(int dh, int dw) {
        return new Conv2d(filters, kernel, stride, padding, Dims2.of(dh, dw), bias);
    }

    public Conv2d withBias(boolean b) {
        return new Conv2d(filters, kernel, stride, padding, dilation, b);
    }

    @Override
    public String type() {
        return "conv2d";
    }

    @Override
    public String displayName() {
        return "Conv2D";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        Shape in = Layer.image(name, this, inputs);
        int oh = Layer.windowOutput(name, "kernel", in, in.dim(1), kernel.h(), stride.h(), padding.h(), dilation.h());
        int ow = Layer.windowOutput(name, "kernel", in, in.dim(2), kernel.w(), stride.w(), padding.w(), dilation.w());
        return Shape.of(filters, oh, ow);
    }

    @Override
    public Map<String, Shape> parameterShapes(List<Shape> inputs) {
        Map<String, Shape> m = new LinkedHashMap<>();
        m.put("weight", Shape.of(filters, inputs.get(0).dim(0), kernel.h(), kernel.w()));
        if (bias) {
            m.put("bias", Shape.of(filters));
        }
        return m;
    }
}
