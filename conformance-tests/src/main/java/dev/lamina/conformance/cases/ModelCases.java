package dev.lamina.conformance.cases;

import dev.lamina.api.Add;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Flatten;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tensor;
import dev.lamina.core.GraphBuilder;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;

import java.util.ArrayList;
import java.util.List;

/** Whole models: LeNet, a graph with branches, many threads on one model, and the canary. */
final class ModelCases {
    private ModelCases() {
    }

    static ConformanceCase canary() {
        return new ConformanceCase("kit/backend-under-test", Rule.KIT_BACKEND_UNDER_TEST,
                "canary: the backend that runs is the one requested", Requirement.always(),
                new CanaryCheck(() -> NotebookCases.fixture(NotebookCases.sequential(true),
                        NotebookCases.pytorchWeights(NotebookCases.sequential(true)))));
    }

    static List<ConformanceCase> all() {
        List<ConformanceCase> l = new ArrayList<>(List.of(
                new ConformanceCase("model/lenet", Rule.MODEL_LENET, "LeNet-5 on a batch of 8 (PyTorch golden)",
                        Requirement.optional(), ModelCheck.golden(() -> GoldenFiles.load("lenet").fixture(),
                        () -> GoldenFiles.load("lenet").expected(), false)),
                new ConformanceCase("model/graph-add-concat", Rule.MODEL_GRAPH,
                        "graph: conv branches joined by add and concat, pool, dense, softmax; batch 3",
                        Requirement.optional(), ModelCheck.reference(Fixtures.model(ModelCases::branches, 3, 81))),
                new ConformanceCase("model/thread-safety", Rule.MODEL_THREAD_SAFETY,
                        ThreadSafetyCheck.THREADS + " threads calling one compiled model at once",
                        Requirement.always(), new ThreadSafetyCheck(() -> {
                            Model m = threaded();
                            return new Fixture(m, Weights.random(m, 91), Fixtures.input(2, 92, 1, 16, 16));
                        }, ModelCases::threadInputs))));
        l.addAll(CnnLayerCases.blocks());
        return l;
    }

    /**
     * x → conv a (3×3 pad 1) → relu ┐
     * x → conv b (1×1) ────────────┴ add → concat with conv a → max pool → flatten → dense → softmax.
     */
    static Model branches() {
        GraphBuilder g = Model.graph("branches");
        GraphBuilder.Value x = g.input(3, 8, 8);
        GraphBuilder.Value a = g.apply("conv_a", Conv2d.of(4, 3, 3).withPadding(1, 1), x);
        GraphBuilder.Value ra = g.apply("relu_a", new ReLU(), a);
        GraphBuilder.Value b = g.apply("conv_b", Conv2d.of(4, 1, 1), x);
        GraphBuilder.Value sum = g.apply("add", new Add(), ra, b);
        GraphBuilder.Value cat = g.apply("concat", new Concat(), sum, a);
        GraphBuilder.Value p = g.apply("pool", MaxPool2d.of(2, 2), cat);
        GraphBuilder.Value f = g.apply("flat", new Flatten(), p);
        GraphBuilder.Value d = g.apply("dense", Dense.of(6), f);
        return g.build(g.apply("softmax", new Softmax(), d));
    }

    /** The notebook's layer types (so every backend must run it) on a larger image. */
    static Model threaded() {
        return Model.sequential("threaded", 1, 16, 16)
                .add("conv1", Conv2d.of(8, 3, 3))
                .add("relu1", new ReLU())
                .add("pool1", MaxPool2d.of(2, 2))
                .add("flat", new Flatten())
                .add("dense1", Dense.of(10))
                .add("sigmoid1", new Sigmoid())
                .build();
    }

    private static List<Tensor> threadInputs() {
        List<Tensor> l = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            l.add(Fixtures.input(1 + i % 4, 100 + i, 1, 16, 16));
        }
        return l;
    }
}
