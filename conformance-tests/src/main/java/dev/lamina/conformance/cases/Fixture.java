package dev.lamina.conformance.cases;

import dev.lamina.api.Tensor;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;

import java.util.Objects;

/** What a case runs: a model, its weights and an input batch. */
public record Fixture(Model model, Weights weights, Tensor input) {
    public Fixture {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(input, "input");
    }
}
