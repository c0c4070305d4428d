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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code close()} on a plan while other threads are inside {@code run}, through the SPI directly (no
 * CompiledModel in front to hold the close back): the native weights and workspaces are freed only after the
 * last running call, so every call returns the right answer or an IllegalStateException — never a native
 * crash (which would take the test JVM down) or values read from freed memory.
 */
class CloseWhileRunningTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 25;

    private final Model m = Model.sequential("closing", 3, 16, 16)
            .add("conv1", Conv2d.of(8, 3, 3).withPadding(1, 1)).add("relu1", new ReLU())  // Winograd, fused
            .add("pool1", MaxPool2d.of(2, 2))
            .add("conv2", Conv2d.of(4, 5, 5))                                              // im2col
            .add("flat", new Flatten()).add("fc", Dense.of(10)).build();
    private final Weights w = Weights.random(m, 3);

    private Graph graph() {
        return Blas.graph(m, w);
    }

    @Test
    void closingUnderRunningCallsGivesRightAnswersOrIllegalState() throws Exception {
        Tensor x = Blas.random(m.inputShape(), 3, 9);
        float[] expected = Reference.run(m, w, x).get("fc");
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        int refused = 0;
        int answered = 0;
        try {
            for (int round = 0; round < ROUNDS; round++) {
                BlasBackend backend = new BlasBackend(2);
                Executable plan = backend.compile(graph());
                CountDownLatch started = new CountDownLatch(THREADS);
                AtomicInteger calls = new AtomicInteger();
                List<Future<int[]>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    results.add(pool.submit(() -> {
                        started.countDown();
                        int ok = 0;
                        while (true) {
                            Tensor y;
                            try {
                                y = plan.run(Map.of("input", x), Set.of("fc")).get("fc");
                            } catch (IllegalStateException closed) {
                                assertEquals("this compiled plan is closed", closed.getMessage());
                                return new int[] {ok, 1};
                            }
                            Blas.assertClose("a call that overlapped close()", expected, y);
                            ok++;
                            calls.incrementAndGet();
                        }
                    }));
                }
                started.await();
                // close after a few calls in some rounds, at once in others
                while (calls.get() < round % 5 * 3) {
                    Thread.onSpinWait();
                }
                plan.close();
                backend.close();
                for (Future<int[]> f : results) {
                    int[] r = f.get(60, TimeUnit.SECONDS);
                    answered += r[0];
                    refused += r[1];
                }
                plan.close(); // idempotent
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(THREADS * ROUNDS, refused, "every thread ends on IllegalStateException");
        assertTrue(answered > 0, "some calls overlapped close() and answered");
    }

    @Test
    void aClosedPlanRefusesEveryCall() {
        try (BlasBackend backend = new BlasBackend(1)) {
            Executable plan = backend.compile(graph());
            plan.close();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> plan.run(Map.of("input", Blas.random(m.inputShape(), 1, 1)), Set.of("fc")));
            assertEquals("this compiled plan is closed", e.getMessage());
        }
    }
}
