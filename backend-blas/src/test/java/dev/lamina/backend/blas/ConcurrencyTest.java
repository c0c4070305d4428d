package dev.lamina.backend.blas;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Flatten;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Tensor;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One compiled model called from many threads at once gives each caller its own, correct answer. */
class ConcurrencyTest {
    @Test
    void concurrentCallsNeverShareBuffers() throws Exception {
        Model m = Model.sequential("net", 3, 20, 20)
                .add("conv1", Conv2d.of(16, 3, 3).withPadding(1, 1)).add("relu1", new ReLU())
                .add("pool1", MaxPool2d.of(2, 2)).add("flat", new Flatten()).add("fc", Dense.of(10)).build();
        try (CompiledModel cm = Blas.compile(m, Weights.random(m, 5))) {
            int inputs = 8;
            List<Tensor> xs = new ArrayList<>();
            List<Tensor> expected = new ArrayList<>();
            for (int i = 0; i < inputs; i++) {
                Tensor x = Blas.random(m.inputShape(), 1 + i % 4, i);
                xs.add(x);
                expected.add(cm.forward(x));
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int seed = t;
                    results.add(pool.submit(() -> {
                        int mismatches = 0;
                        for (int r = 0; r < 150; r++) {
                            int i = (seed * 7 + r) % inputs;
                            if (!cm.forward(xs.get(i)).equals(expected.get(i))) {
                                mismatches++;
                            }
                        }
                        return mismatches;
                    }));
                }
                for (Future<Integer> f : results) {
                    assertEquals(0, f.get(), "results that differ from the single-threaded ones");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
