package dev.lamina.api;

import java.util.List;
import java.util.Map;

/**
 * What a layer computes, without its name, weights or place in a model. Every layer follows PyTorch's
 * semantics exactly (see each record). Shapes here are per sample: {@code [C, H, W]} for images,
 * {@code [F]} for features; the batch dimension is added when a model runs.
 */
public sealed interface Layer
        permits Conv2d, MaxPool2d, AvgPool2d, ReLU, Sigmoid, Tanh, Softmax, Flatten, Dense, Add, Concat,
        BatchNorm2d, AdaptiveAvgPool2d, AdaptiveMaxPool2d, Hardtanh, LeakyReLU, ELU, Hardsigmoid, Hardswish,
        SiLU, GELU, Mul, Identity, Dropout, ChannelShuffle, Slice, ZeroPad2d {

    /** The type name used in model files, e.g. {@code conv2d}. */
    String type();

    /** The Keras-style class name shown in summaries, e.g. {@code Conv2D}. */
    String displayName();

    /** How many inputs the layer takes: 1, at least 2 for {@link Add} and {@link Concat}, 2 for {@link Mul}. */
    default int minInputs() {
        return 1;
    }

    default int maxInputs() {
        return 1;
    }

    /**
     * The per-sample output shape for the given per-sample input shapes.
     *
     * @param name the layer's name, used in error messages
     * @throws ShapeException naming the layer, the expected and the actual shape when they do not fit
     */
    Shape outputShape(String name, List<Shape> inputs);

    /** The shapes of the layer's parameters, in PyTorch layout, in order (weight, then bias). */
    default Map<String, Shape> parameterShapes(List<Shape> inputs) {
        return Map.of();
    }

    /**
     * Whether a parameter is learnt by training. BatchNorm's running statistics are not (Keras counts them as
     * non-trainable, and so does the summary); every other parameter is.
     */
    default boolean trainable(String parameter) {
        return true;
    }

    /** Total number of parameters for these inputs. */
    default long parameterCount(List<Shape> inputs) {
        long n = 0;
        for (Shape s : parameterShapes(inputs).values()) {
            n += s.size();
        }
        return n;
    }

    /**
     * How random weights draw the parameter {@code param}, given all of the layer's parameter shapes.
     * The default is PyTorch's for conv and linear layers: weight and bias alike uniform in
     * ±1/√fan_in, fan_in being the weight's size over its first dimension. A layer whose parameters are
     * not of that kind (a BatchNorm's variance must stay positive) overrides it.
     *
     * @throws IllegalStateException when the layer has no {@code weight} to take fan_in from and does not
     *                               override this
     */
    default ParamInit initialisation(String param, Map<String, Shape> parameterShapes) {
        Shape w = parameterShapes.get(Names.WEIGHT);
        if (w == null || w.rank() == 0 || w.dim(0) == 0) {
            throw new IllegalStateException(type() + ": no default initialisation for " + param
                    + " without a weight; " + getClass().getSimpleName() + " must override Layer.initialisation");
        }
        return ParamInit.symmetric(1.0 / Math.sqrt((double) w.size() / w.dim(0)));
    }

    /** Shape-checks helpers shared by the layer records. */
    static Shape single(String name, Layer layer, List<Shape> inputs) {
        if (inputs.size() != 1) {
            throw new ShapeException(name + ": " + layer.type() + " takes exactly 1 input, got " + inputs.size());
        }
        return inputs.get(0);
    }

    static Shape image(String name, Layer layer, List<Shape> inputs) {
        Shape in = single(name, layer, inputs);
        if (in.rank() != 3) {
            throw new ShapeException(name + ": expected a [channels, height, width] input, got " + in
                    + (in.rank() == 1 ? " (a flat input cannot feed a 2-D layer)" : ""));
        }
        return in;
    }
}
