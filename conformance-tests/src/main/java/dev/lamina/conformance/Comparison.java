package dev.lamina.conformance;

import dev.lamina.api.Tensor;
import dev.lamina.conformance.cases.LayerCheck;
import dev.lamina.conformance.reference.ReferenceImplementation;
import dev.lamina.conformance.reference.ReferenceRun;
import dev.lamina.conformance.reference.Tolerance;
import dev.lamina.core.LayerNode;
import dev.lamina.core.LayerOutputs;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Layer-by-layer comparison of one model run, for tools such as {@code lamina compare}: a backend against
 * the kit's reference implementation, two backends against each other, or a backend against expected
 * tensors (e.g. {@code .npy} files exported from PyTorch). Tolerances are the kit's: derived from the
 * model, weights and input by {@link ReferenceImplementation}.
 *
 * @param layers one comparison per compared layer, in model order
 */
public record Comparison(List<LayerCheck> layers) {
    public Comparison {
        layers = List.copyOf(layers);
    }

    /** A backend's outputs against the reference implementation, under the derived bounds. */
    public static Comparison againstReference(Model model, Weights weights, Tensor input, LayerOutputs actual) {
        ReferenceRun ref = ReferenceImplementation.run(model, weights, input);
        return of(model, ref.outputs(), actual.outputs(), ref.tolerances(), 1);
    }

    /**
     * Two backends' outputs against each other: each is within the derived bound of the exact result, so
     * they may differ by twice that.
     */
    public static Comparison between(Model model, Weights weights, Tensor input, LayerOutputs expected,
                                     LayerOutputs actual) {
        ReferenceRun ref = ReferenceImplementation.run(model, weights, input);
        return of(model, expected.outputs(), actual.outputs(), ref.tolerances(), 2);
    }

    /**
     * A backend's outputs against expected tensors by layer name (layers without one are not compared):
     * exactly, or within twice the derived bounds (the expected values came from another float32
     * implementation).
     */
    public static Comparison againstExpected(Model model, Weights weights, Tensor input,
                                             Map<String, Tensor> expected, LayerOutputs actual, boolean exact) {
        if (exact) {
            return of(model, expected, actual.outputs(), null, 0);
        }
        ReferenceRun ref = ReferenceImplementation.run(model, weights, input);
        return of(model, expected, actual.outputs(), ref.tolerances(), 2);
    }

    private static Comparison of(Model model, Map<String, Tensor> expected, Map<String, Tensor> actual,
                                 Map<String, Tolerance> tolerances, double scale) {
        List<LayerCheck> checks = new ArrayList<>();
        for (LayerNode n : model.layers()) {
            Tensor want = expected.get(n.name());
            if (want != null) {
                Tolerance tol = tolerances == null ? Tolerance.EXACT : tolerances.get(n.name()).scaled(scale);
                checks.add(LayerCheck.compare(n.name(), want, actual.get(n.name()), tol));
            }
        }
        return new Comparison(checks);
    }

    public boolean passed() {
        return !layers.isEmpty() && layers.stream().allMatch(LayerCheck::passed);
    }

    /** The first layer that differs, in model order: usually the cause of the later ones. */
    public Optional<LayerCheck> firstFailure() {
        return layers.stream().filter(l -> !l.passed()).findFirst();
    }

    /** One line per layer, then a verdict line. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (LayerCheck l : layers) {
            sb.append(l.passed() ? "ok    " : "DIFF  ").append(l.describe()).append('\n');
        }
        sb.append(layers.isEmpty() ? "no layer compared" : passed() ? "all " + layers.size() + " layers match"
                : firstFailure().orElseThrow().layer() + " is the first layer that differs");
        return sb.toString();
    }
}
