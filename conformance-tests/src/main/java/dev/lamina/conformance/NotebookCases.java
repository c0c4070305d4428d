package dev.lamina.conformance;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Flatten;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Tensor;
import dev.lamina.core.GraphBuilder;
import dev.lamina.core.Model;
import dev.lamina.core.WeightLayout;
import dev.lamina.core.Weights;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The seed notebook: its network from the model file and built both ways in code, its weights in both
 * layouts, its summary, and its exercises. The network, weights and input are written here from the
 * notebook's description (conv 1→3 2×2, ReLU, 2×2 max-pool, flatten, dense 12→1, sigmoid on a 5×6 input),
 * independently of the golden files, which hold PyTorch's outputs.
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
        return Model.sequential("notebook", 1, 5, 6)
                .add("conv1", Conv2d.of(3, 2, 2).withBias(bias))
                .add("relu1", new ReLU())
                .add("max_pool1", MaxPool2d.of(2, 2))
                .add("flat", new Flatten())
                .add("dense2", Dense.of(1).withBias(bias))
                .add("sigmoid2", new Sigmoid())
                .build();
    }

    static Model graph() {
        GraphBuilder g = Model.graph("notebook");
        GraphBuilder.Value x = g.input(1, 5, 6);
        GraphBuilder.Value c = g.apply("conv1", Conv2d.of(3, 2, 2), x);
        GraphBuilder.Value r = g.apply("relu1", new ReLU(), c);
        GraphBuilder.Value p = g.apply("max_pool1", MaxPool2d.of(2, 2), r);
        GraphBuilder.Value f = g.apply("flat", new Flatten(), p);
        GraphBuilder.Value d = g.apply("dense2", Dense.of(1), f);
        return g.build(g.apply("sigmoid2", new Sigmoid(), d));
    }

    /** Filter o holds 4o+1 … 4o+4 row by row: [[1, 2], [3, 4]], [[5, 6], [7, 8]], [[9, 10], [11, 12]]. */
    static float[] convOihw() {
        float[] w = new float[12];
        for (int i = 0; i < 12; i++) {
            w[i] = i + 1;
        }
        return w;
    }

    static final float[] CONV_BIAS = {0.1f, 0.2f, 0.3f};
    static final float[] DENSE_BIAS = {0.1f};

    /** Dense weights 0, 1, …, 11 (one unit). */
    static float[] denseWeights() {
        float[] w = new float[12];
        for (int i = 0; i < 12; i++) {
            w[i] = i;
        }
        return w;
    }

    /** A 5×6 image of zeros with 1 at (1, 2) and −1 at (3, 4). */
    static Tensor input() {
        float[] x = new float[30];
        x[1 * 6 + 2] = 1;
        x[3 * 6 + 4] = -1;
        return Tensor.of(Shape.of(1, 1, 5, 6), x);
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
