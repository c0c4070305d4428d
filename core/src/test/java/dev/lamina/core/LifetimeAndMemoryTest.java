package dev.lamina.core;

import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;
import dev.lamina.spi.BackendProvider;
import dev.lamina.spi.Executable;
import dev.lamina.spi.Graph;
import dev.lamina.spi.MemoryNeeds;
import dev.lamina.spi.MemoryPool;
import dev.lamina.spi.Node;
import dev.lamina.spi.Support;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CompiledModel}'s lifetime — close() while other threads are inside forward — and the memory check
 * of {@link MemoryBudget}, with a backend that reports its own memory pool and records misuse.
 */
class LifetimeAndMemoryTest {
    /** A ReLU-only backend whose plan fails loudly if it runs after its close() or is closed twice. */
    static final class Canary implements BackendProvider, Backend {
        final AtomicLong freeBytes = new AtomicLong(Long.MAX_VALUE / 2);
        final AtomicInteger plansClosed = new AtomicInteger();
        final AtomicBoolean misuse = new AtomicBoolean();
        final AtomicInteger compiled = new AtomicInteger();

        @Override
        public String id() {
            return "canary";
        }

        @Override
        public int priority() {
            return 1;
        }

        @Override
        public Availability probe() {
            return Availability.available("test");
        }

        @Override
        public Backend create() {
            return this;
        }

        @Override
        public Support supports(Node node) {
            return node.layer() instanceof ReLU ? Support.yes() : Support.no("relu only");
        }

        @Override
        public MemoryPool memoryPool() {
            return new MemoryPool("canary device memory", freeBytes.get(), 1L << 40, "-Dcanary.memory");
        }

        @Override
        public Executable compile(Graph graph) {
            compiled.incrementAndGet();
            AtomicBoolean closed = new AtomicBoolean();
            return new Executable() {
                @Override
                public Map<String, Tensor> run(Map<String, Tensor> inputs, Set<String> outputs) {
                    if (closed.get()) {
                        misuse.set(true); // a real native plan would read freed memory here
                    }
                    Tensor x = inputs.get("input");
                    float[] v = x.toArray();
                    for (int i = 0; i < v.length; i++) {
                        v[i] = Math.max(0, v[i]);
                    }
                    Thread.onSpinWait();
                    if (closed.get()) {
                        misuse.set(true);
                    }
                    return Map.of("relu", Tensor.of(x.shape(), v));
                }

                @Override
                public void close() {
                    if (!closed.compareAndSet(false, true)) {
                        misuse.set(true);
                    }
                    plansClosed.incrementAndGet();
                }
            };
        }
    }

    private final Canary canary = new Canary();
    private final Compiler compiler = new Compiler(BackendRegistry.of(List.of(canary)),
            BackendConfig.from("canary", null, null));
    private final Model model = Model.sequential("m", 1, 4, 4).add("relu", new ReLU()).build();

