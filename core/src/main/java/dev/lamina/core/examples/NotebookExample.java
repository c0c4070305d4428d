package dev.lamina.core.examples;

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

/**
 * The seed notebook's network with its hand-set weights and 5×6 input: conv (1→3 filters, 2×2, bias) +
 * ReLU + 2×2 max-pool, flatten, one dense unit + sigmoid — 28 parameters. Its output is exact in float32:
 * conv1 row 0 of filter 0 is [0.1, 4.1, 3.1, 0.1, 0.1], dense2 is 281.5, sigmoid2 is 1.0.
 */
public final class NotebookExample {
    private NotebookExample() {
    }

    /** The notebook's net built layer after layer; {@code bias=false} is exercise 3 (24 parameters). */
    public static Model model(boolean bias) {
        return Model.sequential("notebook", 1, 5, 6)
                .add("conv1", Conv2d.of(3, 2, 2).withBias(bias))
                .add("relu1", new ReLU())
                .add("max_pool1", MaxPool2d.of(2, 2))
                .add("flat", new Flatten())
                .add("dense2", Dense.of(1).withBias(bias))
                .add("sigmoid2", new Sigmoid())
                .build();
    }

    public static Model model() {
        return model(true);
    }

    /** The same net through the functional API, as the notebook's second build style. */
    public static Model graphModel() {
        GraphBuilder g = Model.graph("notebook");
        GraphBuilder.Value x = g.input(1, 5, 6);
        GraphBuilder.Value y = g.apply("conv1", Conv2d.of(3, 2, 2), x);
        y = g.apply("relu1", new ReLU(), y);
        y = g.apply("max_pool1", MaxPool2d.of(2, 2), y);
        y = g.apply("flat", new Flatten(), y);
        y = g.apply("dense2", Dense.of(1), y);
        return g.build(g.apply("sigmoid2", new Sigmoid(), y));
    }

    /** Conv filters {@code [[1,2],[3,4]], [[5,6],[7,8]], [[9,10],[11,12]]} in OIHW. */
    public static float[] convWeightOihw() {
        return new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    }

    /** {@code arange(1, 4) * 0.1}. */
    public static float[] convBias() {
        return new float[] {0.1f, 0.2f, 0.3f};
    }

    /** {@code arange(12)} as one row: dense weight [1, 12]. */
    public static float[] denseWeight() {
        float[] w = new float[12];
        for (int i = 0; i < 12; i++) {
            w[i] = i;
        }
        return w;
    }

    public static float[] denseBias() {
        return new float[] {0.1f};
    }

    /** The notebook's weights for {@link #model()} (or for {@link #model(boolean)} without bias). */
    public static Weights weights(Model model) {
        boolean bias = model.layer("conv1").parameterShapes().containsKey("bias");
        return Weights.builder(model)
                .set("conv1", WeightLayout.PYTORCH, convWeightOihw(), bias ? convBias() : null)
                .set("dense2", WeightLayout.PYTORCH, denseWeight(), bias ? denseBias() : null)
                .build();
    }

    /** The 1×1×5×6 input: zeros, with 1 at row 1 column 2 and −1 at row 3 column 4. */
    public static Tensor input() {
        float[] x = new float[30];
        x[1 * 6 + 2] = 1;
        x[3 * 6 + 4] = -1;
        return Tensor.of(Shape.of(1, 1, 5, 6), x);
    }
}
