package dev.lamina.onnx;

import dev.lamina.api.AdaptiveAvgPool2d;
import dev.lamina.api.AdaptiveMaxPool2d;
import dev.lamina.api.Add;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.ChannelShuffle;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Dims2;
import dev.lamina.api.Dropout;
import dev.lamina.api.ELU;
import dev.lamina.api.Flatten;
import dev.lamina.api.GELU;
import dev.lamina.api.Hardsigmoid;
import dev.lamina.api.Hardswish;
import dev.lamina.api.Hardtanh;
import dev.lamina.api.Identity;
import dev.lamina.api.Layer;
import dev.lamina.api.LeakyReLU;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Mul;
import dev.lamina.api.Padding;
import dev.lamina.api.ReLU;
import dev.lamina.api.SiLU;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Slice;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
import dev.lamina.api.Tensor;
import dev.lamina.api.ZeroPad2d;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.Lamina;
import dev.lamina.core.LayerNode;
import dev.lamina.core.Model;
import dev.lamina.core.ModelException;
import dev.lamina.core.Weights;
import dev.lamina.core.io.ModelFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link OnnxExport}: Model → ONNX → {@link OnnxImport} gives the model and weights back and the same outputs,
 * and ONNX Runtime on the written file agrees with Lamina's cpu backend. Every layer type is written at
 * least once.
 */
class OnnxExportTest {
    /** ORT vs Lamina: relative to max(1, max|y|); the two sum convolutions in different orders. */
    static final double TOL = 2e-5;

    /** Conv with groups, strides, asymmetric pads and dilation; BN; the pools; the dense head. */
    static Model convs() {
        return Model.sequential("convs", 4, 11, 12)
                .add("conv_g", Conv2d.of(8, 3, 3).withPadding(1, 1).withGroups(2))
                .add("bn", new BatchNorm2d(1e-5, true))
                .add("relu6", new Hardtanh(0, 6))
                .add("dw", new Conv2d(8, Dims2.of(3, 3), Dims2.of(2, 2), new Padding(0, 2, 1, 0), Dims2.of(1, 2), 8,
                        false))
                .add("bn3", new BatchNorm2d(1e-3, true))
                .add("leaky", new LeakyReLU(0.1f))
                .add("mp", MaxPool2d.of(2, 2).withStride(1, 1).withPadding(Padding.of(1)).withCeilMode(true))
                .add("ap", AvgPool2d.of(3, 3).withStride(2, 2).withPadding(Padding.of(1)).withCeilMode(true)
                        .withCountIncludePad(false))
                .add("ap_incl", AvgPool2d.of(2, 2).withPadding(Padding.of(1)).withCountIncludePad(true))
                .add("gap", AdaptiveAvgPool2d.of(1, 1))
                .add("flat", new Flatten())
                .add("fc", new Dense(5, true, 8))
                .add("softmax", new Softmax())
                .build();
    }

    /** Element-wise activations, each as one ONNX node. */
    static Model activations() {
        return Model.sequential("activations", 6, 4, 4)
                .add("sig", new Sigmoid())
                .add("tanh", new Tanh())
                .add("elu", new ELU(0.7f))
                .add("hsig", new Hardsigmoid(1f / 6, 0.5f))
                .add("hswish", new Hardswish())
                .add("gelu", GELU.exact())
                .add("id", new Identity())
                .add("drop", new Dropout(0.2))
                .add("relu", new ReLU())
                .add("clip", new Hardtanh(-0.5f, 0.25f))
                .build();
    }

    /** Adds, muls (also [C, 1, 1] broadcast), a channel shuffle, slices, concat, padding. */
    static Model joins() {
        return Model.sequential("joins", 8, 6, 6)
                .add("pw", Conv2d.of(8, 1, 1), "input")
                .add("res", new Add(), "input", "pw")
                .add("shuffle", new ChannelShuffle(2))
                .add("lo", new Slice(0, 0, 4), "shuffle")
                .add("hi", new Slice(0, 4, 8), "shuffle")
                .add("prod", new Mul(), "lo", "hi")
                .add("squeeze", AdaptiveAvgPool2d.of(1, 1), "lo")
                .add("scaled", new Mul(), "prod", "squeeze")
                .add("cat", new Concat(), "prod", "scaled")
                .add("pad", new ZeroPad2d(new Padding(1, 0, 2, 1)))
                .add("rows", new Slice(1, 2, 9))
                .add("flat", new Flatten())
                .add("fc", new Dense(3, false, 8 * 7 * 7))
                .build();
    }

