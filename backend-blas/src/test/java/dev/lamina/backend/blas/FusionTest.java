package dev.lamina.backend.blas;

import dev.lamina.api.Add;
import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dims2;
import dev.lamina.api.ELU;
import dev.lamina.api.GELU;
import dev.lamina.api.Hardsigmoid;
import dev.lamina.api.Hardswish;
import dev.lamina.api.Hardtanh;
import dev.lamina.api.LeakyReLU;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Padding;
import dev.lamina.api.ReLU;
import dev.lamina.api.SiLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.conformance.cases.LayerCheck;
import dev.lamina.conformance.reference.ReferenceImplementation;
import dev.lamina.conformance.reference.ReferenceRun;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.GraphBuilder;
import dev.lamina.core.LayerNode;
import dev.lamina.core.LayerOutputs;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import dev.lamina.spi.Graph;
import dev.lamina.spi.GraphInput;
import dev.lamina.spi.Node;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused plan: which nodes each step of {@code forward} covers (conv + BatchNorm folded + activation +
 * max-pool), and that its output, and every layer's output through {@code forwardAll}, stays within the
 * kit's derived tolerances of the kit's double-precision reference, at several batch sizes.
 */
class FusionTest {

    /** The steps forward runs, as BlasPlan names them. */
    private static List<String> chains(Model m, Weights w) {
        List<Node> nodes = new ArrayList<>();
        for (LayerNode l : m.layers()) {
            nodes.add(new Node(l.name(), l.layer(), l.inputs(), l.inputShapes(), l.outputShape(), w.of(l.name())));
        }
        try (BlasPlan plan = (BlasPlan) new BlasBackend(1)
                .compile(new Graph(List.of(new GraphInput("input", m.inputShape())), nodes))) {
            return plan.fusedChains();
        }
    }

    /** forward (fused) against the output's tolerance, forwardAll (plain) against every layer's. */
    private static void matchesReference(Model m, Weights w, int... batches) {
        try (CompiledModel cm = Blas.compile(m, w)) {
            for (int batch : batches) {
                Tensor x = Blas.random(m.inputShape(), batch, 17L * batch);
                ReferenceRun ref = ReferenceImplementation.run(m, w, x);
                LayerCheck out = LayerCheck.compare(m.output(), ref.output(m.output()), cm.forward(x),
                        ref.tolerance(m.output()));
                assertTrue(out.passed(), m.name() + " fused, batch " + batch + ": " + out.describe());
                LayerOutputs all = cm.forwardAll(x);
                for (LayerNode l : m.layers()) {
                    LayerCheck c = LayerCheck.compare(l.name(), ref.output(l.name()), all.get(l.name()),
                            ref.tolerance(l.name()));
                    assertTrue(c.passed(), m.name() + " batch " + batch + ": " + c.describe());
                }
            }
        }
    }

    private static void check(Model m, List<String> expectedChains) {
        Weights w = Weights.random(m, 5);
        assertEquals(expectedChains, chains(m, w), m.name());
        matchesReference(m, w, 1, 3);
    }

    @Test
    void resnetStemFoldsBatchNormAndFusesReluAndThePaddedPool() {
        check(Model.sequential("stem", 3, 32, 30)
                        .add("conv1", Conv2d.of(16, 7, 7).withStride(2, 2).withPadding(3, 3).withBias(false))
                        .add("bn1", BatchNorm2d.of()).add("relu", new ReLU())
                        .add("maxpool", new MaxPool2d(Dims2.of(3), Dims2.of(2), Padding.of(1), Dims2.of(1), false))
                        .build(),
                List.of("conv1+bn1+relu+maxpool"));
    }

    @Test
    void winogradAndParityConvsWithFoldedBatchNormAndTheirTilePool() {
        check(Model.sequential("winograd-bn", 16, 12, 14)
                        .add("conv", Conv2d.of(16, 3, 3).withPadding(1, 1)).add("bn", new BatchNorm2d(1e-3, false))
                        .add("relu", new ReLU()).add("pool", MaxPool2d.of(2, 2)).build(),
                List.of("conv+bn+relu+pool"));
        check(Model.sequential("parity-bn", 3, 20, 20)
                        .add("conv", Conv2d.of(8, 5, 5).withPadding(2, 2)).add("bn", BatchNorm2d.of())
                        .add("relu6", Hardtanh.relu6()).add("pool", MaxPool2d.of(2, 2)).build(),
                List.of("conv+bn+relu6+pool"));
    }

