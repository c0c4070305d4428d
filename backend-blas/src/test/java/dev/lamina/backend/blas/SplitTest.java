package dev.lamina.backend.blas;

import dev.lamina.api.AdaptiveAvgPool2d;
import dev.lamina.api.Add;
import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Dims2;
import dev.lamina.api.Flatten;
import dev.lamina.api.Hardtanh;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Padding;
import dev.lamina.api.ReLU;
import dev.lamina.api.SiLU;
import dev.lamina.api.Tensor;
import dev.lamina.core.GraphBuilder;
import dev.lamina.core.LayerNode;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch of one splits each conv across the threads (intra-layer parallelism) and gets, bit for bit, the
 * one-thread result: every lowering — im2col (one GEMM call by rows; several groups), Winograd whole
 * and in blocks (with and without a tile pool), pointwise (pieces; one call by rows; groups),
 * depthwise — the planes of an add and the chunks of an activation, for the fused and the plain plan.
 */
class SplitTest {
    private static final Model STEM = Model.sequential("stem", 3, 64, 64)
            .add("conv1", Conv2d.of(64, 7, 7).withStride(2, 2).withPadding(3, 3))          // im2col, one call
            .add("bn1", BatchNorm2d.of()).add("relu1", new ReLU())
            .add("pool1", new MaxPool2d(Dims2.of(3), Dims2.of(2), Padding.of(1), Dims2.of(1), false))
            .add("conv2", Conv2d.of(64, 3, 3).withPadding(1, 1)).add("relu2", new ReLU())  // Winograd, whole
            .add("conv3", Conv2d.of(128, 1, 1)).add("relu3", new ReLU())                    // pointwise, pieces
            .add("conv4", Conv2d.of(96, 1, 1)).add("relu4", Hardtanh.relu6())               // one call
            .add("gap", AdaptiveAvgPool2d.of(1, 1)).add("flat", new Flatten()).add("fc", Dense.of(10)).build();

    private static final Model BLOCKS = Model.sequential("blocks", 16, 64, 64)
            .add("conv1", Conv2d.of(16, 3, 3).withPadding(1, 1)).add("relu1", new ReLU())  // Winograd, tile pool
            .add("pool1", MaxPool2d.of(2, 2))
            .add("dw", Conv2d.of(128, 3, 3).withPadding(1, 1).withGroups(16))              // depthwise, ×8
            .add("relu2", Hardtanh.relu6())
            .add("grouped", Conv2d.of(64, 3, 3).withStride(2, 2).withPadding(1, 1).withGroups(4)) // im2col, groups
            .add("pw", Conv2d.of(32, 1, 1).withGroups(2))                                   // pointwise, groups
            .add("flat", new Flatten()).add("fc", Dense.of(10)).build();

    private static final Model WIDE = Model.sequential("wide", 8, 96, 96)
            .add("conv1", Conv2d.of(32, 3, 3).withPadding(1, 1)).add("relu1", new ReLU())  // Winograd, blocks
            .add("gap", AdaptiveAvgPool2d.of(1, 1)).add("flat", new Flatten()).add("fc", Dense.of(10)).build();

    private static final Model SMALL = Model.sequential("small", 192, 14, 14)
            .add("conv1", Conv2d.of(256, 1, 1)).add("relu1", new ReLU())                    // one call, by rows
            .add("flat", new Flatten()).add("fc", Dense.of(10)).build();

    @Test
    void residualAddByPlanes() {
        GraphBuilder g = Model.graph("residual");
        GraphBuilder.Value x = g.input(64, 28, 28);
        GraphBuilder.Value c1 = g.apply("conv1", Conv2d.of(64, 3, 3).withPadding(1, 1), x);
        GraphBuilder.Value r1 = g.apply("relu1", new ReLU(), c1);
        GraphBuilder.Value c2 = g.apply("conv2", Conv2d.of(64, 3, 3).withPadding(1, 1), r1);
        GraphBuilder.Value sum = g.apply("sum", new Add(), c2, x);                       // 50 176 floats: split
        GraphBuilder.Value act = g.apply("act", new SiLU(), sum);                        // by chunks
        GraphBuilder.Value gap = g.apply("gap", AdaptiveAvgPool2d.of(1, 1), act);
        GraphBuilder.Value flat = g.apply("flat", new Flatten(), gap);
        check(g.build(g.apply("fc", Dense.of(10), flat)), List.of(WinogradLowering.class));
    }

    @Test
    void pointwiseByRows() {
        assertEquals(2, Gemm.parts(256, 196, 192), "one call cut into two row blocks");
        check(SMALL, List.of(PointwiseLowering.class));
    }

    @Test
    void stemWinogradAndPointwise() {
        check(STEM, List.of(Im2colLowering.class, WinogradLowering.class, PointwiseLowering.class));
    }

    @Test
    void tilePoolDepthwiseAndGroups() {
        check(BLOCKS, List.of(WinogradLowering.class, DepthwiseLowering.class, Im2colLowering.class,
                PointwiseLowering.class));
    }

    @Test
    void winogradBlocksWithoutPool() {
        check(WIDE, List.of(WinogradLowering.class));
    }

    private static void check(Model m, List<Class<?>> lowerings) {
        Weights w = Weights.random(m, 5);
        Tensor x = Blas.random(m.inputShape(), 1, 9);
        Set<String> all = new LinkedHashSet<>();
        for (LayerNode l : m.layers()) {
            all.add(l.name());
        }
        Map<String, Tensor> one = run(m, w, x, 1, all);
        Map<String, Tensor> oneFused = run(m, w, x, 1, Set.of("fc"));
        for (int threads : new int[] {2, 3}) {
            try (BlasBackend b = new BlasBackend(threads); BlasPlan plan = (BlasPlan) b.compile(Blas.graph(m, w))) {
                for (ConvStep s : plan.convSteps()) {
                    assertTrue(s.splits(threads), s.name + " is not split across " + threads + " threads");
                    assertTrue(lowerings.contains(s.lowering.getClass()), s.name + ": " + s.lowering.getClass());
                }
                for (Class<?> c : lowerings) {
                    assertTrue(plan.convSteps().stream().anyMatch(s -> s.lowering.getClass() == c), c + " not used");
                }
                for (int repeat = 0; repeat < 3; repeat++) {
                    Map<String, Tensor> fused = plan.run(Map.of("input", x), Set.of("fc"));
                    assertArrayEquals(oneFused.get("fc").toArray(), fused.get("fc").toArray(),
                            threads + " threads, fused");
                    Map<String, Tensor> plain = plan.run(Map.of("input", x), all);
                    for (String name : all) {
                        assertArrayEquals(one.get(name).toArray(), plain.get(name).toArray(),
                                threads + " threads, " + name);
                    }
                }
            }
        }
        Blas.assertClose("fused against plain", one.get("fc").toArray(), oneFused.get("fc"));
        assertEquals(10, one.get("fc").toArray().length);
    }

    private static Map<String, Tensor> run(Model m, Weights w, Tensor x, int threads, Set<String> outputs) {
        try (BlasBackend b = new BlasBackend(threads); BlasPlan plan = (BlasPlan) b.compile(Blas.graph(m, w))) {
            assertTrue(plan.convSteps().stream().noneMatch(s -> s.splits(threads)));
            return plan.run(Map.of("input", x), outputs);
        }
    }
}
