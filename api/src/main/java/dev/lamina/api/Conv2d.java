package dev.lamina.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 2-D convolution exactly as PyTorch's {@code nn.Conv2d}: cross-correlation, zero padding (any of the four
 * sides; PyTorch's {@code padding="same"} is {@link Padding#same(Dims2, Dims2)}), dilation and
 * {@code groups}. Input channels come from the input; input channels and filters must both be divisible by
 * {@code groups}, and group {@code g} reads input channels {@code [g·in/groups, (g+1)·in/groups)} into
 * filters {@code [g·filters/groups, (g+1)·filters/groups)}. Depthwise is groups = in = filters.
 * Weight {@code [filters, in/groups, kh, kw]}, bias {@code [filters]}.
 */
public record Conv2d(int filters, Dims2 kernel, Dims2 stride, Padding padding, Dims2 dilation, int groups,
                     boolean bias) implements Layer {

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
        if (groups <= 0) {
            throw new IllegalArgumentException("conv2d: groups must be positive, got " + groups);
        }
        if (filters % groups != 0) {
            throw new IllegalArgumentException("conv2d: filters " + filters + " must be divisible by groups "
                    + groups);
        }
    }

    static void positive(String what, Dims2 d) {
        if (d == null || d.h() <= 0 || d.w() <= 0) {
            throw new IllegalArgumentException("conv2d: " + what + " must be positive, got " + d);
        }
    }

    /** A unit-stride, unpadded, undilated, ungrouped convolution with bias, as the notebook uses. */
    public static Conv2d of(int filters, int kh, int kw) {
        return new Conv2d(filters, Dims2.of(kh, kw), Dims2.of(1), Padding.none(), Dims2.of(1), 1, true);
    }

    public Conv2d withStride(int sh, int sw) {
        return new Conv2d(filters, kernel, Dims2.of(sh, sw), padding, dilation, groups, bias);
    }

    /** Symmetric padding: {@code ph} rows above and below, {@code pw} columns left and right. */
    public Conv2d withPadding(int ph, int pw) {
        return withPadding(Padding.of(ph, pw));
    }

    public Conv2d withPadding(Padding p) {
        return new Conv2d(filters, kernel, stride, p, dilation, groups, bias);
    }

    public Conv2d withDilation(int dh, int dw) {
        return new Conv2d(filters, kernel, stride, padding, Dims2.of(dh, dw), groups, bias);
    }

    public Conv2d withGroups(int g) {
        return new Conv2d(filters, kernel, stride, padding, dilation, g, bias);
    }

    public Conv2d withBias(boolean b) {
        return new Conv2d(filters, kernel, stride, padding, dilation, groups, b);
    }

    /** Whether this is a depthwise convolution for {@code inChannels} inputs: groups = in = filters. */
    public boolean depthwise(int inChannels) {
        return groups > 1 && groups == inChannels && groups == filters;
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
        if (in.dim(0) % groups != 0) {
            throw new ShapeException(name + ": " + in.dim(0) + " input channels are not divisible by groups "
                    + groups + " (input " + in + ")");
        }
        int oh = WindowRule.output(name, "kernel", in, "height", in.dim(1), kernel.h(), stride.h(), padding.top(),
                padding.bottom(), dilation.h(), false);
        int ow = WindowRule.output(name, "kernel", in, "width", in.dim(2), kernel.w(), stride.w(), padding.left(),
                padding.right(), dilation.w(), false);
        return Shape.of(filters, oh, ow);
    }

    @Override
    public Map<String, Shape> parameterShapes(List<Shape> inputs) {
        Map<String, Shape> m = new LinkedHashMap<>();
        m.put("weight", Shape.of(filters, inputs.get(0).dim(0) / groups, kernel.h(), kernel.w()));
        if (bias) {
            m.put("bias", Shape.of(filters));
        }
        return m;
    }
}
