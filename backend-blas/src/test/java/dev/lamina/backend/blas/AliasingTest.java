package dev.lamina.backend.blas;

import dev.lamina.api.Add;
import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Flatten;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Tensor;
import dev.lamina.core.GraphBuilder;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call that runs as one part shares native buffers between values never alive at once: on a graph with
 * residual adds, a concat of two branches and a value read far later, the outputs are bit for bit those of
 * the same fused steps on one buffer per value (asking for an intermediate value too keeps every buffer
 * apart), on one and on two threads, and the shared layout needs fewer buffers.
 */
class AliasingTest {
    private static Model branchy() {
        GraphBuilder g = Model.graph("branchy");
        GraphBuilder.Value x = g.input(3, 16, 16);
        GraphBuilder.Value stem = g.apply("stem", Conv2d.of(8, 3, 3).withPadding(1, 1), x);
        GraphBuilder.Value r0 = g.apply("r0", new ReLU(), stem);
        GraphBuilder.Value a = g.apply("a", Conv2d.of(8, 3, 3).withPadding(1, 1), r0);
        GraphBuilder.Value abn = g.apply("abn", BatchNorm2d.of(), a);
        GraphBuilder.Value ar = g.apply("ar", new ReLU(), abn);
        GraphBuilder.Value b = g.apply("b", Conv2d.of(8, 1, 1), ar);
        GraphBuilder.Value res = g.apply("res", new Add(), b, r0);
        GraphBuilder.Value c1 = g.apply("c1", Conv2d.of(4, 3, 3).withPadding(1, 1), res);
        GraphBuilder.Value c2 = g.apply("c2", Conv2d.of(4, 1, 1), res);
        GraphBuilder.Value cat = g.apply("cat", new Concat(), c1, c2);
        GraphBuilder.Value late = g.apply("late", new Add(), cat, r0);
        GraphBuilder.Value pool = g.apply("pool", MaxPool2d.of(2, 2), late);
        GraphBuilder.Value flat = g.apply("flat", new Flatten(), pool);
        return g.build(g.apply("fc", Dense.of(5), flat));
    }

    @Test
    void sharedBuffersGiveTheSameOutputsAsOneBufferPerValue() {
        Model m = branchy();
        Weights w = Weights.random(m, 3);
        for (int threads : new int[] {1, 2}) {
            try (BlasPlan plan = (BlasPlan) new BlasBackend(threads).compile(Blas.graph(m, w))) {
                int[] counts = plan.bufferCounts();
                assertTrue(counts[1] < counts[0], "shared buffers " + counts[1] + " of " + counts[0] + " values");
                for (long seed = 1; seed <= 3; seed++) {
                    Tensor x = Blas.random(m.inputShape(), 1, seed);
                    Map<String, Tensor> in = Map.of("input", x);
                    float[] shared = plan.run(in, Set.of(m.output())).get(m.output()).toArray();
                    // an intermediate value asked for too: the same fused steps, one buffer per value
                    Map<String, Tensor> apart = plan.run(in, Set.of(m.output(), "res"));
                    assertArrayEquals(apart.get(m.output()).toArray(), shared, 0f, threads + " threads, seed " + seed);
                    assertEquals(1, apart.get("res").shape().dim(0));
                }
            }
        }
    }
}