    @Test
    void closeWhileThreadsAreInsideForwardNeverClosesAPlanUnderARunningCall() throws Exception {
        Tensor x = Tensor.of(Shape.of(2, 1, 4, 4), new float[32]);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 50; round++) {
                CompiledModel m = compiler.compile(model, Weights.none(model));
                CountDownLatch running = new CountDownLatch(8);
                List<Future<Integer>> threads = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    threads.add(pool.submit(() -> {
                        int calls = 0;
                        running.countDown();
                        while (true) {
                            try {
                                // forward and forwardInto (its single-segment fast path) alike
                                if (calls % 2 == 0) {
                                    assertEquals(x.shape(), m.forward(x).shape());
                                } else {
                                    m.forwardInto(x, new float[32]);
                                }
                                calls++;
                            } catch (IllegalStateException e) {
                                assertEquals("m: this compiled model is closed", e.getMessage());
                                return calls;
                            }
                        }
                    }));
                }
                running.await();
                m.close();
                for (Future<Integer> f : threads) {
                    f.get(30, TimeUnit.SECONDS);
                }
                m.close();
                assertThrows(IllegalStateException.class, () -> m.forward(x));
                assertThrows(IllegalStateException.class, () -> m.forwardInto(x, new float[32]));
            }
        } finally {
            pool.shutdownNow();
        }
        assertFalse(canary.misuse.get(), "a plan ran after its close(), or was closed twice");
        assertEquals(50, canary.plansClosed.get(), "every plan was closed, once");
    }

    @Test
    void aBatchOfOneThatDoesNotFitTheBackendsMemoryFailsBeforeCompiling() {
        Model big = Model.sequential("big", 64, 100, 100).add("relu", new ReLU()).build();
        canary.freeBytes.set(1_000_000);
        MemoryException e = assertThrows(MemoryException.class, () -> compiler.compile(big, Weights.none(big)));
        // input and output buffers, 2 × 640,000 floats
        assertEquals("relu: its output [1, 64, 100, 100] takes 2.4 MiB, and a batch of 1 of model big needs 4.9 MiB"
                + " of canary device memory, which has 976 KiB free of 1024.0 GiB: raise -Dcanary.memory"
                + " or use a smaller input", e.getMessage());
        assertEquals(5_120_000, e.neededBytes());
        assertEquals(0, canary.compiled.get(), "nothing was compiled");
    }

    @Test
    void aBatchThatDoesNotFitFailsBeforeTheCallAndSmallerOnesStillRun() {
        canary.freeBytes.set(10_000);
        try (CompiledModel m = compiler.compile(model, Weights.none(model))) {
            // 128 bytes per sample (input and output of 16 floats): 78 samples fit in 10,000 bytes
            assertEquals(Shape.of(78, 1, 4, 4), m.forward(Tensor.zeros(Shape.of(78, 1, 4, 4))).shape());
            canary.freeBytes.set(1_000);
            // what the plan keeps from the batch of 78 is reused: 78 more still pass
            assertEquals(Shape.of(78, 1, 4, 4), m.forward(Tensor.zeros(Shape.of(78, 1, 4, 4))).shape());
            MemoryException e = assertThrows(MemoryException.class,
                    () -> m.forward(Tensor.zeros(Shape.of(1000, 1, 4, 4))));
            assertTrue(e.getMessage().startsWith("relu: its output [1000, 1, 4, 4] takes 62 KiB, and a batch of 1000"
                    + " of model m needs 125 KiB of canary device memory, which has 1000 bytes free"), e.getMessage());
            assertTrue(e.getMessage().endsWith(": raise -Dcanary.memory or use a smaller batch"), e.getMessage());
            // forwardInto checks the same budget before it runs
            MemoryException into = assertThrows(MemoryException.class,
                    () -> m.forwardInto(Tensor.zeros(Shape.of(1000, 1, 4, 4)), new float[16_000]));
            assertEquals(e.getMessage(), into.getMessage());
        }
    }

    @Test
    void weightsThatDoNotFitTheHeapAreRefusedBeforeTheyAreDrawn() {
        Model huge = Model.sequential("huge", 1, 200, 200).add("flat", new dev.lamina.api.Flatten())
                .add("fc", dev.lamina.api.Dense.of(50_000)).build(); // 2·10⁹ weights, 8 GB
        MemoryException e = assertThrows(MemoryException.class, () -> Weights.random(huge, 1));
        assertTrue(e.getMessage().startsWith("fc: its 2000050000 parameters [[50000, 40000], [50000]] take 7.5 GiB,"
                + " and holding the weights of model huge needs 7.5 GiB of the JVM heap, which has "), e.getMessage());
        assertTrue(e.getMessage().endsWith(": raise -Xmx"), e.getMessage());
    }

    @Test
    void theDefaultNeedsAreOneBufferPerValueAndTheWeights() {
        Model m = Model.sequential("n", 1, 5, 6).add("conv", dev.lamina.api.Conv2d.of(3, 2, 2)).add("relu", new ReLU())
                .build();
        Weights w = Weights.random(m, 1);
        List<Node> nodes = new ArrayList<>();
        for (LayerNode l : m.layers()) {
            nodes.add(new Node(l.name(), l.layer(), l.inputs(), l.inputShapes(), l.outputShape(), w.of(l.name())));
        }
        MemoryNeeds needs = MemoryNeeds.oneBufferPerValue(
                new Graph(List.of(new dev.lamina.spi.GraphInput("input", m.inputShape())), nodes));
        assertEquals(4 * (12 + 3), needs.fixedBytes());
        assertEquals(4 * (30 + 60 + 60), needs.bytesPerSample());
        assertEquals(4 * 15 + 3 * 4 * 150, needs.forBatch(3));
    }
}