    @Test
    void groupedAndDepthwiseConvsWithAFusedPool() {
        Model m = Model.sequential("grouped-pooled", 4, 20, 20)
                .add("grouped", Conv2d.of(8, 5, 5).withPadding(2, 2).withGroups(2)).add("relu", new ReLU())
                .add("pool", MaxPool2d.of(2, 2))                                                 // parity layout
                .add("dw", Conv2d.of(8, 3, 3).withPadding(1, 1).withGroups(8)).add("bn", BatchNorm2d.of())
                .add("pool2", new MaxPool2d(Dims2.of(3), Dims2.of(2), Padding.of(1), Dims2.of(1), true))
                .build();
        assertTrue(ParityLowering.fits(LoweringChoiceTest.geometry(Conv2d.of(8, 5, 5).withPadding(2, 2).withGroups(2),
                dev.lamina.api.Shape.of(4, 20, 20)), new Epilogue(Activation.RELU, MaxPool2d.of(2, 2), 10, 10)));
        check(m, List.of("grouped+relu+pool", "dw+bn+pool2"));
    }

    @Test
    void mobileNetBlockDepthwiseAndPointwiseWithReluSix() {
        Model m = Model.sequential("inverted-residual", 8, 15, 15)
                .add("expand", Conv2d.of(24, 1, 1).withBias(false)).add("bn1", BatchNorm2d.of())
                .add("relu6a", Hardtanh.relu6())
                .add("dw", Conv2d.of(24, 3, 3).withStride(2, 2).withPadding(1, 1).withGroups(24).withBias(false))
                .add("bn2", BatchNorm2d.of()).add("relu6b", Hardtanh.relu6())
                .add("project", Conv2d.of(8, 1, 1).withBias(false)).add("bn3", BatchNorm2d.of())
                .build();
        check(m, List.of("expand+bn1+relu6a", "dw+bn2+relu6b", "project+bn3"));
    }

    @Test
    void aPointwiseConvLeavesItsBiasAndActivationToItsDepthwiseReader() {
        // stride 1 and 2, odd sizes, a channel multiplier of 2, a bias without activation (e2 + bn2), a
        // non-linear activation; e3's value is read by an add too (kept)
        GraphBuilder g = Model.graph("pending");
        GraphBuilder.Value x0 = g.input(6, 13, 11);
        GraphBuilder.Value e1 = g.apply("relu6a", Hardtanh.relu6(), g.apply("bn1", BatchNorm2d.of(),
                g.apply("expand", Conv2d.of(12, 1, 1).withBias(false), x0)));
        GraphBuilder.Value d1 = g.apply("dw", Conv2d.of(12, 3, 3).withPadding(1, 1).withGroups(12), e1);
        GraphBuilder.Value e2 = g.apply("bn2", BatchNorm2d.of(), g.apply("e2", Conv2d.of(8, 1, 1), d1));
        GraphBuilder.Value d2 = g.apply("silu", new SiLU(), g.apply("dw2",
                Conv2d.of(16, 3, 3).withStride(2, 2).withPadding(1, 1).withGroups(8), e2));
        GraphBuilder.Value e3 = g.apply("act3", new SiLU(), g.apply("e3", Conv2d.of(16, 1, 1), d2));
        GraphBuilder.Value d3 = g.apply("dw3", Conv2d.of(16, 3, 3).withPadding(1, 1).withGroups(16), e3);
        Model m = g.build(g.apply("sum", new Add(), d3, e3));
        Weights w = Weights.random(m, 21);
        matchesReference(m, w, 1, 3);
        for (int threads : new int[] {1, 2}) {
            for (int batch : new int[] {1, 3}) {
                Tensor x = Blas.random(m.inputShape(), batch, 5L + batch);
                // on planes (no channels-last block): the same kernels either way, so the same bits
                float[] left = run(m, w, threads, x, true, false, 2, 0);
                float[] kept = run(m, w, threads, x, false, false, 0, 0);
                assertBits(kept, left, "threads " + threads + ", batch " + batch);
            }
        }
    }

