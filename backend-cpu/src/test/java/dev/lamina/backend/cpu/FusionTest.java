package dev.lamina.backend.cpu;

import dev.lamina.api.Add;
import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Dims2;
import dev.lamina.api.Flatten;
import dev.lamina.api.Hardswish;
import dev.lamina.api.Hardtanh;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Padding;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.SiLU;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Tensor;
import dev.lamina.conformance.cases.LayerCheck;
import dev.lamina.conformance.reference.ReferenceImplementation;
import dev.lamina.conformance.reference.ReferenceRun;
import dev.lamina.core.BackendConfig;
import dev.lamina.core.BackendRegistry;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.Compiler;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused schedule: which nodes each kernel of {@code forward} covers (a GEMM conv + BatchNorm folded +
 * activation + max-pool), that its output stays within the kit's derived tolerances of the kit's
 * double-precision reference and, without a BatchNorm, is bit for bit the plain schedule's, and that every
 * layer's output through {@code forwardAll} (the plain schedule) stays within its own tolerance; at batch
 * sizes 1 (filters split over the threads) and 3.
 */
class FusionTest {
    private static final Compiler COMPILER = new Compiler(BackendRegistry.of(List.of(new CpuBackendProvider())),
            new BackendConfig(Optional.empty(), "", Optional.empty()));

    private static List<String> groups(Model m, Weights w) {
        List<Node> nodes = new ArrayList<>();
        for (LayerNode l : m.layers()) {
            nodes.add(new Node(l.name(), l.layer(), l.inputs(), l.inputShapes(), l.outputShape(), w.of(l.name())));
        }
        try (CpuPlan plan = (CpuPlan) new CpuBackend()
                .compile(new Graph(List.of(new GraphInput("input", m.inputShape())), nodes))) {
            return plan.fusedGroups();
        }
    }

