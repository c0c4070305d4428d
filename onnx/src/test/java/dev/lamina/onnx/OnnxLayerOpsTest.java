package dev.lamina.onnx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.lamina.onnx.OnnxBuilder.attr;
import static dev.lamina.onnx.OnnxBuilder.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ops that map onto the 0.2 layers, each on a small graph, checked against ONNX Runtime. */
class OnnxLayerOpsTest {
    private static final double TOL = 1e-5;

    private static List<String> types(OnnxBuilder b) {
        return OnnxImport.read(b.bytes(), "t.onnx", "t").model().layers().stream().map(l -> l.layer().type()).toList();
    }

    @Test
    void groupedAndDepthwiseConvWithAsymmetricPads() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 4, 7, 6);
        b.node("Conv", List.of("x", b.random("w1", 0.5f, 6, 2, 3, 3), b.random("b1", 0.5f, 6)), "g",
                attr("group", 2L), ints("pads", 0, 1, 2, 1), ints("strides", 2, 1));
        b.node("Conv", List.of("g", b.random("w2", 0.5f, 6, 1, 3, 3)), "d", attr("group", 6L),
                attr("auto_pad", "SAME_LOWER"), ints("strides", 2, 2));
        b.output("d");
        Oracle.compare(b.bytes(), Oracle.input(1, 2, 4, 7, 6), TOL);
    }

    @Test
    void poolsWithCeilModeDilationAndCountIncludePad() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 2, 9, 10);
        b.node("MaxPool", List.of("x"), "m", ints("kernel_shape", 3, 3), ints("strides", 2, 2), attr("ceil_mode", 1L),
                ints("pads", 1, 0, 1, 1));
        b.node("MaxPool", List.of("m"), "m2", ints("kernel_shape", 2, 2), ints("dilations", 2, 1));
        b.node("AveragePool", List.of("x"), "a", ints("kernel_shape", 3, 3), ints("strides", 2, 2),
                attr("ceil_mode", 1L), ints("pads", 1, 1, 1, 1), attr("count_include_pad", 0L));
        b.node("AveragePool", List.of("a"), "a2", ints("kernel_shape", 2, 2), ints("pads", 1, 1, 0, 0),
                attr("count_include_pad", 1L));
        b.node("Flatten", List.of("m2"), "fm");
        b.node("Flatten", List.of("a2"), "fa");
        b.node("Concat", List.of("fm", "fa"), "y", attr("axis", 1L));
        b.output("y");
        Oracle.compare(b.bytes(), Oracle.input(2, 2, 2, 9, 10), TOL);
    }

    @Test
    void batchNormalization() {
        OnnxBuilder b = new OnnxBuilder(15).input("x", -1, 3, 4, 4);
        b.node("BatchNormalization", List.of("x", b.random("s", 1f, 3), b.random("bb", 1f, 3), b.random("m", 1f, 3),
                b.positive("v", 0.5f, 1.5f, 3)), "y", attr("epsilon", 1e-3f), attr("momentum", 0.9f));
        b.output("y");
        Oracle.compare(b.bytes(), Oracle.input(3, 2, 3, 4, 4), TOL);
    }

    @Test
    void activations() {
        OnnxBuilder b = new OnnxBuilder(14).input("x", -1, 2, 3, 4);
        b.node("Clip", List.of("x", b.init("lo", new long[0], new float[] {-1.5f}), b.init("hi", new long[0], new float[] {0.75f})), "c");
        b.node("Clip", List.of("x", b.init("zero", new long[0], new float[] {0f}), b.init("six", new long[0], new float[] {6f})), "r6");
        b.node("Clip", List.of("x", "zero"), "relu");
        b.node("LeakyRelu", List.of("x"), "l", attr("alpha", 0.2f));
        b.node("Elu", List.of("x"), "e", attr("alpha", 0.7f));
        b.node("HardSigmoid", List.of("x"), "hs");
        b.node("HardSigmoid", List.of("x"), "hs6", attr("alpha", 1f / 6), attr("beta", 0.5f));
        b.node("HardSwish", List.of("x"), "hw");
        b.node("Concat", List.of("c", "r6", "relu", "l", "e", "hs", "hs6", "hw"), "y", attr("axis", 1L));
        b.output("y");
        assertEquals(List.of("hardtanh", "hardtanh", "relu", "leaky_relu", "elu", "hardsigmoid", "hardsigmoid",
                "hardswish", "concat"), types(b));
        Oracle.compare(b.bytes(), Oracle.input(4, 2, 2, 3, 4), TOL);
    }

    @Test
    void hardswishBeforeOpset14IsHardSigmoidTimesX() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 2, 3, 3);
        b.node("HardSigmoid", List.of("x"), "h", attr("alpha", 1f / 6), attr("beta", 0.5f));
        b.node("Mul", List.of("x", "h"), "y");
        b.output("y");
        Oracle.compare(b.bytes(), Oracle.input(5, 2, 2, 3, 3), TOL);
    }

    /** 0.5 · x · (1 + erf(x / √2)) as PyTorch exports nn.GELU, in both orders of the Muls. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void geluErfPatternIsOneGeluLayer(boolean halfFirst) {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 8);
        b.node("/act/Div", "Div", List.of("x", b.init("sqrt2", new long[0], new float[] {1.4142135f})), List.of("d"));
        b.node("/act/Erf", "Erf", List.of("d"), List.of("e"));
        b.node("/act/Add", "Add", List.of("e", b.init("one", new long[0], new float[] {1f})), List.of("p"));
        String half = b.init("half", new long[0], new float[] {0.5f});
        if (halfFirst) {
            b.node("/act/Mul", "Mul", List.of("x", half), List.of("h"));
            b.node("/act/Mul_1", "Mul", List.of("h", "p"), List.of("y"));
        } else {
            b.node("/act/Mul", "Mul", List.of("x", "p"), List.of("h"));
            b.node("/act/Mul_1", "Mul", List.of("h", half), List.of("y"));
        }
        b.output("y");
        OnnxImport.Result r = OnnxImport.read(b.bytes(), "t.onnx", "t");
        assertEquals(List.of("gelu"), r.model().layers().stream().map(l -> l.layer().type()).toList());
        assertEquals("act.Div", r.model().layers().get(0).name());
        Oracle.compare(b.bytes(), Oracle.input(6, 3, 8), 1e-5);
    }

    /** nn.GELU(approximate="tanh") as torch 1.13 exports it: 0.5 · (x · (1 + tanh(√(2/π) · (x + 0.044715 · x·(x·x))))). */
    @Test
    void geluTanhPatternIsOneGeluLayer() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 8);
        b.node("/act/Mul", "Mul", List.of("x", "x"), List.of("sq"));
        b.node("/act/Mul_1", "Mul", List.of("x", "sq"), List.of("cube"));
        b.node("/act/Mul_2", "Mul", List.of(b.init("kappa", new long[0], new float[] {0.044715f}), "cube"), List.of("kc"));
        b.node("/act/Add", "Add", List.of("x", "kc"), List.of("s"));
        b.node("/act/Mul_3", "Mul", List.of(b.init("beta", new long[0], new float[] {(float) Math.sqrt(2 / Math.PI)}), "s"),
                List.of("in"));
        b.node("/act/Tanh", "Tanh", List.of("in"), List.of("t"));
        b.node("/act/Add_1", "Add", List.of(b.init("one", new long[0], new float[] {1f}), "t"), List.of("p"));
        b.node("/act/Mul_4", "Mul", List.of("x", "p"), List.of("xp"));
        b.node("/act/Mul_5", "Mul", List.of(b.init("half", new long[0], new float[] {0.5f}), "xp"), List.of("y"));
        b.output("y");
        OnnxImport.Result r = OnnxImport.read(b.bytes(), "t.onnx", "t");
        assertEquals(List.of("gelu"), r.model().layers().stream().map(l -> l.layer().type()).toList());
        assertEquals(new dev.lamina.api.GELU("tanh"), r.model().layers().get(0).layer());
        Oracle.compare(b.bytes(), Oracle.input(13, 3, 8), 1e-5);
    }

    @Test
    void aPartOfGeluUsedElsewhereIsAnError() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 8);
        b.node("/act/Div", "Div", List.of("x", b.init("sqrt2", new long[0], new float[] {1.4142135f})), List.of("d"));
        b.node("/act/Erf", "Erf", List.of("d"), List.of("e"));
        b.node("/other/Relu", "Relu", List.of("e"), List.of("y"));
        b.output("y");
        var e = assertThrows(dev.lamina.core.io.FormatException.class, () -> OnnxImport.read(b.bytes(), "t.onnx", "t"));
        assertEquals("t.onnx: node '/other/Relu' (Relu): input 0 ('e') is erf(x / √2) (part of GELU), which Lamina can "
                + "only express when it continues as that pattern", e.getMessage());
    }

    @Test
    void squeezeAndExcitationMulBroadcastsOverChannels() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 4, 5, 5);
        b.node("GlobalAveragePool", List.of("x"), "p");
        b.node("Conv", List.of("p", b.random("w", 0.5f, 4, 4, 1, 1), b.random("bb", 0.5f, 4)), "s");
        b.node("Sigmoid", List.of("s"), "g");
        b.node("Mul", List.of("g", "x"), "y");
        b.output("y");
        Oracle.compare(b.bytes(), Oracle.input(7, 2, 4, 5, 5), TOL);
    }

    @Test
    void globalPoolsAndReduceMean() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 3, 5, 4);
        b.node("GlobalMaxPool", List.of("x"), "m");
        b.node("ReduceMean", List.of("x"), "r", ints("axes", 2, 3), attr("keepdims", 1L));
        b.node("Add", List.of("m", "r"), "s");
        b.node("ReduceMean", List.of("s"), "f", ints("axes", -1, -2), attr("keepdims", 0L));
        b.output("f");
        assertEquals(List.of("adaptive_maxpool2d", "adaptive_avgpool2d", "add", "adaptive_avgpool2d", "flatten"), types(b));
        Oracle.compare(b.bytes(), Oracle.input(8, 2, 3, 5, 4), TOL);
    }

    @ParameterizedTest
    @ValueSource(ints = {11, 13})
    void splitAndSliceAlongChannels(int opset) {
        OnnxBuilder b = new OnnxBuilder(opset).input("x", -1, 6, 3, 3);
        if (opset >= 13) {
            b.node("/Split", "Split", List.of("x", b.int64("sizes", 2, 4)), List.of("a", "b"), attr("axis", 1L));
        } else {
            b.node("/Split", "Split", List.of("x"), List.of("a", "b"), attr("axis", 1L), ints("split", 2, 4));
        }
        b.node("Slice", List.of("b", b.int64("st", 1, 1), b.int64("en", 3, Long.MAX_VALUE), b.int64("ax", 1, 3)), "c");
        b.node("Relu", List.of("a"), "ra");
        b.node("Flatten", List.of("ra"), "fa");
        b.node("Flatten", List.of("c"), "fc");
        b.node("Concat", List.of("fa", "fc"), "y", attr("axis", 1L));
        b.output("y");
        Oracle.compare(b.bytes(), Oracle.input(9, 2, 6, 3, 3), TOL);
    }

    @Test
    void padWithZerosOnHeightAndWidth() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 2, 3, 3);
        b.node("Pad", List.of("x", b.int64("pads", 0, 0, 1, 2, 0, 0, 2, 0)), "y", attr("mode", "constant"));
        b.output("y");
        Oracle.compare(b.bytes(), Oracle.input(10, 2, 2, 3, 3), TOL);
    }

    /** ShuffleNet's x.view(n, g, c/g, h, w).transpose(1, 2).reshape(n, -1, h, w). */
    @Test
    void reshapeTransposeReshapeIsAChannelShuffle() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 6, 2, 3);
        b.node("Reshape", List.of("x", b.int64("s1", 0, 3, 2, 2, 3)), "v");
        b.node("Transpose", List.of("v"), "t", ints("perm", 0, 2, 1, 3, 4));
        b.node("Reshape", List.of("t", b.int64("s2", 0, -1, 2, 3)), "y");
        b.output("y");
        assertEquals(List.of("channel_shuffle"), types(b));
        Oracle.compare(b.bytes(), Oracle.input(11, 2, 6, 2, 3), 0);
    }

    @Test
    void anyOtherTransposeIsAnError() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 6, 2, 3);
        b.node("/t", "Transpose", List.of("x"), List.of("y"), ints("perm", 0, 1, 3, 2));
        b.output("y");
        var e = assertThrows(dev.lamina.core.io.FormatException.class, () -> OnnxImport.read(b.bytes(), "t.onnx", "t"));
        assertTrue(e.getMessage().startsWith("t.onnx: node '/t' (Transpose): Lamina transposes only inside a channel "
                + "shuffle"), e.getMessage());
    }

    @Test
    void identityAndDropoutAreLayers() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 3);
        b.node("Identity", List.of("x"), "i");
        b.node("Dropout", List.of("i", b.init("ratio", new long[0], new float[] {0.2f})), "d");
        b.output("d");
        assertEquals(List.of("identity", "dropout"), types(b));
        Oracle.compare(b.bytes(), Oracle.input(12, 2, 3), 0);
    }

    @Test
    void clipOnOneSideOtherThanReluIsAnError() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 3);
        b.node("/c", "Clip", List.of("x", "", b.init("hi", new long[0], new float[] {6f})), List.of("y"));
        b.output("y");
        var e = assertThrows(dev.lamina.core.io.FormatException.class, () -> OnnxImport.read(b.bytes(), "t.onnx", "t"));
        assertEquals("t.onnx: node '/c' (Clip): clips on one side only (max 6.0); Lamina supports Clip with both min "
                + "and max (Hardtanh), or min 0 alone (ReLU)", e.getMessage());
    }

    @Test
    void groupsThatDoNotDivideTheChannelsAreAnError() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 4, 3, 3);
        b.node("/conv", "Conv", List.of("x", b.random("w", 0.5f, 3, 2, 1, 1)), List.of("y"), attr("group", 2L));
        b.output("y");
        var e = assertThrows(dev.lamina.core.io.FormatException.class, () -> OnnxImport.read(b.bytes(), "t.onnx", "t"));
        assertEquals("t.onnx: node '/conv' (Conv): conv2d: filters 3 must be divisible by groups 2", e.getMessage());
    }
}
