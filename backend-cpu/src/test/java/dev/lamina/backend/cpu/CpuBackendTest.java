package dev.lamina.backend.cpu;

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
import dev.lamina.api.Padding;
import dev.lamina.api.SiLU;
import dev.lamina.api.Slice;
import dev.lamina.api.ZeroPad2d;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Flatten;
import dev.lamina.api.Layer;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
import dev.lamina.api.Tensor;
import dev.lamina.spi.Availability;
import dev.lamina.spi.BackendProvider;
import dev.lamina.spi.Executable;
import dev.lamina.spi.Graph;
import dev.lamina.spi.GraphInput;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

import static dev.lamina.backend.cpu.Nodes.node;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuBackendTest {
    private final CpuBackend backend = new CpuBackend();

    /** One valid node per layer type; must name every permitted subclass of {@link Layer}. */
    private static Map<Class<? extends Layer>, Node> samples() {
        Shape img = Shape.of(2, 4, 4);
        Map<Class<? extends Layer>, Node> m = new LinkedHashMap<>();
        m.put(Conv2d.class, node("conv", Conv2d.of(3, 2, 2), img, new float[24], new float[3]));
        m.put(MaxPool2d.class, node("max", MaxPool2d.of(2, 2), img));
        m.put(AvgPool2d.class, node("avg", AvgPool2d.of(2, 2), img));
        m.put(ReLU.class, node("relu", new ReLU(), img));
        m.put(Sigmoid.class, node("sigmoid", new Sigmoid(), img));
        m.put(Tanh.class, node("tanh", new Tanh(), img));
        m.put(Softmax.class, node("softmax", new Softmax(), img));
        m.put(Flatten.class, node("flat", new Flatten(), img));
        m.put(Dense.class, node("dense", Dense.of(2), Shape.of(5), new float[10], new float[2]));
        m.put(Add.class, node("add", new Add(), List.of(img, img)));
        m.put(Concat.class, node("concat", new Concat(), List.of(img, Shape.of(1, 4, 4))));
        float[] ones = {1, 1};
        m.put(BatchNorm2d.class, node("bn", BatchNorm2d.of(), img, ones, new float[2], new float[2], ones));
        m.put(AdaptiveAvgPool2d.class, node("gap", AdaptiveAvgPool2d.of(1, 1), img));
        m.put(AdaptiveMaxPool2d.class, node("amax", AdaptiveMaxPool2d.of(3, 3), img));
        m.put(Hardtanh.class, node("relu6", Hardtanh.relu6(), img));
        m.put(LeakyReLU.class, node("leaky", new LeakyReLU(0.1f), img));
        m.put(ELU.class, node("elu", new ELU(1), img));
        m.put(Hardsigmoid.class, node("hsig", Hardsigmoid.of(), img));
        m.put(Hardswish.class, node("hswish", new Hardswish(), img));
        m.put(SiLU.class, node("silu", new SiLU(), img));
        m.put(GELU.class, node("gelu", GELU.exact(), img));
        m.put(Mul.class, node("mul", new Mul(), List.of(img, Shape.of(2, 1, 1))));
        m.put(Identity.class, node("id", new Identity(), img));
        m.put(Dropout.class, node("drop", new Dropout(0.2), img));
        m.put(ChannelShuffle.class, node("shuffle", new ChannelShuffle(2), img));
        m.put(Slice.class, node("slice", new Slice(0, 1, 2), img));
        m.put(ZeroPad2d.class, node("pad", new ZeroPad2d(new Padding(1, 0, 2, 1)), img));
        return m;
    }

    @Test
    void providerDescribesAndCreatesTheBackend() {
        BackendProvider p = new CpuBackendProvider();
        assertEquals("cpu", p.id());
        assertEquals(10, p.priority());
        assertEquals("plain Java, every layer", p.description());
        Availability a = p.probe();
        assertTrue(a.available());
        assertTrue(a.reason().startsWith("pure Java, Java "), a.reason());
        assertEquals("cpu", p.create().id());
    }

    @Test
    void providerIsRegisteredAsAService() {
        boolean found = ServiceLoader.load(BackendProvider.class).stream()
                .anyMatch(p -> p.type() == CpuBackendProvider.class);
        assertTrue(found, "META-INF/services/dev.lamina.spi.BackendProvider lists CpuBackendProvider");
    }

    @Test
    void everyLayerTypeIsSupportedAndHasAKernelOrIsAView() {
        Map<Class<? extends Layer>, Node> samples = samples();
        // A new layer type in the sealed hierarchy fails here until it has a sample and a kernel.
        assertEquals(new HashSet<>(Arrays.asList(Layer.class.getPermittedSubclasses())), samples.keySet());
        for (Node n : samples.values()) {
            assertTrue(backend.supports(n).supported(), n.name());
            if (n.layer() instanceof Flatten || n.layer() instanceof Identity || n.layer() instanceof Dropout) {
                assertTrue(backend.isView(n), n.name() + " is a view");
                continue;
            }
            assertFalse(backend.isView(n), n.name());
            Kernel k = backend.kernel(n);
            float[][] inputs = n.inputShapes().stream().map(s -> new float[2 * s.size()]).toArray(float[][]::new);
            float[] out = new float[2 * n.outputShape().size()];
            Arrays.fill(out, Float.NaN);
            k.forward(2, inputs, out);
            for (float v : out) {
                assertTrue(Float.isFinite(v), n.name() + " writes every output value");
            }
        }
    }

    @Test
    void flattenIsAViewWithNoKernel() {
        Node flat = samples().get(Flatten.class);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.kernel(flat));
        assertEquals("flat: flatten is a view in cpu, it has nothing to build", e.getMessage());
    }

    @Test
    void kernelsAreTheOnesNamedForTheirLayer() {
        Map<Class<? extends Layer>, Node> s = samples();
        assertInstanceOf(ConvKernel.class, backend.kernel(s.get(Conv2d.class)));
        assertInstanceOf(MaxPoolKernel.class, backend.kernel(s.get(MaxPool2d.class)));
        assertInstanceOf(AvgPoolKernel.class, backend.kernel(s.get(AvgPool2d.class)));
        assertInstanceOf(ReluKernel.class, backend.kernel(s.get(ReLU.class)));
        assertInstanceOf(SigmoidKernel.class, backend.kernel(s.get(Sigmoid.class)));
        assertInstanceOf(TanhKernel.class, backend.kernel(s.get(Tanh.class)));
        assertInstanceOf(SoftmaxKernel.class, backend.kernel(s.get(Softmax.class)));
        assertInstanceOf(DenseKernel.class, backend.kernel(s.get(Dense.class)));
        assertInstanceOf(BroadcastKernel.class, backend.kernel(s.get(Add.class)));
        assertInstanceOf(BroadcastKernel.class, backend.kernel(s.get(Mul.class)));
        assertInstanceOf(ConcatKernel.class, backend.kernel(s.get(Concat.class)));
    }

    @Test
    void nodeWithAWrongOutputShapeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Node("relu1", new ReLU(), List.of("in0"), List.of(Shape.of(4)), Shape.of(5), Map.of()));
        assertEquals("relu1: output shape [5] does not match the relu layer's [4]", e.getMessage());
    }

    @Test
    void unexpectedParameterIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Node("conv1",
                Conv2d.of(1, 1, 1).withBias(false), List.of("in0"), List.of(Shape.of(1, 2, 2)),
                Shape.of(1, 2, 2), Map.of("weight", Tensor.of(Shape.of(1, 1, 1, 1), new float[] {1}),
                        "bias", Tensor.of(Shape.of(1), new float[] {1}))));
        assertEquals("conv1: expected parameters [weight], got [bias, weight]", e.getMessage());
    }

    @Test
    void shortBufferIsReportedWithTheLayerName() {
        Kernel k = backend.kernel(node("pool1", MaxPool2d.of(2, 2), Shape.of(1, 2, 2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.forward(2, new float[][] {new float[8]}, new float[1]));
        assertEquals("pool1: output buffer holds 1 values, batch 2 needs 2", e.getMessage());
    }

    @Test
    void compileRejectsANodeThatMisstatesItsInputShape() {
        Node relu = new Node("relu1", new ReLU(), List.of("input"), List.of(Shape.of(3)), Shape.of(3), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Graph(List.of(new GraphInput("input", Shape.of(4))), List.of(relu)));
        assertEquals("relu1: declares input input as [3], but it is [4]", e.getMessage());
    }

    @Test
    void compilesABranchingGraph() {
        // input [1,1,2] → a = 2x, b = 3x (1×1 convs) → sum = a + b → cat = [sum, input] → flat → dense.
        Shape in = Shape.of(1, 1, 2);
        Conv2d oneByOne = Conv2d.of(1, 1, 1).withBias(false);
        Node a = graphNode("a", oneByOne, List.of("input"), List.of(in), new float[] {2});
        Node b = graphNode("b", oneByOne, List.of("input"), List.of(in), new float[] {3});
        Node sum = graphNode("sum", new Add(), List.of("a", "b"), List.of(in, in));
        Node cat = graphNode("cat", new Concat(), List.of("sum", "input"), List.of(in, in));
        Node flat = graphNode("flat", new Flatten(), List.of("cat"), List.of(Shape.of(2, 1, 2)));
        Node dense = graphNode("dense", Dense.of(1), List.of("flat"), List.of(Shape.of(4)),
                new float[] {1, 10, 100, 1000}, new float[] {0.5f});
        Graph g = new Graph(List.of(new GraphInput("input", in)), List.of(a, b, sum, cat, flat, dense));
        try (Executable exe = backend.compile(g)) {
            Tensor x = Tensor.of(Shape.of(2, 1, 1, 2), new float[] {1, 2, -1, 0});
            Map<String, Tensor> out = exe.run(Map.of("input", x), Set.of("cat", "dense"));
            assertArrayEquals(new float[] {5, 10, 1, 2, -5, 0, -1, 0}, out.get("cat").toArray());
            // 5 + 100 + 100 + 2000 + 0.5 and −5 + 0 − 100 + 0 + 0.5
            assertArrayEquals(new float[] {2205.5f, -104.5f}, out.get("dense").toArray());
            assertEquals(Shape.of(2, 1), out.get("dense").shape());
        }
    }

    static Node graphNode(String name, Layer layer, List<String> inputs, List<Shape> shapes, float[]... params) {
        Node n = node(name, layer, shapes, params);
        return new Node(name, layer, inputs, shapes, n.outputShape(), n.params());
    }
}