    @Test
    void expandDepthwiseProjectBlocksRunChannelsLast() {
        // 3×3 stride 1 and 2, 5×5 stride 2 with padding 2, 20 channels (a partial vector) and 32, odd sizes, a
        // residual add after the project conv, ReLU6 / SiLU / none around the depthwise conv
        GraphBuilder g = Model.graph("channels-last");
        GraphBuilder.Value x0 = g.input(8, 15, 13);
        GraphBuilder.Value e1 = g.apply("a1", Hardtanh.relu6(), g.apply("b1", BatchNorm2d.of(),
                g.apply("e1", Conv2d.of(20, 1, 1).withBias(false), x0)));
        GraphBuilder.Value d1 = g.apply("a2", Hardtanh.relu6(), g.apply("b2", BatchNorm2d.of(),
                g.apply("d1", Conv2d.of(20, 3, 3).withPadding(1, 1).withGroups(20).withBias(false), e1)));
        GraphBuilder.Value p1 = g.apply("b3", BatchNorm2d.of(), g.apply("p1", Conv2d.of(8, 1, 1).withBias(false), d1));
        GraphBuilder.Value r1 = g.apply("r1", new Add(), p1, x0);
        GraphBuilder.Value e2 = g.apply("a4", new SiLU(), g.apply("e2", Conv2d.of(32, 1, 1), r1));
        GraphBuilder.Value d2 = g.apply("a5", new SiLU(), g.apply("d2",
                Conv2d.of(32, 5, 5).withStride(2, 2).withPadding(2, 2).withGroups(32), e2));
        GraphBuilder.Value p2 = g.apply("p2", Conv2d.of(12, 1, 1), d2);
        GraphBuilder.Value e3 = g.apply("e3", Conv2d.of(24, 1, 1).withBias(false), p2);
        GraphBuilder.Value d3 = g.apply("d3", Conv2d.of(24, 3, 3).withStride(2, 2).withPadding(1, 1).withGroups(24),
                e3);
        Model m = g.build(g.apply("p3", Conv2d.of(10, 1, 1), d3));
        Weights w = Weights.random(m, 23);
        matchesReference(m, w, 1, 3);
        for (int batch : new int[] {1, 3}) {
            Tensor x = Blas.random(m.inputShape(), batch, 7L + batch);
            float[] one = run(m, w, 1, x, true, true, 2, 9);
            float[] two = run(m, w, 2, x, true, true, 2, 9);
            assertBits(one, two, "1 and 2 threads, batch " + batch);
            run(m, w, 1, x, true, false, 2, 0);
        }
    }

    /**
     * Channels-last blocks large enough to be cut (28×28 and 14×14 maps by pixels, a 7×7 one by channels, the
     * depthwise convs by row bands): one and two threads give the same bits, within the kit's tolerance of the reference.
     */
    @Test
    void channelsLastBlocksSplitAcrossThreadsGiveTheSameBits() {
        GraphBuilder g = Model.graph("channels-last-cut");
        GraphBuilder.Value x0 = g.input(32, 28, 28);
        GraphBuilder.Value e1 = g.apply("a1", Hardtanh.relu6(), g.apply("e1", Conv2d.of(192, 1, 1), x0));
        GraphBuilder.Value d1 = g.apply("a2", Hardtanh.relu6(), g.apply("d1",
                Conv2d.of(192, 3, 3).withStride(2, 2).withPadding(1, 1).withGroups(192), e1));
        GraphBuilder.Value p1 = g.apply("p1", Conv2d.of(160, 1, 1), d1);
        GraphBuilder.Value e2 = g.apply("a3", Hardtanh.relu6(), g.apply("e2", Conv2d.of(960, 1, 1), p1));
        GraphBuilder.Value d2 = g.apply("a4", Hardtanh.relu6(), g.apply("d2",
                Conv2d.of(960, 3, 3).withStride(2, 2).withPadding(1, 1).withGroups(960), e2));
        Model m = g.build(g.apply("p2", Conv2d.of(160, 1, 1), d2));
        Weights w = Weights.random(m, 29);
        matchesReference(m, w, 1);
        Tensor x = Blas.random(m.inputShape(), 1, 31L);
        // with panels, both depthwise steps run their expand convs (28 and 14 wide): four channels-last steps
        int channelsLast = JavaKernels.get().panelWidth() > 0 ? 4 : 6;
        float[] one = run(m, w, 1, x, true, true, 2, channelsLast);
        float[] two = run(m, w, 2, x, true, true, 2, channelsLast);
        assertBits(one, two, "1 and 2 threads");
    }

    /**
     * Convs too large for the staged blocks (ResNet's 7×7/2 stem with its padded pool, a 3×3/2 conv of 40
     * filters: 16-filter row blocks and a rest; on the Vector API kernels) run their GEMM on the heap over phase planes read in place:
     * within the kit's tolerance of the reference, one and two threads the same bits, and the same values as
     * OpenBLAS over a native im2col within 1e-5.
     */
    @Test
    void largeConvsMultiplyTheirPhasePlanesInPlace() {
        Model m = Model.sequential("in-place", 3, 128, 120)
                .add("stem", Conv2d.of(48, 7, 7).withStride(2, 2).withPadding(3, 3).withBias(false))
                .add("bn", BatchNorm2d.of()).add("relu", new ReLU())
                .add("pool", new MaxPool2d(Dims2.of(3), Dims2.of(2), Padding.of(1), Dims2.of(1), false))
                .add("down", Conv2d.of(40, 3, 3).withStride(2, 2).withPadding(1, 1)).add("relu2", new ReLU())
                .build();
        Weights w = Weights.random(m, 37);
        matchesReference(m, w, 1, 2);
        Tensor x = Blas.random(m.inputShape(), 1, 41L);
        float[][] out = new float[3][];
        for (int v = 0; v < 3; v++) {
            if (v == 2) {
                System.setProperty(Im2colLowering.IN_PLACE, "false");
            }
            try (BlasPlan plan = (BlasPlan) new BlasBackend(v == 1 ? 2 : 1).compile(Blas.graph(m, w))) {
                long inPlace = plan.convSteps().stream()
                        .filter(c -> c.lowering instanceof Im2colLowering i && i.inPlace()).count();
                assertEquals(v == 2 || !JavaKernels.get().fastGemm() ? 0 : 4, inPlace, "in-place convs of both plans");
                out[v] = plan.run(java.util.Map.of("input", x), java.util.Set.of("relu2")).get("relu2").toArray();
            } finally {
                System.clearProperty(Im2colLowering.IN_PLACE);
            }
        }
        assertBits(out[0], out[1], "1 and 2 threads");
        for (int i = 0; i < out[0].length; i++) {
            assertEquals(out[2][i], out[0][i], 1e-5f * (1 + Math.abs(out[2][i])), "against OpenBLAS [" + i + "]");
        }
    }

