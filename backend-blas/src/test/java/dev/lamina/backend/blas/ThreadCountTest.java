package dev.lamina.backend.blas;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Flatten;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Tensor;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import dev.lamina.spi.Executable;
import dev.lamina.spi.Graph;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Any thread count splits the work and gives the same result within float rounding (GEMM blocks of another
 * width may sum in another order), through the SPI directly.
 */
class ThreadCountTest {
    private final Model m = Model.sequential("split", 8, 18, 18)
            .add("conv1", Conv2d.of(16, 3, 3).withPadding(1, 1)).add("relu1", new ReLU())   // Winograd
            .add("pool1", MaxPool2d.of(2, 2))
            .add("conv2", Conv2d.of(6, 4, 4)).add("relu2", new ReLU())                      // im2col
            .add("flat", new Flatten()).add("fc1", Dense.of(100)).add("fc2", Dense.of(7)).build();
    private final Weights w = Weights.random(m, 11);

    private Graph graph() {
        return Blas.graph(m, w);
    }

    @Test
    void oneTwoThreeAndFiveThreadsGiveTheSameResult() {
        Tensor x = Blas.random(m.inputShape(), 7, 5);
        Map<String, float[]> ref = Reference.run(m, w, x);
        for (int threads : new int[] {1, 2, 3, 5}) {
            try (BlasBackend b = new BlasBackend(threads); Executable plan = b.compile(graph())) {
                for (int batch : new int[] {7, 1, 2}) {
                    Tensor xb = batch == 7 ? x : Blas.random(m.inputShape(), batch, batch);
                    Map<String, float[]> r = batch == 7 ? ref : Reference.run(m, w, xb);
                    Tensor y = plan.run(Map.of("input", xb), Set.of("fc2")).get("fc2");
                    Blas.assertClose(threads + " threads, batch " + batch, r.get("fc2"), y);
                }
            }
        }
    }

    @Test
    void inputsOfTheWrongShapeOrBatchAreRefusedBeforeAnyNativeCall() {
        try (BlasBackend b = new BlasBackend(2); Executable plan = b.compile(graph())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> plan.run(Map.of("input", Tensor.zeros(dev.lamina.api.Shape.of(2, 8, 18, 17))), Set.of("fc2")));
            assertEquals("input: expected [N, 8, 18, 18], got [2, 8, 18, 17]", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> plan.run(Map.of(), Set.of("fc2")));
            assertThrows(IllegalArgumentException.class,
                    () -> plan.run(Map.of("input", Tensor.zeros(m.inputShape().withBatch(1))), Set.of("nope")));
        }
    }
}
