package dev.lamina.spi.helpers;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.spi.Graph;
import dev.lamina.spi.GraphInput;

import java.util.List;
import java.util.Map;

/** Input checks every plan needs: each graph input present, shaped {@code [N, ...]}, one N for all. */
public final class PlanInputs {
    private PlanInputs() {
    }

    /** The batch size N shared by all inputs; fails with the input's name and both shapes otherwise. */
    public static int batchOf(Graph graph, Map<String, Tensor> inputs) {
        int batch = -1;
        List<GraphInput> all = graph.inputs();
        for (int i = 0; i < all.size(); i++) {
            GraphInput in = all.get(i);
            batch = batchOf(in, inputs.get(in.name()), batch);
        }
        return batch;
    }

    /**
     * As {@link #batchOf(Graph, Map)} for a graph of one input, {@code name}, given {@code input} (the map-free
     * path of {@code Executable.runInto}): the same checks and messages; allocates nothing when they pass.
     */
    public static int batchOf(Graph graph, String name, Tensor input) {
        List<GraphInput> all = graph.inputs();
        if (all.size() != 1 || !all.get(0).name().equals(name)) {
            for (int i = 0; i < all.size(); i++) {
                if (!all.get(i).name().equals(name)) {
                    throw new IllegalArgumentException("missing input " + all.get(i).name());
                }
            }
            throw new IllegalArgumentException("no input named " + name + " in this graph");
        }
        return batchOf(all.get(0), input, -1);
    }

    private static int batchOf(GraphInput in, Tensor t, int batch) {
        if (t == null) {
            throw new IllegalArgumentException("missing input " + in.name());
        }
        Shape s = t.shape();
        if (!isBatchOf(s, in.shape())) {
            throw new IllegalArgumentException(in.name() + ": expected [N, "
                    + in.shape().toString().substring(1) + ", got " + s);
        }
        if (batch >= 0 && s.dim(0) != batch) {
            throw new IllegalArgumentException(in.name() + ": batch " + s.dim(0)
                    + " differs from the other inputs' batch " + batch);
        }
        return s.dim(0);
    }

    /** True when {@code batch} is {@code [N, ...perSample]} for some N; allocates nothing. */
    public static boolean isBatchOf(Shape batch, Shape perSample) {
        if (batch.rank() != perSample.rank() + 1) {
            return false;
        }
        for (int i = 0; i < perSample.rank(); i++) {
            if (batch.dim(i + 1) != perSample.dim(i)) {
                return false;
            }
        }
        return true;
    }
}
