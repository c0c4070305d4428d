package dev.lamina.conformance.cases;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.Model;
import dev.lamina.core.WeightLayout;
import dev.lamina.core.Weights;
import dev.lamina.core.examples.NotebookExample;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The seed notebook: its network from the model file and built both ways in code (core's
 * {@link NotebookExample}), its weights in both layouts, its summary, and its exercises. Whatever builds
 * them, the outputs are checked against the golden files, which hold PyTorch's outputs.
 */
final class NotebookCases {
    private NotebookCases() {
    }

    static List<ConformanceCase> all() {
        Supplier<Map<String, Tensor>> expected = () -> GoldenFiles.load("notebook").expected();
        return List.of(
                new ConformanceCase("notebook/model-file", Rule.NOTEBOOK_LAYER_OUTPUTS,
                        "notebook from its model file, weights and input files: every layer exact",
                        Requirement.always(),
                        ModelCheck.golden(() -> GoldenFiles.load("notebook").fixture(), expected, true)),
                new ConformanceCase("notebook/sequential", Rule.NOTEBOOK_BUILD_STYLES,
                        "notebook built with the sequential builder: every layer exact", Requirement.always(),
                        ModelCheck.golden(() -> fixture(sequential(true), pytorchWeights(sequential(true))),
                                expected, true)),
                new ConformanceCase("notebook/graph", Rule.NOTEBOOK_BUILD_STYLES,
                        "notebook built with the graph builder: every layer exact", Requirement.always(),
                        ModelCheck.golden(() -> fixture(graph(), pytorchWeights(graph())), expected, true)),
                new ConformanceCase("notebook/keras-layout-sequential", Rule.NOTEBOOK_WEIGHT_LAYOUTS,
                        "notebook, sequential, weights set per layer in Keras layout (HWIO, [in, out])",
                        Requirement.always(),
                        ModelCheck.golden(() -> fixture(sequential(true), kerasWeightsPerLayer(sequential(true))),
                                expected, true)),
                new ConformanceCase("notebook/keras-layout-graph", Rule.NOTEBOOK_WEIGHT_LAYOUTS,
                        "notebook, graph, weights set all at once in Keras layout (set_weights)",
                        Requirement.always(),
                        ModelCheck.golden(() -> fixture(graph(), kerasWeightsAll(graph())), expected, true)),
                new ConformanceCase("notebook/summary", Rule.NOTEBOOK_SUMMARY,
                        "notebook summary: 28 parameters", Requirement.always(),
                        new SummaryCheck(() -> fixture(sequential(true), pytorchWeights(sequential(true))), 28,
                                rows(15, 13))),
                new ConformanceCase("notebook/summary-no-bias", Rule.NOTEBOOK_SUMMARY,
                        "notebook summary without bias: 24 parameters", Requirement.always(),
                        new SummaryCheck(() -> {
                            Model m = sequential(false);
                            return fixture(m, Weights.random(m, 3));
                        }, 24, rows(12, 12))),
                golden("exercise-a-input-1x6x6", "exercise 4a: input 1×6×6"),
                golden("exercise-b-input-3x6x6", "exercise 4b: input 3×6×6"),
                golden("exercise-c-extra-conv", "exercise 5: a second conv, 4 filters 3×3, before the pool"),
                golden("exercise-d-no-bias", "exercise 3: no bias anywhere"));
    }

    private static ConformanceCase golden(String name, String title) {
        return new ConformanceCase("notebook/" + name, Rule.NOTEBOOK_EXERCISES, title + " (PyTorch golden)",
                Requirement.always(), ModelCheck.golden(() -> GoldenFiles.load(name).fixture(),
                () -> GoldenFiles.load(name).expected(), false));
    }

    private static Map<String, String> rows(long conv, long dense) {
        return Map.of("conv1", "(None, 3, 4, 5), " + conv, "relu1", "(None, 3, 4, 5), 0",
                "max_pool1", "(None, 3, 2, 2), 0", "flat", "(None, 12), 0", "dense2", "(None, 1), " + dense,
                "sigmoid2", "(None, 1), 0");
    }

    static Model sequential(boolean bias) {
        return NotebookExample.model(bias);
    }

    static Model graph() {
        return NotebookExample.graphModel();
    }

    private static final float[] CONV_BIAS = NotebookExample.convBias();
    private static final float[] DENSE_BIAS = NotebookExample.denseBias();

    private static float[] convOihw() {
        return NotebookExample.convWeightOihw();
    }

    private static float[] denseWeights() {
        return NotebookExample.denseWeight();
    }

    static Tensor input() {
        return NotebookExample.input();
    }

    static Fixture fixture(Model m, Weights w) {
        return new Fixture(m, w, input());
    }

    static Weights pytorchWeights(Model m) {
        return Weights.builder(m)
                .set("conv1", "weight", Tensor.of(Shape.of(3, 1, 2, 2), convOihw()))
                .set("conv1", "bias", Tensor.of(Shape.of(3), CONV_BIAS))
                .set("dense2", "weight", Tensor.of(Shape.of(1, 12), denseWeights()))
                .set("dense2", "bias", Tensor.of(Shape.of(1), DENSE_BIAS))
                .build();
    }

    /** The conv weight as Keras holds it, [kh, kw, in, out], transposed here by hand. */
    static float[] convHwio() {
        float[] oihw = convOihw();
        float[] hwio = new float[12];
        for (int o = 0; o < 3; o++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) {
                    hwio[(y * 2 + x) * 3 + o] = oihw[(o * 2 + y) * 2 + x];
                }
            }
        }
        return hwio;
    }

    /** Per layer, flat arrays in Keras layout: the dense [12, 1] has the same order as [1, 12]. */
    static Weights kerasWeightsPerLayer(Model m) {
        return Weights.builder(m)
                .set("conv1", WeightLayout.KERAS, convHwio(), CONV_BIAS)
                .set("dense2", WeightLayout.KERAS, denseWeights(), DENSE_BIAS)
                .build();
    }

    /** All four tensors at once, Keras' {@code model.set_weights([W_conv, b_conv, W_dense, b_dense])}. */
    static Weights kerasWeightsAll(Model m) {
        return Weights.builder(m).setAll(WeightLayout.KERAS, List.of(
                Tensor.of(Shape.of(2, 2, 1, 3), convHwio()),
                Tensor.of(Shape.of(3), CONV_BIAS),
                Tensor.of(Shape.of(12, 1), denseWeights()),
                Tensor.of(Shape.of(1), DENSE_BIAS))).build();
    }
}