    /**
     * Convs whose output rows are 24 wide (LeNet's conv1, 6 filters, with its ReLU and 2×2 pool: on the heap
     * GEMM instead of the parity layout) or 8 wide (conv2, 16 filters, pooled; a 3×3 conv of 8 filters, unpooled)
     * compute two output rows at a time on the heap, no padding column: within the kit's tolerance of the
     * reference, and the same bits as the padded product, batch 3, one and two threads.
     */
    @Test
    void eightWideConvsComputeTwoRowsPerVectorWithTheSameValues() {
        Model m = Model.sequential("row-pairs", 1, 28, 28)
                .add("conv1", Conv2d.of(6, 5, 5)).add("relu1", new ReLU())
                .add("pool1", new MaxPool2d(Dims2.of(2), Dims2.of(2), Padding.of(0), Dims2.of(1), false))
                .add("conv2", Conv2d.of(16, 5, 5)).add("relu2", new ReLU())
                .add("pool2", new MaxPool2d(Dims2.of(2), Dims2.of(2), Padding.of(0), Dims2.of(1), false))
                .add("pad", Conv2d.of(8, 5, 5).withPadding(4, 4)).add("relu3", new ReLU())
                .build();
        Weights w = Weights.random(m, 53);
        matchesReference(m, w, 1, 3);
        Tensor x = Blas.random(m.inputShape(), 3, 59L);
        float[][] out = withAndWithout(m, w, x, "relu3", Im2colLowering.ROW_PAIRS, (plan, off) -> {
            // conv1 (24×24 out), conv2 (8×8) and pad (4×4 in, padded by 4: 8×8 out), in the fused plan and the
            // plain one; without row pairs conv1 with its pool takes the parity layout
            java.util.Set<String> pairs = plan.convSteps().stream()
                    .filter(c -> c.lowering instanceof Im2colLowering i && i.rowPairs()).map(c -> c.name)
                    .collect(java.util.stream.Collectors.toSet());
            long parity = plan.convSteps().stream().filter(c -> c.lowering instanceof ParityLowering).count();
            boolean tiles = JavaKernels.get().rowPairTiles(24, 6);
            assertEquals(off || !tiles ? java.util.Set.of() : java.util.Set.of("conv1", "conv2", "pad"), pairs,
                    "row-pair convs");
            assertEquals(off || !tiles ? 1 : 0, parity, "parity convs");
        });
        assertBits(out[2], out[0], "row pairs and padded, one thread");
        if (JavaKernels.get().rowPairTiles(24, 6)) {
            assertBits(out[2], out[1], "row pairs on two threads and padded");
        } else {
            // no row pairs (the scalar kernels): the convs are OpenBLAS products, and two threads split the batch
            // of 3 into parts, so conv2's product has a third of the columns; OpenBLAS's sums may then differ in
            // the last bits, depending on its kernels (its Haswell ones do, by 3 ulp here; SkylakeX's do not)
            for (int i = 0; i < out[2].length; i++) {
                assertEquals(out[2][i], out[1][i], 1e-6f * (1 + Math.abs(out[2][i])), "two threads [" + i + "]");
            }
        }
    }

    /**
     * A MobileNetV2-style stem (3 → 32, 3×3/2, BatchNorm, ReLU6) on a map whose product outgrows the L2
     * budget runs its in-place GEMM in bands of output rows (the last band shorter): within the kit's tolerance
     * of the reference, and the same bits as the whole-image product, on one and two threads, at batch 2.
     */
    @Test
    void anUnpooledInPlaceConvRunsInBandsWithTheSameValues() {
        Model m = Model.sequential("banded-stem", 3, 160, 150)
                .add("stem", Conv2d.of(32, 3, 3).withStride(2, 2).withPadding(1, 1).withBias(false))
                .add("bn", BatchNorm2d.of()).add("act", Hardtanh.relu6())
                .build();
        Weights w = Weights.random(m, 43);
        matchesReference(m, w, 1, 2);
        Tensor x = Blas.random(m.inputShape(), 2, 47L);
        float[][] out = withAndWithout(m, w, x, "act", Im2colLowering.BANDS, (plan, off) -> {
            Im2colLowering stem = (Im2colLowering) plan.convSteps().get(0).lowering;
            // 80 output rows of 75, 76 columns each (the phase width): 32768 / (32 · 76) = 13 rows per band, the
            // last band 2 rows
            assertEquals(off || !JavaKernels.get().fastGemm() ? 0 : 13, stem.bandRows(), "rows per band");
        });
        assertBits(out[2], out[0], "banded and whole, one thread");
        assertBits(out[2], out[1], "banded on two threads and whole");
    }

