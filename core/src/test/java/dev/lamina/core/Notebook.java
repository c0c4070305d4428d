package dev.lamina.core;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Flatten;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Sigmoid;

/** The seed notebook's network, for core's tests. */
final class Notebook {
    private Notebook() {
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

    static final float[] CONV_OIHW = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    static final float[] CONV_BIAS = {0.1f, 0.2f, 0.3f};
    static final float[] DENSE_OUT_IN = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    static final float[] DENSE_BIAS = {0.1f};
}
