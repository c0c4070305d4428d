package dev.lamina.backend.blas;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Hardtanh;
import dev.lamina.api.Dims2;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Padding;
import dev.lamina.api.ReLU;
import dev.lamina.api.Tensor;
import dev.lamina.conformance.cases.LayerCheck;
import dev.lamina.conformance.reference.ReferenceImplementation;
import dev.lamina.conformance.reference.ReferenceRun;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The products turned around on packed panels of filters ({@link JavaKernels#gemmPanel}): Winograd's on the heap ({@link WinogradLowering#heapProducts}: deep layers on small maps, where the
 * transformed weights outweigh the data): the same outputs as the reference on odd (7×7) and even (8×8) maps,
 * with output channels that are not a whole number of panels (the last one overlaps), batches that fill
 * several heap blocks and leave a partial one, split across threads bit for bit as on one, the OpenBLAS path
 * close to it, and an input with NaN and ±Inf through the im2col fallback; and the in-place im2col GEMM of
 * strided convs on small maps ({@link Im2colLowering#turned}), with and without a fused pool; and the channels-last
 * expand and project convs of an inverted residual on the heap ({@link PointwiseLowering#heap}), or the expand
 * run by the depthwise step ({@link ConvStep#runsExpand}), a full conv as that expand too. Where the Java
 * kernels have no panel product (scalar, AVX2) the plan must not choose either.
 */
class PanelProductTest {
    private static final Model DEEP = Model.sequential("deep", 64, 7, 7)
            .add("conv1", Conv2d.of(112, 3, 3).withPadding(1, 1)).add("relu1", new ReLU())
            .add("conv2", Conv2d.of(96, 3, 3).withPadding(1, 1)).build();

    private static final Model EVEN = Model.sequential("even", 48, 8, 8)
            .add("conv1", Conv2d.of(64, 3, 3).withPadding(1, 1)).add("relu1", new ReLU()).build();

    /**
     * A map whose data outweighs its weights (OpenBLAS would take it in blocks of tile rows), small enough for
     * the heap products ({@link WinogradLowering#HEAP_FLOATS}): 27×25 (14 × 13 tiles, an odd edge both ways),
     * 48 → 96 → 64 channels.
     */
    private static final Model MID = Model.sequential("mid", 48, 27, 25)
            .add("conv1", Conv2d.of(96, 3, 3).withPadding(1, 1)).add("relu1", new ReLU())
            .add("conv2", Conv2d.of(64, 3, 3).withPadding(1, 1)).build();

    /** ResNet-18's layer1 conv (56×56, 64 channels): its transformed image is too large, so it stays on OpenBLAS. */
    private static final Model WIDE_MAP = Model.sequential("wide-map", 64, 56, 56)
            .add("conv1", Conv2d.of(64, 3, 3).withPadding(1, 1)).build();

    /** ResNet's strided 3×3/2 convs on small maps (28 → 14 → 7; 160 filters: an overlapping last panel), then pooled. */
    private static final Model STRIDED = Model.sequential("strided", 128, 28, 28)
            .add("conv1", Conv2d.of(160, 3, 3).withStride(2, 2).withPadding(1, 1)).add("relu1", new ReLU())
            .add("conv2", Conv2d.of(96, 3, 3).withStride(2, 2).withPadding(1, 1)).add("relu2", new ReLU())
            .add("pool", new MaxPool2d(Dims2.of(3), Dims2.of(2), Padding.of(1), Dims2.of(1), false)).build();

    @Test
    void stridedConvsOnSmallMapsTurnTheirInPlaceGemmAround() {
        boolean panels = JavaKernels.get().panelWidth() > 0;
        Weights w = Weights.random(STRIDED, 23);
        try (BlasPlan plan = (BlasPlan) new BlasBackend(1).compile(Blas.graph(STRIDED, w))) {
            for (ConvStep s : plan.convSteps()) {
                assertTrue(s.lowering instanceof Im2colLowering, s.name + ": " + s.lowering.getClass().getSimpleName());
                Im2colLowering l = (Im2colLowering) s.lowering;
                assertEquals(JavaKernels.get().fastGemm(), l.inPlace(), s.name + " in place");
                assertEquals(panels, l.turned(), s.name + ": " + JavaKernels.status());
            }
        }
        for (int batch : new int[] {1, 3}) {
            Tensor x = Blas.random(STRIDED.inputShape(), batch, 29L + batch);
            for (String name : new String[] {"relu1", "pool"}) {
                onEveryThreadCount(STRIDED, w, x, name);
            }
        }
    }

    /**
     * An inverted residual (MobileNetV2's): expand 24 → 144 channels-last, depthwise, project to 40 (a bias and
     * no activation; 40 filters: the GEMM's narrow tiles); 208 pixels, 13 wide (too many for the depthwise step
     * to run the expand conv by bands): three pixel blocks and a part.
     */
    private static final Model INVERTED = Model.sequential("inverted", 24, 16, 13)
            .add("expand", Conv2d.of(144, 1, 1)).add("act1", Hardtanh.relu6())
            .add("dw", Conv2d.of(144, 3, 3).withPadding(1, 1).withGroups(144)).add("act2", Hardtanh.relu6())
            .add("project", Conv2d.of(40, 1, 1)).build();

    @Test
    void expandAndProjectConvsRunOnTheHeapWhereThereArePanels() {
        boolean panels = JavaKernels.get().panelWidth() > 0;
        Weights w = Weights.random(INVERTED, 31);
        try (BlasPlan plan = (BlasPlan) new BlasBackend(1).compile(Blas.graph(INVERTED, w))) {
            // the fused plan's block: expand, depthwise, project channels-last
            List<ConvStep> last = plan.convSteps().stream().filter(ConvStep::channelsLast).toList();
            assertEquals(3, last.size(), "the block runs channels-last");
            assertEquals(panels, last.get(0).lowering instanceof PointwiseLowering p && p.heap(), "expand: " + JavaKernels.status());
            assertEquals(panels, last.get(2).lowering instanceof PointwiseLowering p && p.heap(), "project: " + JavaKernels.status());
        }
        for (int batch : new int[] {1, 3}) {
            Tensor x = Blas.random(INVERTED.inputShape(), batch, 37L + batch);
            float[] one = onEveryThreadCount(INVERTED, w, x, "project");
            System.setProperty(PointwiseLowering.HEAP_PROPERTY, "false");
            try (BlasPlan plan = (BlasPlan) new BlasBackend(1).compile(Blas.graph(INVERTED, w))) {
                assertTrue(plan.convSteps().stream().noneMatch(c -> c.lowering instanceof PointwiseLowering p && p.heap()));
                Blas.assertClose("against OpenBLAS's expand", one, plan.run(Map.of("input", x), Set.of("project")).get("project"));
            } finally {
                System.clearProperty(PointwiseLowering.HEAP_PROPERTY);
            }
        }
    }

    /**
     * Pointwise convs with planes on both sides on small maps (MobileNetV2's features.18) on the heap
     * ({@link PointwiseLowering#planesHeapFits}): 7×7 with 100 filters (an overlapping last panel, split by
     * panels on two and three threads) and a ReLU6, then 6×6 — a 2×2 conv between them keeps them apart — with
     * 48 filters and no bias.
     */
    private static final Model HEAD = Model.sequential("head", 40, 7, 7)
            .add("conv1", Conv2d.of(100, 1, 1)).add("act1", Hardtanh.relu6())
            .add("conv2", Conv2d.of(64, 2, 2)).add("conv3", Conv2d.of(48, 1, 1).withBias(false)).build();

    @Test
    void smallPointwiseConvsRunOnTheHeapWhereThereArePanels() {
        boolean panels = JavaKernels.get().panelWidth() > 0;
        Weights w = Weights.random(HEAD, 53);
        try (BlasPlan plan = (BlasPlan) new BlasBackend(1).compile(Blas.graph(HEAD, w))) {
            for (ConvStep s : plan.convSteps()) {
                boolean pointwise = !s.name.equals("conv2");
                assertEquals(pointwise && panels, s.lowering instanceof PointwiseLowering p && p.heap(),
                        s.name + ": " + JavaKernels.status());
            }
        }
        for (int batch : new int[] {1, 3}) {
            Tensor x = Blas.random(HEAD.inputShape(), batch, 59L + batch);
            float[] one = onEveryThreadCount(HEAD, w, x, "conv3");
            onEveryThreadCount(HEAD, w, x, "act1");
            System.setProperty(PointwiseLowering.PLANES_HEAP, "false");
            try (BlasPlan plan = (BlasPlan) new BlasBackend(1).compile(Blas.graph(HEAD, w))) {
                assertTrue(plan.convSteps().stream().noneMatch(c -> c.lowering instanceof PointwiseLowering p && p.heap()));
                Blas.assertClose("against OpenBLAS", one, plan.run(Map.of("input", x), Set.of("conv3")).get("conv3"));
            } finally {
                System.clearProperty(PointwiseLowering.PLANES_HEAP);
            }
        }
    }

    /**
     * Inverted residuals on maps at least {@link ConvStep#FUSED_EXPAND_WIDTH} wide, whose depthwise step runs
     * the expand conv row by row into its ring: 30 wide (tiles of eight, of four and single rows) with a
     * stride-2 depthwise conv and 144 filters (three panels), its project conv's 96 filters in panels too
     * ({@link PointwiseLowering#projectInPanels}), and 16 wide with an expand conv of neither bias nor
     * activation (nothing else pending) and 120 filters (an overlapping last panel).
     */
    private static final Model WIDE = Model.sequential("wide", 24, 17, 30)
            .add("expand", Conv2d.of(144, 1, 1)).add("act1", Hardtanh.relu6())
            .add("dw", Conv2d.of(144, 3, 3).withStride(2, 2).withPadding(1, 1).withGroups(144))
            .add("act2", Hardtanh.relu6()).add("project", Conv2d.of(96, 1, 1)).build();
    /** 7×7 and 9×9 maps (narrower than 14): the expand conv over a band's rows at once, stride 1 and 2. */
    private static final Model SMALL = Model.sequential("small", 32, 7, 7)
            .add("expand", Conv2d.of(192, 1, 1)).add("act1", Hardtanh.relu6())
            .add("dw", Conv2d.of(192, 3, 3).withPadding(1, 1).withGroups(192)).add("act2", Hardtanh.relu6())
            .add("project", Conv2d.of(48, 1, 1)).build();
    /** 7×7, 160 filters in the project: four panels of 48, the last overlapping, split by panels on two and three threads. */
    private static final Model SEVEN = Model.sequential("seven", 32, 7, 7)
            .add("expand", Conv2d.of(192, 1, 1)).add("act1", Hardtanh.relu6())
            .add("dw", Conv2d.of(192, 3, 3).withPadding(1, 1).withGroups(192)).add("act2", Hardtanh.relu6())
            .add("project", Conv2d.of(160, 1, 1)).build();
    private static final Model SMALL2 = Model.sequential("small2", 16, 9, 9)
            .add("expand", Conv2d.of(96, 1, 1)).add("act1", Hardtanh.relu6())
            .add("dw", Conv2d.of(96, 3, 3).withStride(2, 2).withPadding(1, 1).withGroups(96))
            .add("act2", Hardtanh.relu6()).add("project", Conv2d.of(32, 1, 1)).build();
    private static final Model BARE = Model.sequential("bare", 16, 9, 16)
            .add("expand", Conv2d.of(120, 1, 1).withBias(false))
            .add("dw", Conv2d.of(120, 3, 3).withPadding(1, 1).withGroups(120)).add("act2", Hardtanh.relu6())
            .add("project", Conv2d.of(32, 1, 1)).build();

    @Test
    void depthwiseStepsRunTheirExpandConvWhereThereArePanels() {
        boolean panels = JavaKernels.get().panelWidth() > 0;
        for (Model m : List.of(WIDE, BARE, SMALL, SMALL2, SEVEN)) {
            Weights w = Weights.random(m, 43);
            try (BlasPlan plan = (BlasPlan) new BlasBackend(1).compile(Blas.graph(m, w))) {
                assertEquals(panels ? 1 : 0, plan.convSteps().stream().filter(ConvStep::runsExpand).count(),
                        m.name() + ": " + JavaKernels.status());
                // the 7×7 and 9×9 maps (expanded by bands) split by channels on two threads: four and two panels
                assertEquals(panels && (m == SMALL || m == SMALL2 || m == SEVEN), plan.convSteps().stream().anyMatch(
                        c -> c.lowering instanceof DepthwiseChannelsLastLowering d && d.byChannels(2)), m.name());
                String expandThenDw = m == BARE ? "expand+dw+act2" : "expand+act1+dw+act2";
                assertEquals(panels, plan.fusedChains().contains(expandThenDw), plan.fusedChains().toString());
                // 96, 48 and 160 filters: the project's weights in panels; 32: rows of Wᵀ
                assertEquals(panels && (m == WIDE || m == SMALL || m == SEVEN), plan.convSteps().stream().anyMatch(
                        c -> c.lowering instanceof PointwiseLowering p && p.projectInPanels()), m.name());
                // SEVEN's 7×7 project (160 filters: four panels) splits by panels on two threads, SMALL's (48:
                // one panel) by pixels
                assertEquals(panels && m == SEVEN, plan.convSteps().stream().anyMatch(c -> c.name.equals("project")
                        && c.lowering instanceof PointwiseLowering p && p.byPanels(2)), m.name());
            }
            for (int batch : new int[] {1, 3}) {
                Tensor x = Blas.random(m.inputShape(), batch, 47L + batch);
                float[] one = onEveryThreadCount(m, w, x, "project");
                System.setProperty(ConvStep.FUSED_EXPAND, "false");
                try (BlasPlan plan = (BlasPlan) new BlasBackend(1).compile(Blas.graph(m, w))) {
                    assertTrue(plan.convSteps().stream().noneMatch(ConvStep::runsExpand));
                    Blas.assertClose(m.name() + " against the expand's own step", one,
                            plan.run(Map.of("input", x), Set.of("project")).get("project"));
                } finally {
                    System.clearProperty(ConvStep.FUSED_EXPAND);
                }
            }
        }
    }

    /**
     * Blocks whose expand conv is a full conv (MobileNetV2's stem before features.1), run row by row by the
     * depthwise step on its im2col rows ({@link ProducerRows}): 3×3 stride 2 over 3 channels with 32 filters (the
     * narrow panel of two vectors; a padded row of 35, odd: a phase of one more), stride 1 with 56 filters (a
     * wide panel and an overlapping one) and stride 3 without padding over 2 channels with 40 filters (two
     * narrow panels, overlapping; the general phase split).
     */
    private static final Model STEM = Model.sequential("stem", 3, 30, 33)
            .add("conv", Conv2d.of(32, 3, 3).withStride(2, 2).withPadding(1, 1)).add("act1", Hardtanh.relu6())
            .add("dw", Conv2d.of(32, 3, 3).withPadding(1, 1).withGroups(32)).add("act2", Hardtanh.relu6())
            .add("project", Conv2d.of(16, 1, 1)).build();
    private static final Model STEM1 = Model.sequential("stem1", 3, 12, 16)
            .add("conv", Conv2d.of(56, 3, 3).withPadding(1, 1)).add("act1", Hardtanh.relu6())
            .add("dw", Conv2d.of(56, 3, 3).withStride(2, 2).withPadding(1, 1).withGroups(56))
            .add("act2", Hardtanh.relu6()).add("project", Conv2d.of(24, 1, 1)).build();
    private static final Model STEM3 = Model.sequential("stem3", 2, 7, 47)
            .add("conv", Conv2d.of(40, 3, 3).withStride(3, 3)).add("act1", new ReLU())
            .add("dw", Conv2d.of(40, 3, 3).withPadding(1, 1).withGroups(40)).add("act2", Hardtanh.relu6())
            .add("project", Conv2d.of(16, 1, 1)).build();

    @Test
    void depthwiseStepsRunAFullConvAsTheirExpandWhereThereArePanels() {
        boolean panels = JavaKernels.get().panelWidth() > 0;
        for (Model m : List.of(STEM, STEM1, STEM3)) {
            Weights w = Weights.random(m, 53);
            try (BlasPlan plan = (BlasPlan) new BlasBackend(1).compile(Blas.graph(m, w))) {
                assertEquals(panels ? 1 : 0, plan.convSteps().stream().filter(ConvStep::runsExpand).count(),
                        m.name() + ": " + JavaKernels.status());
                assertEquals(panels, plan.fusedChains().contains("conv+act1+dw+act2"), plan.fusedChains().toString());
                assertEquals(panels ? 2 : 0, plan.convSteps().stream().filter(ConvStep::channelsLast).count(),
                        m.name() + ": the depthwise and project steps channels-last");
            }
            for (int batch : new int[] {1, 2}) {
                Tensor x = Blas.random(m.inputShape(), batch, 59L + batch);
                float[] one = onEveryThreadCount(m, w, x, "project");
                System.setProperty(ConvStep.FUSED_CONV_EXPAND, "false");
                try (BlasPlan plan = (BlasPlan) new BlasBackend(1).compile(Blas.graph(m, w))) {
                    assertTrue(plan.convSteps().stream().noneMatch(ConvStep::runsExpand));
                    assertTrue(plan.convSteps().stream().noneMatch(ConvStep::channelsLast), m.name() + " on planes");
                    Blas.assertClose(m.name() + " against the conv's own step", one,
                            plan.run(Map.of("input", x), Set.of("project")).get("project"));
                } finally {
                    System.clearProperty(ConvStep.FUSED_CONV_EXPAND);
                }
            }
        }
    }

    @Test
    void deepLayersRunTheirProductsOnTheHeapWhereThereArePanels() {
        boolean panels = JavaKernels.get().panelWidth() > 0;
        try (BlasPlan plan = (BlasPlan) new BlasBackend(1).compile(Blas.graph(WIDE_MAP, Weights.random(WIDE_MAP, 3)))) {
            assertTrue(plan.convSteps().stream().noneMatch(s -> assertWinograd(s).heapProducts()), "56×56 × 64");
        }
        for (Model m : List.of(DEEP, EVEN, MID)) {
            try (BlasPlan plan = (BlasPlan) new BlasBackend(1).compile(Blas.graph(m, Weights.random(m, 3)))) {
                for (ConvStep s : plan.convSteps()) {
                    WinogradLowering wl = assertWinograd(s);
                    assertEquals(panels, wl.heapProducts(), s.name + ": " + JavaKernels.status());
                    assertEquals(panels, wl.ownedWeights() == null, s.name + ": native U_e only for OpenBLAS");
                }
            }
        }
    }

    @Test
    void matchesTheReferenceAtEveryBatchAndThreadCount() {
        for (Model m : List.of(DEEP, EVEN, MID)) {
            Weights w = Weights.random(m, 11);
            String last = m.layers().get(m.layers().size() - 1).name();
            for (int batch : new int[] {1, 5, 9}) {
                Tensor x = Blas.random(m.inputShape(), batch, 13L + batch);
                float[] one = onEveryThreadCount(m, w, x, last);
                System.setProperty(WinogradLowering.HEAP_PROPERTY, "false");
                try (BlasPlan plan = (BlasPlan) new BlasBackend(1).compile(Blas.graph(m, w))) {
                    assertTrue(plan.convSteps().stream().noneMatch(s -> assertWinograd(s).heapProducts()));
                    Blas.assertClose(m.name() + " against OpenBLAS's products", one,
                            plan.run(Map.of("input", x), Set.of(last)).get(last));
                } finally {
                    System.clearProperty(WinogradLowering.HEAP_PROPERTY);
                }
            }
        }
    }

    @Test
    void nonFiniteInputsGoThroughTheFallback() {
        Weights w = Weights.random(DEEP, 17);
        for (int batch : new int[] {1, 6}) {
            float[] v = Blas.random(DEEP.inputShape(), batch, 19L).toArray();
            v[3] = Float.NaN;
            v[v.length - 60] = Float.POSITIVE_INFINITY;
            v[v.length / 2] = Float.NEGATIVE_INFINITY;
            Tensor x = Tensor.of(DEEP.inputShape().withBatch(batch), v);
            ReferenceRun ref = ReferenceImplementation.run(DEEP, w, x);
            for (int threads : new int[] {1, 2}) {
                try (BlasPlan plan = (BlasPlan) new BlasBackend(threads).compile(Blas.graph(DEEP, w))) {
                    for (String name : new String[] {"relu1", "conv2"}) {
                        Tensor out = plan.run(Map.of("input", x), Set.of(name)).get(name);
                        LayerCheck c = LayerCheck.compare(name, ref.output(name), out, ref.tolerance(name));
                        assertTrue(c.passed(), "batch " + batch + ", " + threads + " threads, " + name + ": "
                                + c.describe());
                    }
                }
            }
        }
    }

    /**
     * Value {@code name} of {@code m} at 1, 2 and 3 threads, each within the kit's tolerance of the reference;
     * for a batch of one (each image split across the threads) the same bits at every count. The one-thread value.
     */
    private static float[] onEveryThreadCount(Model m, Weights w, Tensor x, String name) {
        ReferenceRun ref = ReferenceImplementation.run(m, w, x);
        int batch = x.shape().dim(0);
        float[] one = null;
        for (int threads : new int[] {1, 2, 3}) {
            try (BlasPlan plan = (BlasPlan) new BlasBackend(threads).compile(Blas.graph(m, w))) {
                Tensor out = plan.run(Map.of("input", x), Set.of(name)).get(name);
                LayerCheck c = LayerCheck.compare(name, ref.output(name), out, ref.tolerance(name));
                assertTrue(c.passed(), m.name() + " batch " + batch + ", " + threads + " threads: " + c.describe());
                if (one == null) {
                    one = out.toArray();
                } else if (batch == 1) {
                    assertArrayEquals(one, out.toArray(), 0f, m.name() + ", " + threads + " threads, split");
                }
            }
        }
        return one;
    }

    private static WinogradLowering assertWinograd(ConvStep s) {
        assertTrue(s.lowering instanceof WinogradLowering, s.name + ": " + s.lowering.getClass().getSimpleName());
        return (WinogradLowering) s.lowering;
    }
}