    /**
     * {@code output} of {@code m} on {@code x} from three plans: one thread, two threads, and one thread with the
     * measuring switch {@code property} set to false; {@code check} sees each plan and whether the switch is off.
     */
    private static float[][] withAndWithout(Model m, Weights w, Tensor x, String output, String property,
                                            java.util.function.BiConsumer<BlasPlan, Boolean> check) {
        float[][] out = new float[3][];
        for (int v = 0; v < 3; v++) {
            if (v == 2) {
                System.setProperty(property, "false");
            }
            try (BlasPlan plan = (BlasPlan) new BlasBackend(v == 1 ? 2 : 1).compile(Blas.graph(m, w))) {
                check.accept(plan, v == 2);
                out[v] = plan.run(java.util.Map.of("input", x), java.util.Set.of(output)).get(output).toArray();
            } finally {
                System.clearProperty(property);
            }
        }
        return out;
    }

    /**
     * A Winograd conv whose input holds NaN and ±Inf falls back to im2col, here the in-place heap one (its
     * im2col would not fit the staged blocks): the plan sized that fallback's heap arrays too, and the
     * non-finite values propagate as the reference's do.
     */
    @Test
    void aWinogradConvWithNonFiniteInputFallsBackToTheInPlaceIm2col() {
        Model m = Model.sequential("winograd-nan", 64, 16, 16)
                .add("conv", Conv2d.of(64, 3, 3).withPadding(1, 1)).add("relu", new ReLU()).build();
        Weights w = Weights.random(m, 43);
        float[] v = Blas.random(m.inputShape(), 1, 47L).toArray();
        v[5] = Float.NaN;
        v[300] = Float.POSITIVE_INFINITY;
        v[4000] = Float.NEGATIVE_INFINITY;
        Tensor x = Tensor.of(m.inputShape().withBatch(1), v);
        try (BlasPlan plan = (BlasPlan) new BlasBackend(1).compile(Blas.graph(m, w))) {
            assertTrue(plan.convSteps().stream().allMatch(c -> c.lowering instanceof WinogradLowering), "Winograd");
        }
        ReferenceRun ref = ReferenceImplementation.run(m, w, x);
        for (int threads : new int[] {1, 2}) {
            try (BlasPlan plan = (BlasPlan) new BlasBackend(threads).compile(Blas.graph(m, w))) {
                Tensor out = plan.run(java.util.Map.of("input", x), java.util.Set.of("relu")).get("relu");
                LayerCheck c = LayerCheck.compare("relu", ref.output("relu"), out, ref.tolerance("relu"));
                assertTrue(c.passed(), threads + " threads: " + c.describe());
            }
        }
    }