    @Test
    void everyOneNodeLayerRoundTripsToAnEqualModelAndIdenticalOutputs() {
        for (Model m : List.of(convs(), activations(), joins())) {
            Weights w = Weights.random(m, 31);
            byte[] onnx = OnnxExport.write(m, w);
            OnnxImport.Result back = OnnxImport.read(onnx, m.name() + ".onnx", m.name());
            assertEquals(m, back.model(), m.name() + ": the imported model");
            assertEquals(w.toStateDict(), back.weights().toStateDict(), m.name() + ": the imported weights");
            Tensor x = Oracle.input(5, batchOf(m, 3));
            assertArrayEquals(cpu(m, w, x).toArray(), cpu(back.model(), back.weights(), x).toArray(), m.name());
        }
    }

    @Test
    void onnxRuntimeOnTheWrittenFileAgreesWithLaminaCpu() {
        for (Model m : List.of(convs(), activations(), joins(), threeWayAddSiluAndAdaptiveMax())) {
            Weights w = Weights.random(m, 32);
            byte[] onnx = OnnxExport.write(m, w);
            for (int batch : new int[] {1, 4}) {
                Tensor x = Oracle.input(batch, batchOf(m, batch));
                Tensor want = cpu(m, w, x);
                Tensor got = Oracle.onnxRuntime(onnx, x);
                assertArrayEquals(want.shape().dims(), got.shape().dims(), m.name() + ": output shape");
                assertClose(want.toArray(), got.toArray(), m.name() + " batch " + batch);
            }
        }
    }

    /**
     * The layers written as an equivalent other structure: a three-input add (two Adds), SiLU (Sigmoid, Mul),
     * adaptive max pooling to a divisor of the input (MaxPool), a BN without affine parameters (scale 1 and
     * shift 0 written: it comes back affine). Imported back they compute the same.
     */
    static Model threeWayAddSiluAndAdaptiveMax() {
        return Model.sequential("equivalents", 3, 6, 9)
                .add("a", Conv2d.of(3, 1, 1), "input")
                .add("b", new SiLU(), "input")
                .add("sum", new Add(), "input", "a", "b")
                .add("bn", new BatchNorm2d(1e-3, false))
                .add("amax", new AdaptiveMaxPool2d(Dims2.of(2, 3)))
                .build();
    }

    @Test
    void equivalentStructuresComputeTheSameAfterImport() {
        Model m = threeWayAddSiluAndAdaptiveMax();
        Weights w = Weights.random(m, 33);
        OnnxImport.Result back = OnnxImport.read(OnnxExport.write(m, w), "eq.onnx", "eq");
        List<String> types = back.model().layers().stream().map(l -> l.layer().type()).toList();
        assertEquals(List.of("conv2d", "sigmoid", "mul", "add", "add", "batchnorm2d", "maxpool2d"), types);
        assertTrue(((BatchNorm2d) back.model().layer("bn").layer()).affine(), "bn comes back affine");
        Tensor x = Oracle.input(7, 2, 3, 6, 9);
        assertClose(cpu(m, w, x).toArray(), cpu(back.model(), back.weights(), x).toArray(), "equivalents");
    }

    @Test
    void resnet18RoundTripsAndOnnxRuntimeAgrees() {
        Model m = ModelFile.read(Path.of("..", "examples", "resnet18", "resnet18.json"));
        Weights w = Weights.random(m, 18);
        byte[] onnx = OnnxExport.write(m, w);
        OnnxImport.Result back = OnnxImport.read(onnx, "resnet18.onnx", m.name());
        assertSameStructure(m, back.model());
        assertEquals(w.toStateDict(), back.weights().toStateDict(), "the imported weights");
        Tensor x = Oracle.input(18, 1, 3, 224, 224);
        Tensor want = cpu(m, w, x);
        assertArrayEquals(want.toArray(), cpu(back.model(), back.weights(), x).toArray(), "cpu, imported model");
        assertClose(want.toArray(), Oracle.onnxRuntime(onnx, x).toArray(), "resnet18 on ONNX Runtime");
    }

