package dev.lamina.backend.blas;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Shape;
import dev.lamina.spi.Node;

import java.util.List;

/**
 * The shape of one conv2d node, computed once when the plan is built and read by every lowering (im2col,
 * parity, Winograd) and the direct Java path: input {@code [cin, h, w]}, output {@code [cout, hout, wout]},
 * kernel, stride, padding and dilation, and the zero-padded input plane {@code [hp, wp]}. Hot loops copy what
 * they read into locals first.
 */
record ConvGeometry(Conv2d conv, Shape input, Shape output) {

    ConvGeometry {
        // the SPI's Node already checked these shapes; the sizes a lowering multiplies must also fit an int
        if (!conv.outputShape("conv", List.of(input)).equals(output)) {
            throw new IllegalArgumentException("conv geometry: " + input + " → " + output + " is not " + conv);
        }
        Math.multiplyExact(Math.multiplyExact(input.dim(0), conv.kernel().h()), conv.kernel().w());
        Math.multiplyExact(Math.addExact(input.dim(1), 2 * conv.padding().top()),
                Math.addExact(input.dim(2), 2 * conv.padding().left()));
    }

    /** The geometry of a conv2d node. */
    static ConvGeometry of(Node node) {
        return new ConvGeometry((Conv2d) node.layer(), node.inputShape(), node.outputShape());
    }

    int cin() {
        return input.dim(0);
    }

    int h() {
        return input.dim(1);
    }

    int w() {
        return input.dim(2);
    }

    int cout() {
        return output.dim(0);
    }

    int hout() {
        return output.dim(1);
    }

    int wout() {
        return output.dim(2);
    }

    int kh() {
        return conv.kernel().h();
    }

    int kw() {
        return conv.kernel().w();
    }

    int sh() {
        return conv.stride().h();
    }

    int sw() {
        return conv.stride().w();
    }

    int ph() {
        return conv.padding().top();
    }

    int pw() {
        return conv.padding().left();
    }

    int dh() {
        return conv.dilation().h();
    }

    int dw() {
        return conv.dilation().w();
    }

    /** Height of the zero-padded input plane. */
    int hp() {
        return h() + 2 * ph();
    }

    /** Width of the zero-padded input plane. */
    int wp() {
        return w() + 2 * pw();
    }

    /** Rows of the im2col matrix, and the GEMM's inner dimension: {@code cin · kh · kw}. */
    int k() {
        return cin() * kh() * kw();
    }

    /** Stride 1: each im2col row is one contiguous slice of the padded plane. */
    boolean contiguous() {
        return sh() == 1 && sw() == 1;
    }

    /** Floats in one input sample. */
    int inputSample() {
        return input.size();
    }

    /** Floats in one input plane. */
    int inputPlane() {
        return h() * w();
    }

    /** The padded plane plus the slack a row slice starting at the last kernel column reads past it. */
    long paddedPlane() {
        return (long) hp() * wp() + (long) (kw() - 1) * dw() + 1;
    }

    long macsPerImage() {
        return (long) cout() * k() * hout() * wout();
    }
}
