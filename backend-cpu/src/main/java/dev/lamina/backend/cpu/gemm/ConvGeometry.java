package dev.lamina.backend.cpu.gemm;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Shape;

/**
 * The sizes of one conv node, worked out once: {@code channels × height × width} in, {@code filters × outH × outW}
 * out, and the layer's kernel, stride, dilation and padding by name. Output position (oh, ow) reads, for tap
 * (i, j), input row {@code oh·strideH − padTop + i·dilationH} and column {@code ow·strideW − padLeft + j·dilationW}
 * (zero outside the input).
 */
public final class ConvGeometry {
    final int channels;
    final int height;
    final int width;
    final int filters;
    final int kh;
    final int kw;
    final int strideH;
    final int strideW;
    final int dilationH;
    final int dilationW;
    final int padTop;
    final int padLeft;
    final int padBottom;
    final int padRight;
    final int outH;
    final int outW;
    final int groups;

    public ConvGeometry(Conv2d conv, Shape in, Shape out) {
        if (in.rank() != 3 || out.rank() != 3 || out.dim(0) != conv.filters()) {
            throw new IllegalArgumentException("conv geometry: expected [C, H, W] → [" + conv.filters()
                    + ", outH, outW], got " + in + " → " + out);
        }
        channels = in.dim(0);
        height = in.dim(1);
        width = in.dim(2);
        filters = conv.filters();
        kh = conv.kernel().h();
        kw = conv.kernel().w();
        strideH = conv.stride().h();
        strideW = conv.stride().w();
        dilationH = conv.dilation().h();
        dilationW = conv.dilation().w();
        padTop = conv.padding().top();
        padLeft = conv.padding().left();
        padBottom = conv.padding().bottom();
        padRight = conv.padding().right();
        outH = out.dim(1);
        outW = out.dim(2);
        groups = conv.groups();
    }

    /** Input values per sample. */
    int inSize() {
        return Math.multiplyExact(Math.multiplyExact(channels, height), width);
    }

    /** Values of one output plane. */
    int outPlane() {
        return Math.multiplyExact(outH, outW);
    }

    /** The GEMM's depth for groups = 1: {@code channels·kh·kw}, in PyTorch's weight order (c, i, j). */
    int depth() {
        return Math.multiplyExact(Math.multiplyExact(channels, kh), kw);
    }

    /** Stride 1 in both directions: each output row reads whole input rows, shifted per tap. */
    boolean unitStride() {
        return strideH == 1 && strideW == 1;
    }

    /** A 1×1 kernel, stride 1, no padding: the input planes are the GEMM's right operand as they stand. */
    boolean pointwise() {
        return kh == 1 && kw == 1 && unitStride() && padTop == 0 && padLeft == 0 && padBottom == 0 && padRight == 0;
    }

    /** Width of the input with its left and right padding. */
    int paddedWidth() {
        return width + padLeft + padRight;
    }
}
