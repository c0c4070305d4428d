package dev.lamina.spark;

import dev.lamina.core.Model;
import dev.lamina.core.Weights;

import java.util.Objects;

/** A model and its weights as a {@link ModelSource} read them, not yet compiled. */
public record LoadedModel(Model model, Weights weights) {
    public LoadedModel {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(weights, "weights");
    }
}
