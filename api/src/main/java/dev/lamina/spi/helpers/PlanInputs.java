package dev.lamina.spi.helpers;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.spi.Graph;
import dev.lamina.spi.GraphInput;

import java.util.Map;

/** Input checks every plan needs: each graph input present, shaped {@code [N, ...]}, one N for all. */
public final class PlanInputs {
    private PlanInputs() {
    }

    /** The batch size N shared by all inputs; fails with the input's name and both shapes otherwise. */
    public static int batchOf(Graph graph, Map<String, Tensor> inputs) {
        int batch = -1;
        for (GraphInput in : graph.inputs()) {
            Tensor t = inputs.get(in.name());
            if (t == null) {
                throw new IllegalArgumentException("missing input " + in.name());
            }
            Shape s = t.shape();
            if (s.rank() != in.shape().rank() + 1 || !s.dropFirst().equals(in.shape())) {
                throw new IllegalArgumentException(in.name() + ": expected [N, "
                        + in.shape().toString().substring(1) + ", got " + s);
            }
            if (batch >= 0 && s.dim(0) != batch) {
                throw new IllegalArgumentException(in.name() + ": batch " + s.dim(0)
                        + " differs from the other inputs' batch " + batch);
            }
            batch = s.dim(0);
        }
        return batch;
    }
}