    private static Tensor random(Shape perSample, int batch, long seed) {
        Random r = new Random(seed);
        float[] v = new float[batch * perSample.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.of(perSample.withBatch(batch), v);
    }

    /** forward (fused) against the output's tolerance, forwardAll (plain) against every layer's. */
    private static void matchesReference(Model m, Weights w, boolean exactAgainstPlain) {
        try (CompiledModel cm = COMPILER.compile(m, w, "cpu")) {
            for (int batch : new int[] {1, 3}) {
                Tensor x = random(m.inputShape(), batch, 17L * batch);
                ReferenceRun ref = ReferenceImplementation.run(m, w, x);
                Tensor fused = cm.forward(x);
                LayerCheck out = LayerCheck.compare(m.output(), ref.output(m.output()), fused, ref.tolerance(m.output()));
                assertTrue(out.passed(), m.name() + " fused, batch " + batch + ": " + out.describe());
                LayerOutputs all = cm.forwardAll(x);
                for (LayerNode l : m.layers()) {
                    LayerCheck c = LayerCheck.compare(l.name(), ref.output(l.name()), all.get(l.name()),
                            ref.tolerance(l.name()));
                    assertTrue(c.passed(), m.name() + " batch " + batch + ": " + c.describe());
                }
                if (exactAgainstPlain) {
                    assertArrayEquals(all.get(m.output()).toArray(), fused.toArray(),
                            m.name() + " batch " + batch + ": the epilogue computes what the layers do, bit for bit");
                }
            }
        }
    }

    private static void check(Model m, List<String> expectedGroups, boolean exactAgainstPlain) {
        Weights w = Weights.random(m, 5);
        assertEquals(expectedGroups, groups(m, w), m.name());
        matchesReference(m, w, exactAgainstPlain);
    }

    @Test
    void leNetFusesEachConvWithItsReluAndPool() {
        check(Model.sequential("lenet", 1, 28, 28)
                        .add("conv1", Conv2d.of(6, 5, 5)).add("relu1", new ReLU()).add("pool1", MaxPool2d.of(2, 2))
                        .add("conv2", Conv2d.of(16, 5, 5)).add("relu2", new ReLU()).add("pool2", MaxPool2d.of(2, 2))
                        .add("flat", new Flatten()).add("fc1", Dense.of(10)).add("out", new Sigmoid()).build(),
                List.of("conv1+relu1+pool1", "conv2+relu2+pool2", "fc1", "out"), true);
    }

    @Test
    void everyOperandFormWithAPoolOnOddSizes() {
        // window (3×3 pad 1, stride 1, 15×17: the pool drops the last row and column), plane (1×1), im2col (stride 2)
        check(Model.sequential("forms", 5, 15, 17)
                        .add("window", Conv2d.of(20, 3, 3).withPadding(1, 1)).add("r1", new ReLU())
                        .add("p1", MaxPool2d.of(2, 2))
                        .add("plane", Conv2d.of(24, 1, 1)).add("r2", Hardtanh.relu6())
                        .add("strided", Conv2d.of(9, 2, 2).withStride(2, 1).withDilation(1, 2)
                                .withPadding(new Padding(1, 0, 0, 2)))
                        .add("p3", MaxPool2d.of(1, 2)).build(),
                List.of("window+r1+p1", "plane+r2", "strided+p3"), true);
    }

    @Test
    void batchNormFoldsIntoTheConvWithinTheTolerances() {
        check(Model.sequential("resnet-ish", 8, 12, 10)
                        .add("conv1", Conv2d.of(16, 3, 3).withPadding(1, 1).withBias(false)).add("bn1", BatchNorm2d.of())
                        .add("relu1", new ReLU())
                        .add("conv2", Conv2d.of(32, 1, 1)).add("bn2", new BatchNorm2d(1e-3, false))
                        .add("conv3", Conv2d.of(8, 3, 3).withStride(2, 2).withPadding(1, 1)).add("bn3", BatchNorm2d.of())
                        .add("silu", new SiLU()).add("pool", MaxPool2d.of(3, 3).withStride(2, 2)).build(),
                List.of("conv1+bn1+relu1", "conv2+bn2", "conv3+bn3+silu", "pool"), false);
    }

    @Test
    void aPoolFusesAfterAnyActivationButOnlyWhenItsWindowsDoNotOverlap() {
        check(Model.sequential("pools", 3, 12, 13)
                        .add("c1", Conv2d.of(6, 3, 3)).add("hs", new Hardswish()).add("p1", MaxPool2d.of(2, 2))
                        .add("c2", Conv2d.of(6, 3, 3).withPadding(1, 1)).add("p2", MaxPool2d.of(2, 2).withCeilMode(true))
                        .add("c3", Conv2d.of(6, 1, 1)).add("p3", MaxPool2d.of(2, 2).withStride(1, 1)).build(),
                List.of("c1+hs+p1", "c2", "p2", "c3", "p3"), true);
    }

    @Test
    void aConvWithTwoReadersKeepsWhatFollowsSeparate() {
        GraphBuilder g = Model.graph("two-readers");
        GraphBuilder.Value x = g.input(4, 9, 9);
        GraphBuilder.Value c = g.apply("conv", Conv2d.of(8, 3, 3).withPadding(1, 1), x);
        GraphBuilder.Value bn = g.apply("bn", BatchNorm2d.of(), c);
        GraphBuilder.Value r = g.apply("relu", new ReLU(), bn);
        GraphBuilder.Value sum = g.apply("sum", new Add(), r, c);
        check(g.build(sum), List.of("conv", "bn", "relu", "sum"), true);
    }

    @Test
    void aBatchNormWithANonFiniteScaleIsNotFolded() {
        Model m = Model.sequential("bad-bn", 3, 8, 8)
                .add("conv", Conv2d.of(8, 3, 3)).add("bn", BatchNorm2d.of()).add("relu", new ReLU()).build();
        Map<String, Tensor> dict = new LinkedHashMap<>(Weights.random(m, 3).toStateDict());
        float[] var = dict.get("bn.running_var").toArray();
        var[2] = -1f; // below −eps: this channel's scale is NaN, and so its outputs
        dict.put("bn.running_var", Tensor.of(Shape.of(8), var));
        Weights w = Weights.fromStateDict(m, dict);
        assertEquals(List.of("conv", "bn", "relu"), groups(m, w));
        matchesReference(m, w, true);
    }

    @Test
    void mobileNetBlockFusesTheDepthwiseConvToo() {
        check(Model.sequential("inverted-residual", 8, 15, 15)
                        .add("expand", Conv2d.of(24, 1, 1).withBias(false)).add("bn1", BatchNorm2d.of())
                        .add("relu6a", Hardtanh.relu6())
                        .add("dw", Conv2d.of(24, 3, 3).withStride(2, 2).withPadding(1, 1).withGroups(24).withBias(false))
                        .add("bn2", BatchNorm2d.of()).add("relu6b", Hardtanh.relu6())
                        .add("project", Conv2d.of(8, 1, 1).withBias(false)).add("bn3", BatchNorm2d.of())
                        .add("dw2", Conv2d.of(8, 5, 5).withPadding(2, 2).withDilation(1, 2).withGroups(8))
                        .add("relu", new ReLU()).add("pool", MaxPool2d.of(2, 2))
                        .build(),
                List.of("expand+bn1+relu6a", "dw+bn2+relu6b", "project+bn3", "dw2+relu+pool"), false);
    }
}