    @Test
    void whatOnnxCannotSayIsAnErrorNamingTheLayer() {
        Model adaptive = Model.sequential("odd", 2, 7, 7).add("pool3", AdaptiveAvgPool2d.of(3, 3)).build();
        ModelException e = assertThrows(ModelException.class,
                () -> OnnxExport.write(adaptive, Weights.none(adaptive)));
        assertTrue(e.getMessage().startsWith("pool3: adaptive_avgpool2d to 3×3 from 7×7 cannot be written as ONNX"),
                e.getMessage());

        Model tanh = Model.sequential("t", 2, 3, 3).add("g", new GELU(GELU.TANH)).build();
        e = assertThrows(ModelException.class, () -> OnnxExport.write(tanh, Weights.none(tanh)));
        assertTrue(e.getMessage().startsWith("g: gelu with approximate \"tanh\""), e.getMessage());

        Model other = convs();
        Weights foreign = Weights.random(joins(), 1);
        e = assertThrows(ModelException.class, () -> OnnxExport.write(other, foreign));
        assertEquals("convs: the weights are those of model joins, not of this one", e.getMessage());
    }

    @Test
    void theTableWritesEveryLayerTypeUnderItsModelFileName() {
        // the sealed Layer interface's types, each named as ModelFile names it
        for (Class<?> c : Layer.class.getPermittedSubclasses()) {
            assertTrue(LayerExports.types().contains(typeOf(c)), c.getSimpleName() + " (" + typeOf(c)
                    + ") is not in the export table: " + LayerExports.types());
        }
    }

    private static String typeOf(Class<?> c) {
        for (Model m : List.of(convs(), activations(), joins(), threeWayAddSiluAndAdaptiveMax())) {
            for (LayerNode n : m.layers()) {
                if (n.layer().getClass() == c) {
                    return n.layer().type();
                }
            }
        }
        throw new AssertionError(c.getSimpleName() + " is in no test model");
    }

    /**
     * Model equality, except that a dense layer read from a model file without {@code in_features} (0: not
     * checked) comes back with it filled in.
     */
    static void assertSameStructure(Model want, Model got) {
        assertEquals(want.name(), got.name());
        assertEquals(want.inputShape(), got.inputShape());
        assertEquals(want.output(), got.output());
        assertEquals(want.layers().size(), got.layers().size(), "layers");
        for (int i = 0; i < want.layers().size(); i++) {
            LayerNode a = want.layers().get(i);
            LayerNode b = got.layers().get(i);
            Layer la = a.layer();
            if (la instanceof Dense d && d.inputFeatures() == 0) {
                la = new Dense(d.units(), d.bias(), a.inputShapes().get(0).dim(0));
            }
            assertEquals(new LayerNode(a.name(), la, a.inputs(), a.inputShapes(), a.outputShape()), b, a.name());
        }
    }

    private static int[] batchOf(Model m, int n) {
        int[] chw = m.inputShape().dims();
        int[] d = new int[chw.length + 1];
        d[0] = n;
        System.arraycopy(chw, 0, d, 1, chw.length);
        return d;
    }

    private static Tensor cpu(Model m, Weights w, Tensor x) {
        try (CompiledModel c = Lamina.compile(m, w, "cpu")) {
            return c.forward(x);
        }
    }

    static void assertClose(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what + ": output size");
        double scale = 1;
        double max = 0;
        for (int i = 0; i < want.length; i++) {
            assertTrue(Float.isFinite(want[i]) && Float.isFinite(got[i]), what + ": element " + i + " " + want[i]
                    + " vs " + got[i]);
            scale = Math.max(scale, Math.abs(want[i]));
            max = Math.max(max, Math.abs(want[i] - got[i]));
        }
        assertTrue(max <= TOL * scale, what + ": max abs difference " + max + " above " + TOL * scale);
    }
}