    /** {@code m}'s output on {@code x} at {@code threads}, with the measuring switch {@code property} on or off. */
    private static float[] switched(Model m, Weights w, Tensor x, int threads, String property, boolean on) {
        if (!on) {
            System.setProperty(property, "false");
        }
        try (BlasPlan plan = (BlasPlan) new BlasBackend(threads).compile(Blas.graph(m, w))) {
            return plan.run(java.util.Map.of("input", x), java.util.Set.of(m.output())).get(m.output()).toArray();
        } finally {
            System.clearProperty(property);
        }
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), what + ", [" + i + "]");
        }
    }

    /**
     * The fused output of {@code m} at {@code threads} with pending epilogues and channels-last blocks on or
     * off, and how many steps take a pending epilogue and how many are channels-last.
     */
    private static float[] run(Model m, Weights w, int threads, Tensor x, boolean pending, boolean channelsLast,
                               int expectTaking, int expectChannelsLast) {
        if (!pending) {
            System.setProperty(ConvStep.PENDING_EPILOGUE, "false");
        }
        if (!channelsLast) {
            System.setProperty(ConvStep.CHANNELS_LAST, "false");
        }
        try (BlasPlan plan = (BlasPlan) new BlasBackend(threads).compile(Blas.graph(m, w))) {
            List<ConvStep> convs = plan.convSteps();
            assertEquals(expectTaking, convs.stream().filter(ConvStep::takesPendingEpilogue).count(),
                    "depthwise steps that take their producer's epilogue");
            assertEquals(expectChannelsLast, convs.stream().filter(ConvStep::channelsLast).count(),
                    "channels-last conv steps");
            String out = m.output();
            return plan.run(java.util.Map.of("input", x), java.util.Set.of(out)).get(out).toArray();
        } finally {
            System.clearProperty(ConvStep.PENDING_EPILOGUE);
            System.clearProperty(ConvStep.CHANNELS_LAST);
        }
    }

    @Test
    void pointwiseConvsMultiplyTheInputInPlace() {
        // 16 → 96 at 40×40: three column blocks; grouped; without bias; after a ReLU6 and unfused
        check(Model.sequential("pointwise", 16, 40, 40)
                        .add("expand", Conv2d.of(96, 1, 1)).add("bn", BatchNorm2d.of()).add("relu6", Hardtanh.relu6())
                        .add("grouped", Conv2d.of(32, 1, 1).withGroups(4).withBias(false))
                        .add("plain", Conv2d.of(24, 1, 1).withBias(false))
                        .add("silu", new SiLU()).build(),
                List.of("expand+bn+relu6", "grouped", "plain+silu"));
        Epilogue none = new Epilogue(null, null, 40, 40);
        assertTrue(PointwiseLowering.fits(LoweringChoiceTest.geometry(Conv2d.of(96, 1, 1), Shape.of(16, 40, 40)), none));
        assertFalse(PointwiseLowering.fits(LoweringChoiceTest.geometry(Conv2d.of(96, 1, 1).withStride(2, 2),
                Shape.of(16, 40, 40)), new Epilogue(null, null, 20, 20)), "stride 2");
        assertFalse(PointwiseLowering.fits(LoweringChoiceTest.geometry(Conv2d.of(96, 1, 1).withPadding(1, 1),
                Shape.of(16, 40, 40)), new Epilogue(null, null, 42, 42)), "padded");
        assertFalse(PointwiseLowering.fits(LoweringChoiceTest.geometry(Conv2d.of(96, 1, 1), Shape.of(16, 40, 40)),
                new Epilogue(Activation.RELU, MaxPool2d.of(2, 2), 20, 20)), "fused pool");
    }

    @Test
    void depthwiseAsAGemmPerGroupGivesTheSameAnswer() {
        Model m = Model.sequential("dw-gemm", 6, 11, 9)
                .add("dw", Conv2d.of(12, 3, 3).withStride(2, 1).withPadding(new Padding(0, 1, 2, 1)).withGroups(6))
                .add("bn", BatchNorm2d.of()).add("act", new SiLU()).build();
        Weights w = Weights.random(m, 9);
        System.setProperty(ConvStep.DEPTHWISE_GEMM, "true");
        try {
            matchesReference(m, w, 1, 4);
        } finally {
            System.clearProperty(ConvStep.DEPTHWISE_GEMM);
        }
        matchesReference(m, w, 1, 4);
    }

    @Test
    void everyActivationFusesIntoItsConv() {
        check(Model.sequential("activations", 4, 13, 12)
                        .add("grouped", Conv2d.of(8, 3, 3).withPadding(1, 1).withGroups(4)).add("bn", BatchNorm2d.of())
                        .add("silu", new SiLU())
                        .add("same", Conv2d.of(8, 4, 3).withPadding(Padding.same(Dims2.of(4, 3), Dims2.of(1))))
                        .add("gelu", GELU.exact())
                        .add("dw2", new Conv2d(16, Dims2.of(3), Dims2.of(1), Padding.of(2), Dims2.of(2), 8, true))
                        .add("elu", new ELU(0.5f))
                        .add("dw5", Conv2d.of(16, 5, 5).withPadding(2, 2).withGroups(16)).add("hsig", Hardsigmoid.of())
                        .add("tanh-gelu", Conv2d.of(6, 1, 1)).add("gt", new GELU(GELU.TANH))
                        .build(),
                List.of("grouped+bn+silu", "same+gelu", "dw2+elu", "dw5+hsig", "tanh-gelu+gt"));
    }

    @Test
    void fusedPoolsOfEveryStrideAndPadding() {
        // the separable pool: stride 1 (contiguous taps), 2 (a deinterleaved row), 3 (scalar), ceil mode, a
        // 2×2 pool of stride 1 (not the block case), odd sizes
        check(Model.sequential("pools", 3, 17, 15)
                        .add("c1", Conv2d.of(6, 3, 3).withPadding(1, 1)).add("r1", new ReLU())
                        .add("p1", MaxPool2d.of(3, 2).withStride(1, 1).withPadding(new Padding(1, 1, 1, 0)))
                        .add("c2", Conv2d.of(6, 3, 3).withStride(1, 2)).add("r2", Hardtanh.relu6())
                        .add("p2", MaxPool2d.of(3, 3).withStride(2, 2).withPadding(Padding.of(1)).withCeilMode(true))
                        .add("c3", Conv2d.of(5, 1, 1)).add("r3", new ReLU())
                        .add("p3", MaxPool2d.of(2, 2).withStride(3, 3).withCeilMode(true))
                        .build(),
                List.of("c1+r1+p1", "c2+r2+p2", "c3+r3+p3"));
    }

    @Test
    void aPoolIsFusedOnlyAfterAnActivationThatCommutesWithMax() {
        check(Model.sequential("no-pool-fusion", 3, 12, 12)
                        .add("c1", Conv2d.of(6, 3, 3)).add("hs", new Hardswish()).add("p1", MaxPool2d.of(2, 2))
                        .add("c2", Conv2d.of(6, 1, 1)).add("leaky", new LeakyReLU(-0.5f)).add("p2", MaxPool2d.of(2, 2))
                        .add("c3", Conv2d.of(6, 1, 1)).add("up", new LeakyReLU(0.1f)).add("p3", MaxPool2d.of(1, 1))
                        .build(),
                List.of("c1+hs", "p1", "c2+leaky", "p2", "c3+up+p3"));
    }

    @Test
    void aConvWithTwoReadersKeepsItsBatchNormSeparate() {
        GraphBuilder g = Model.graph("two-readers");
        GraphBuilder.Value x = g.input(4, 9, 9);
        GraphBuilder.Value c = g.apply("conv", Conv2d.of(4, 3, 3).withPadding(1, 1), x);
        GraphBuilder.Value bn = g.apply("bn", BatchNorm2d.of(), c);
        GraphBuilder.Value r = g.apply("relu", new ReLU(), bn);
        GraphBuilder.Value sum = g.apply("sum", new Add(), r, c);
        check(g.build(sum), List.of("conv", "bn", "relu", "sum"));
    }

    /**
     * A residual block's add and the ReLU reading it run as one step (the sum never written); a mul + SiLU
     * too; an add read by two nodes keeps its own step. The values are the plain steps' to the bit.
     */
    @Test
    void anAddAndTheActivationReadingItRunAsOneStep() {
        GraphBuilder g = Model.graph("residual");
        GraphBuilder.Value x = g.input(8, 10, 10);
        GraphBuilder.Value c1 = g.apply("bn1", BatchNorm2d.of(), g.apply("conv1", Conv2d.of(8, 3, 3).withPadding(1, 1), x));
        GraphBuilder.Value r1 = g.apply("relu1", new ReLU(), g.apply("add1", new Add(), c1, x));
        GraphBuilder.Value c2 = g.apply("conv2", Conv2d.of(8, 3, 3).withPadding(1, 1), r1);
        GraphBuilder.Value m2 = g.apply("silu", new SiLU(), g.apply("mul", new dev.lamina.api.Mul(), c2, r1));
        GraphBuilder.Value a3 = g.apply("add3", new Add(), m2, r1);
        GraphBuilder.Value out = g.apply("add4", new Add(), g.apply("relu3", new ReLU(), a3), a3);
        Model m = g.build(out);
        Weights w = Weights.random(m, 53);
        check(m, List.of("conv1+bn1", "add1+relu1", "conv2", "mul+silu", "add3", "relu3", "add4"));
        // no convs (whose folded BatchNorm rounds differently in the two plans): fused and plain to the bit
        GraphBuilder h = Model.graph("no-convs");
        GraphBuilder.Value y = h.input(8, 10, 10);
        GraphBuilder.Value z = h.apply("relu", new ReLU(), h.apply("add", new Add(), y, h.apply("neg", new LeakyReLU(-1.5f), y)));
        Model plainOnly = h.build(h.apply("silu", new SiLU(), h.apply("mul", new dev.lamina.api.Mul(), z, y)));
        Weights none = Weights.random(plainOnly, 1);
        assertEquals(List.of("neg", "add+relu", "mul+silu"), chains(plainOnly, none));
        Tensor in = Blas.random(plainOnly.inputShape(), 2, 59L);
        try (CompiledModel cm = Blas.compile(plainOnly, none)) {
            assertBits(cm.forwardAll(in).get("silu").toArray(), cm.forward(in).toArray(), "fused against plain");
        }
        // the adds between native buffers against the heap chunks, to the bit, at one and two threads
        Tensor x3 = Blas.random(m.inputShape(), 3, 71L);
        for (int threads : new int[] {1, 2}) {
            assertBits(switched(m, w, x3, threads, CombineStep.DIRECT, false),
                    switched(m, w, x3, threads, CombineStep.DIRECT, true), "adds between buffers, " + threads + " threads");
        }
    }

    /**
     * ResNet's stem pool (3×3, stride 2, padding 1) fused over whole planes ({@link Epilogue#POOL_3X3}) gives
     * the bits of the plain plan's own pool step after the conv (the bias added before or after the max is the
     * same rounding: rounding is monotonic): even maps of several widths (one not a whole number of vectors),
     * after a ReLU and after no activation, NaN in the input, at batches 1 and 2.
     */
    @Test
    void theStemPoolOverWholePlanesGivesThePoolStepsBits() {
        MaxPool2d pool = new MaxPool2d(Dims2.of(3), Dims2.of(2), Padding.of(1), Dims2.of(1), false);
        for (int[] hw : new int[][] {{12, 18}, {8, 8}, {30, 20}, {16, 36}}) {
            for (boolean relu : new boolean[] {true, false}) {
                dev.lamina.core.SequentialBuilder b = Model.sequential("stem-pool-" + hw[0] + "x" + hw[1] + (relu ? "-relu" : ""),
                        3, hw[0], hw[1]).add("conv", Conv2d.of(6, 3, 3).withPadding(1, 1));
                if (relu) {
                    b.add("relu", new ReLU());
                }
                Model m = b.add("pool", pool).build();
                Weights w = Weights.random(m, 73);
                for (int batch : new int[] {1, 2}) {
                    float[] v = Blas.random(m.inputShape(), batch, 79L + batch).toArray();
                    v[hw[1] + 3] = Float.NaN;
                    Tensor x = Tensor.of(m.inputShape().withBatch(batch), v);
                    try (CompiledModel cm = Blas.compile(m, w)) {
                        assertBits(cm.forwardAll(x).get("pool").toArray(), cm.forward(x).toArray(),
                                m.name() + ", batch " + batch);
                    }
                }
            }
        }
    }

    /**
     * The general fused pool (vertical, then horizontal) at every horizontal stride it has a path for: 1
     * (3×3, padded), 2 (3×2, ceil mode) and 3 (2×4, the scalar loop), with rectangular windows and padding.
     */
    @Test
    void fusedPoolsOfEveryStride() {
        MaxPool2d[] pools = {
            new MaxPool2d(Dims2.of(3), Dims2.of(1), Padding.of(1), Dims2.of(1), false),
            new MaxPool2d(Dims2.of(3, 2), Dims2.of(2), Padding.of(1, 0), Dims2.of(1), true),
            new MaxPool2d(Dims2.of(2, 4), Dims2.of(1, 3), Padding.of(1, 2), Dims2.of(1), false),
        };
        for (MaxPool2d pool : pools) {
            check(Model.sequential("pool-" + pool.stride(), 3, 13, 17)
                    .add("conv", Conv2d.of(6, 3, 3).withPadding(1, 1)).add("relu", new ReLU())
                    .add("pool", pool).build(), List.of("conv+relu+pool"));
        }
        // ResNet's 3×3/2 pad-1 pool on even and odd maps: windows clipped at the top and left only, or at every side
        MaxPool2d resnet = new MaxPool2d(Dims2.of(3), Dims2.of(2), Padding.of(1), Dims2.of(1), false);
        for (int[] hw : new int[][] {{12, 18}, {11, 18}, {12, 17}}) {
            check(Model.sequential("resnet-pool-" + hw[0] + "x" + hw[1], 3, hw[0], hw[1])
                    .add("conv", Conv2d.of(6, 3, 3).withPadding(1, 1)).add("relu", new ReLU())
                    .add("pool", resnet).build(), List.of("conv+relu+pool"));
        }
    }

    /**
     * Pools over samples small enough to copy whole (one bulk copy each way: MobileNetV2's global average pool)
     * and too large for it (plane by plane), against the kit's reference.
     */
    @Test
    void poolsOverSmallAndLargeSamples() {
        for (int[] chw : new int[][] {{64, 7, 7}, {9, 128, 130}}) { // 9 planes: four at a time and one left
            check(Model.sequential("pools-" + chw[0], chw[0], chw[1], chw[2])
                    .add("avg", new dev.lamina.api.AvgPool2d(Dims2.of(3), Dims2.of(2), Padding.of(1), false, true))
                    .add("max", dev.lamina.api.AdaptiveMaxPool2d.of(3, 2))
                    .add("gap", dev.lamina.api.AdaptiveAvgPool2d.of(1, 1)).build(), List.of("avg", "max", "gap"));
        }
    }

    /**
     * 1×1 strided convs without padding (ResNet's downsample), whose phase split makes phase (0, 0) alone: even
     * and odd maps, strides 2 and (2, 3), with a folded BatchNorm, and with a pad (all four phases made).
     */
    @Test
    void stridedPointwiseConvs() {
        for (int[] hw : new int[][] {{14, 14}, {13, 17}}) {
            check(Model.sequential("down-" + hw[0] + "x" + hw[1], 16, hw[0], hw[1])
                    .add("down", Conv2d.of(24, 1, 1).withStride(2, 2).withBias(false)).add("bn", BatchNorm2d.of())
                    .add("wide", Conv2d.of(8, 1, 1).withStride(2, 3))
                    .add("padded", Conv2d.of(8, 1, 1).withStride(2, 2).withPadding(1, 1)).build(),
                    List.of("down+bn", "wide", "padded"));
        }
    }
}
