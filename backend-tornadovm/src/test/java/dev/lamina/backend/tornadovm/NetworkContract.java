package dev.lamina.backend.tornadovm;

import dev.lamina.api.AdaptiveAvgPool2d;
import dev.lamina.api.AdaptiveMaxPool2d;
import dev.lamina.api.Add;
import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.ChannelShuffle;
import dev.lamina.api.Dropout;
import dev.lamina.api.ELU;
import dev.lamina.api.GELU;
import dev.lamina.api.Hardsigmoid;
import dev.lamina.api.Hardswish;
import dev.lamina.api.Hardtanh;
import dev.lamina.api.Identity;
import dev.lamina.api.LeakyReLU;
import dev.lamina.api.Mul;
import dev.lamina.api.SiLU;
import dev.lamina.api.Slice;
import dev.lamina.api.ZeroPad2d;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Dims2;
import dev.lamina.api.Flatten;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Padding;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
import dev.lamina.api.Tensor;
import dev.lamina.backend.cpu.CpuBackendProvider;
import dev.lamina.spi.Backend;
import dev.lamina.spi.Executable;
import dev.lamina.spi.Graph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.lamina.backend.tornadovm.Nets.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole networks through {@link NetworkExecutable}, every value compared with backend-cpu (an independent
 * implementation of the same PyTorch semantics). Run twice: with the tasks executed as plain Java
 * ({@link HostNetworkTest}: layout, task arguments, views, batches, outputs) and on the TornadoVM device
 * ({@link DeviceNetworkTest}: the same, compiled by TornadoVM).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NetworkContract {
    private Backend cpu;

    /** Compiles on the backend under test. */
    abstract Executable compile(Graph graph);

    @BeforeAll
    void openReference() {
        cpu = new CpuBackendProvider().create();
    }

    @AfterAll
    void closeReference() {
        cpu.close();
    }

    /** Runs both backends on the same batch, asks for every value, and compares them all. */
    void assertSameAsCpu(Nets nets, int... batches) {
        Graph g = nets.graph();
        Set<String> all = new LinkedHashSet<>(nets.values());
        try (Executable expected = cpu.compile(g); Executable actual = compile(g)) {
            for (int batch : batches) {
                Map<String, Tensor> in = nets.batch(batch);
                Map<String, Tensor> want = expected.run(in, all);
                Map<String, Tensor> got = actual.run(in, all);
                assertEquals(all, got.keySet(), "exactly the requested values, in order");
                for (String v : all) {
                    assertClose(v + " (batch " + batch + ")", want.get(v), got.get(v), 1e-4, 1e-5);
                }
            }
        }
    }

    @Test
    void lenetLikeNetworkEveryLayer() {
        Nets n = new Nets(1).input("input", Shape.of(1, 28, 28))
                .then("conv1", Conv2d.of(6, 5, 5)).then("relu1", new ReLU()).then("pool1", MaxPool2d.of(2, 2))
                .then("conv2", Conv2d.of(16, 5, 5)).then("tanh2", new Tanh()).then("pool2", AvgPool2d.of(2, 2))
                .then("flat", new Flatten()).then("fc1", Dense.of(120)).then("sig3", new Sigmoid())
                .then("fc2", Dense.of(10)).then("out", new Softmax());
        assertSameAsCpu(n, 3, 1);
    }

    @Test
    void paddedStridedDilatedWindowsWithoutBias() {
        Nets n = new Nets(2).input("input", Shape.of(3, 11, 10))
                .then("conv", new Conv2d(4, Dims2.of(3, 2), Dims2.of(2, 1), Padding.of(2, 1), Dims2.of(2, 3), 1, false))
                .then("max", new MaxPool2d(Dims2.of(3), Dims2.of(2), Padding.of(1), Dims2.of(1), false))
                .then("avg", new AvgPool2d(Dims2.of(3, 2), Dims2.of(1), Padding.of(1, 1), false, true))
                .then("soft", new Softmax())
                .then("flat", new Flatten()).then("dense", Dense.of(5).withBias(false));
        assertSameAsCpu(n, 2);
    }

    @Test
    void longDenseRowsUseTheWorkGroupKernel() {
        Nets n = new Nets(3).input("input", Shape.of(3, 20, 20))
                .then("flat", new Flatten()).then("wide", Dense.of(7)).then("relu", new ReLU())
                .then("nobias", Dense.of(3).withBias(false));
        Nets m = new Nets(4).input("input", Shape.of(1200)).then("wide", Dense.of(2).withBias(false));
        assertSameAsCpu(n, 2);
        assertSameAsCpu(m, 1);
    }

    @Test
    void severalInputsAddAndConcat() {
        Nets n = new Nets(5).input("a", Shape.of(2, 4, 4)).input("b", Shape.of(2, 4, 4))
                .node("sum", new Add(), "a", "b")
                .node("relu", new ReLU(), "b")
                .node("sum3", new Add(), "sum", "relu", "a")
                .node("cat", new Concat(), "a", "sum3", "relu")
                .node("flatA", new Flatten(), "a")
                .node("flatCat", new Flatten(), "cat")
                .node("catFlat", new Concat(), "flatCat", "flatA");
        assertSameAsCpu(n, 2);
    }

    /**
     * A network too large for one TornadoVM task graph ({@link GraphPartition.Budget#DEFAULT}), so split into
     * several: 80 blocks each adding the stem's output and clipping (exact float operations, so that device and
     * cpu agree however deep), then the graph input read again and the first block's output concatenated with the
     * last — values crossing every graph. Every value, then the last one alone (as {@code forward} asks).
     */
    @Test
    void aNetworkTooLargeForOneTaskGraphRunsAsSeveral() {
        Nets n = new Nets(16).input("input", Shape.of(4, 5, 5)).then("stem", Conv2d.of(4, 3, 3).withPadding(1, 1));
        String previous = "stem";
        for (int b = 0; b < 80; b++) {
            n.node("add" + b, new Add(), previous, "stem").then("clip" + b, new Hardtanh(-2f, 2f));
            previous = "clip" + b;
        }
        n.node("late", new Add(), previous, "input").node("cat", new Concat(), "late", "add0")
                .then("flat", new Flatten()).then("out", Dense.of(3));
        GraphPartition split = new Network(n.graph()).partition();
        assertTrue(split.size() >= 2, "split into " + split.size() + " graphs");
        assertSameAsCpu(n, 2);
        try (Executable expected = cpu.compile(n.graph()); Executable actual = compile(n.graph())) {
            Map<String, Tensor> in = n.batch(1);
            assertClose("out", expected.run(in, Set.of("out")).get("out"), actual.run(in, Set.of("out")).get("out"),
                    1e-4, 1e-5);
        }
    }

    @Test
    void groupedDepthwiseAndAsymmetricConvolutionsWithBatchNorm() {
        // a MobileNet-style block: pointwise expand, depthwise 3×3 stride 2 with "same"-style asymmetric
        // padding, grouped conv with whole filter blocks per group and one without, BatchNorm after each
        Nets n = new Nets(12).input("input", Shape.of(4, 9, 8))
                .then("expand", Conv2d.of(12, 1, 1).withBias(false)).then("bn1", BatchNorm2d.of())
                .then("relu6", new Hardtanh(0, 6))
                .then("dw", Conv2d.of(12, 3, 3).withGroups(12).withStride(2, 2).withPadding(new Padding(0, 1, 1, 1)))
                .then("bn2", new BatchNorm2d(1e-3, false))
                .then("group16", Conv2d.of(16, 3, 2).withGroups(2).withPadding(new Padding(1, 0, 2, 1)))
                .then("group6", Conv2d.of(6, 2, 2).withGroups(2).withDilation(2, 1).withBias(false))
                .then("bn3", BatchNorm2d.of());
        assertSameAsCpu(n, 2, 1);
    }

    @Test
    void poolsOfEveryKindAndParameter() {
        Nets n = new Nets(13).input("input", Shape.of(3, 11, 10))
                .then("maxCeil", new MaxPool2d(Dims2.of(3), Dims2.of(2), Padding.of(1), Dims2.of(2, 1), true))
                .node("avgCeil", new AvgPool2d(Dims2.of(3, 2), Dims2.of(2), new Padding(1, 0, 1, 1), true, false),
                        "input")
                .node("avgCounted", new AvgPool2d(Dims2.of(3), Dims2.of(2), Padding.of(1), true, true), "input")
                .node("adaptiveAvg", new AdaptiveAvgPool2d(Dims2.of(4, 3)), "input")
                .node("adaptiveMax", new AdaptiveMaxPool2d(Dims2.of(3, 4)), "input")
                .node("global", new AdaptiveAvgPool2d(Dims2.of(1, 1)), "input");
        assertSameAsCpu(n, 2, 3);
    }

    @Test
    void activationsBroadcastsAndMovesOfLamina02() {
        // squeeze-and-excitation (pool, two 1×1 convs, hardsigmoid, broadcast mul), a broadcast add, every
        // activation, a ShuffleNet split (slice, shuffle, concat), zero padding, identity and dropout views
        Nets n = new Nets(14).input("input", Shape.of(6, 5, 4))
                .then("pool", new AdaptiveAvgPool2d(Dims2.of(1, 1)))
                .then("squeeze", Conv2d.of(3, 1, 1)).then("silu", new SiLU())
                .then("excite", Conv2d.of(6, 1, 1)).then("gate", Hardsigmoid.of())
                .node("se", new Mul(), "gate", "input")
                .node("shift", new Add(), "se", "excite", "input")
                .then("gelu", GELU.exact()).then("geluTanh", new GELU(GELU.TANH)).then("hswish", new Hardswish())
                .then("elu", new ELU(0.7f)).then("leaky", new LeakyReLU(0.1f))
                .then("left", new Slice(0, 0, 3)).node("right", new Slice(0, 3, 6), "leaky")
                .node("rightRows", new Slice(1, 1, 4), "right")
                .node("cat", new Concat(), "left", "right").then("shuffle", new ChannelShuffle(3))
                .then("pad", new ZeroPad2d(new Padding(1, 0, 2, 3))).then("same", new Identity())
                .then("drop", new Dropout(0.2)).then("flat", new Flatten()).then("dense", Dense.of(4));
        assertSameAsCpu(n, 2, 1);
    }

    @Test
    void specialValuesOfTheNewActivationsFollowPyTorch() {
        Nets n = new Nets(15).input("input", Shape.of(12))
                .then("relu6", new Hardtanh(0, 6)).node("leaky", new LeakyReLU(0.01f), "input")
                .node("elu", new ELU(1f), "input").node("hsig", Hardsigmoid.of(), "input")
                .node("hswish", new Hardswish(), "input").node("silu", new SiLU(), "input")
                .node("gelu", GELU.exact(), "input").node("geluTanh", new GELU(GELU.TANH), "input");
        float nan = Float.NaN;
        float inf = Float.POSITIVE_INFINITY;
        assertSameAsCpuOn(n, Tensor.of(Shape.of(1, 12),
                new float[] {nan, inf, -inf, 0, -0f, -3, 3, 6, -100, 100, 1e-30f, -2.5f}));
    }

    /** Both backends on one given input (special values): every value compared, NaN for NaN, ∞ for ∞. */
    private void assertSameAsCpuOn(Nets n, Tensor x) {
        Graph g = n.graph();
        Set<String> all = new LinkedHashSet<>(n.values());
        try (Executable expected = cpu.compile(g); Executable actual = compile(g)) {
            Map<String, Tensor> want = expected.run(Map.of("input", x), all);
            Map<String, Tensor> got = actual.run(Map.of("input", x), all);
            for (String v : all) {
                assertClose(v, want.get(v), got.get(v), 1e-5, 1e-6);
            }
        }
    }

    @Test
    void specialValuesFollowPyTorch() {
        Nets n = new Nets(6).input("input", Shape.of(3, 2, 2))
                .then("relu", new ReLU()).node("max", MaxPool2d.of(2, 2), "input")
                .node("soft", new Softmax(), "input").node("sig", new Sigmoid(), "input")
                .node("tanh", new Tanh(), "input");
        float nan = Float.NaN;
        float inf = Float.POSITIVE_INFINITY;
        assertSameAsCpuOn(n, Tensor.of(Shape.of(1, 3, 2, 2),
                new float[] {nan, 1, 2, 3, -inf, 1000, -1000, 0, inf, -0f, 88, -88}));
    }

    @Test
    void returnsOnlyWhatIsAskedAndInputsComeBackAsGiven() {
        Nets n = new Nets(7).input("input", Shape.of(2, 3, 3))
                .then("flat", new Flatten()).then("dense", Dense.of(4)).then("sig", new Sigmoid());
        try (Executable e = compile(n.graph())) {
            Map<String, Tensor> in = n.batch(2);
            Map<String, Tensor> out = e.run(in, new LinkedHashSet<>(List.of("sig", "input", "flat")));
            assertEquals(List.of("sig", "input", "flat"), new ArrayList<>(out.keySet()));
            assertEquals(in.get("input"), out.get("input"));
            assertEquals(Tensor.of(Shape.of(2, 18), in.get("input").toArray()), out.get("flat"));
            assertEquals(Shape.of(2, 4), e.run(in, Set.of("sig")).get("sig").shape());
            assertEquals(Map.of(), e.run(in, Set.of()));
            assertThrows(IllegalArgumentException.class, () -> e.run(in, Set.of("nope")));
            assertThrows(IllegalArgumentException.class, () -> e.run(Map.of(), Set.of("sig")));
        }
    }

    @Test
    void aGraphOfViewsOnlyNeedsNoDevice() {
        Nets n = new Nets(8).input("input", Shape.of(2, 2, 2)).then("flat", new Flatten());
        try (Executable e = compile(n.graph())) {
            Map<String, Tensor> in = n.batch(3);
            assertEquals(Tensor.of(Shape.of(3, 8), in.get("input").toArray()), e.run(in, Set.of("flat")).get("flat"));
        }
    }

    @Test
    void manyThreadsAndBatchSizesAtOnce() throws Exception {
        Nets n = new Nets(9).input("input", Shape.of(1, 8, 8))
                .then("conv", Conv2d.of(3, 3, 3)).then("relu", new ReLU()).then("pool", MaxPool2d.of(2, 2))
                .then("flat", new Flatten()).then("dense", Dense.of(5));
        try (Executable expected = cpu.compile(n.graph()); Executable actual = compile(n.graph())) {
            List<Map<String, Tensor>> inputs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                inputs.add(n.batch(1 + i % 3));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Map<String, Tensor>>> results = new ArrayList<>();
                for (Map<String, Tensor> in : inputs) {
                    results.add(pool.submit(() -> actual.run(in, Set.of("dense"))));
                }
                for (int i = 0; i < inputs.size(); i++) {
                    assertClose("call " + i, expected.run(inputs.get(i), Set.of("dense")).get("dense"),
                            results.get(i).get().get("dense"), 1e-4, 1e-5);
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void plansOfOtherBatchSizesSurviveTheEvictionOfOne() {
        // Five batch sizes close the least recently used plan; the weights' host arrays are shared by all.
        Nets n = new Nets(11).input("input", Shape.of(2, 6, 6))
                .then("conv", Conv2d.of(3, 3, 3)).then("relu", new ReLU()).then("flat", new Flatten())
                .then("dense", Dense.of(4));
        assertSameAsCpu(n, 1, 2, 3, 4, 5, 2, 3, 1);
    }

    /**
     * close() while other threads are inside run (issue 15): each call returns the right answer or an
     * IllegalStateException, never runs on a released plan (the host plans assert it; on a device that
     * would be kernels on freed buffers).
     */
    @Test
    void closingWhileThreadsRunGivesRightAnswersOrIllegalState() throws Exception {
        Nets n = new Nets(12).input("input", Shape.of(1, 6, 6))
                .then("conv", Conv2d.of(2, 3, 3)).then("relu", new ReLU()).then("flat", new Flatten())
                .then("dense", Dense.of(3));
        Map<String, Tensor> in = n.batch(2);
        Tensor expected;
        try (Executable reference = cpu.compile(n.graph())) {
            expected = reference.run(in, Set.of("dense")).get("dense");
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 10; round++) {
                Executable e = compile(n.graph());
                java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(4);
                List<Future<Integer>> calls = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    calls.add(pool.submit(() -> {
                        started.countDown();
                        for (int answered = 0; ; answered++) {
                            Tensor y;
                            try {
                                y = e.run(in, Set.of("dense")).get("dense");
                            } catch (IllegalStateException closed) {
                                assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
                                return answered;
                            }
                            assertClose("a call that overlapped close()", expected, y, 1e-4, 1e-5);
                        }
                    }));
                }
                started.await();
                e.close();
                for (Future<Integer> f : calls) {
                    f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClosedNetworkRefusesToRun() {
        Nets n = new Nets(10).input("input", Shape.of(4)).then("relu", new ReLU());
        Executable e = compile(n.graph());
        Map<String, Tensor> in = n.batch(1);
        assertEquals(Shape.of(1, 4), e.run(in, Set.of("relu")).get("relu").shape());
        e.close();
        e.close();
        assertThrows(IllegalStateException.class, () -> e.run(in, Set.of("relu")));
    }
}
