package dev.lamina.api;

import java.util.List;

/**
 * Adaptive average pooling as PyTorch's {@code nn.AdaptiveAvgPool2d}: output {@code [C, oh, ow]} for any input size; window {@code i} of an axis covers {@code [floor(i·in/out), ceil((i+1)·in/out))}, so windows may differ in size and overlap when the output does not divide the input. {@code (1, 1)} is global average pooling.
 */
public record AdaptiveAvgPool2d(Dims2 output) implements Layer {
    public AdaptiveAvgPool2d {
        Check.positive("adaptive_avgpool2d", "output", output);
    }

    /** An {@code h × w} output. */
    public static AdaptiveAvgPool2d of(int h, int w) {
        return new AdaptiveAvgPool2d(Dims2.of(h, w));
    }

    @Override
    public String type() {
        return "adaptive_avgpool2d";
    }

    @Override
    public String displayName() {
        return "AdaptiveAveragePooling2D";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        Shape in = Layer.image(name, this, inputs);
        return Shape.of(in.dim(0), output.h(), output.w());
    }
}
