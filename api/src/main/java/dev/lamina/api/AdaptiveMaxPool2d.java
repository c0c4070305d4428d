package dev.lamina.api;

import java.util.List;

/**
 * Adaptive max pooling as PyTorch's {@code nn.AdaptiveMaxPool2d}: the windows of {@link AdaptiveAvgPool2d}, reduced by max; NaN wins.
 */
public record AdaptiveMaxPool2d(Dims2 output) implements Layer {
    public AdaptiveMaxPool2d {
        Check.positive("adaptive_maxpool2d", "output", output);
    }

    /** An {@code h × w} output. */
    public static AdaptiveMaxPool2d of(int h, int w) {
        return new AdaptiveMaxPool2d(Dims2.of(h, w));
    }

    @Override
    public String type() {
        return "adaptive_maxpool2d";
    }

    @Override
    public String displayName() {
        return "AdaptiveMaxPooling2D";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        Shape in = Layer.image(name, this, inputs);
        return Shape.of(in.dim(0), output.h(), output.w());
    }
}
