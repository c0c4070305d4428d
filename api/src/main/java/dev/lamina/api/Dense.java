package dev.lamina.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fully connected layer as PyTorch's {@code nn.Linear}: {@code y = x·Wᵀ + b}, weight {@code [units, in]}.
 * {@code inputFeatures} is 0 to take the count from the input, or the count the author expects — a
 * mismatch (the seed notebook's {@code nn.Linear(4*5, 1)} after 12 features) is an error when the model
 * is built.
 */
public record Dense(int units, boolean bias, int inputFeatures) implements Layer {
    public Dense {
        if (units <= 0) {
            throw new IllegalArgumentException("dense: units must be positive, got " + units);
        }
        if (inputFeatures < 0) {
            throw new IllegalArgumentException("dense: input features cannot be negative, got " + inputFeatures);
        }
    }

    /** {@code units} outputs with bias, input features inferred. */
    public static Dense of(int units) {
        return new Dense(units, true, 0);
    }

    public Dense withBias(boolean b) {
        return new Dense(units, b, inputFeatures);
    }

    /** Declares the expected number of input features, as {@code nn.Linear(in, out)} does. */
    public Dense expecting(int features) {
        return new Dense(units, bias, features);
    }

    @Override
    public String type() {
        return "dense";
    }

    @Override
    public String displayName() {
        return "Dense";
    }

    @Override
    public Shape outputShape(String name, List<Shape> inputs) {
        Shape in = Layer.single(name, this, inputs);
        if (in.rank() != 1) {
            throw new ShapeException(name + ": expected a flat [features] input, got " + in
                    + " (add a flatten layer before it)");
        }
        if (inputFeatures != 0 && inputFeatures != in.dim(0)) {
            throw new ShapeException(name + ": expects " + inputFeatures + " input features, got " + in.dim(0));
        }
        return Shape.of(units);
    }

    @Override
    public Map<String, Shape> parameterShapes(List<Shape> inputs) {
        Map<String, Shape> m = new LinkedHashMap<>();
        m.put("weight", Shape.of(units, inputs.get(0).size()));
        if (bias) {
            m.put("bias", Shape.of(units));
        }
        return m;
    }
}
