package dev.lamina.onnx;

import dev.lamina.api.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.lamina.onnx.OnnxBuilder.attr;
import static dev.lamina.onnx.OnnxBuilder.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every op and attribute the importer maps, each on a small graph, checked against ONNX Runtime. */
class OnnxOpsTest {
    private static final double TOL = 1e-5;

    private static OnnxBuilder conv(OnnxBuilder b, String in, String out, int cin, int cout, int k,
                                    boolean bias, dev.lamina.onnx.proto.OnnxIr.AttributeProto... attrs) {
        String w = b.random(out + ".weight", 0.5f, cout, cin, k, k);
        List<String> inputs = bias ? List.of(in, w, b.random(out + ".bias", 0.5f, cout)) : List.of(in, w);
        b.node("/" + out + "/Conv", "Conv", inputs, List.of(out), attrs);
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {11, 13, 17})
    void convWithStridesPadsDilationsAndBias(int opset) {
        OnnxBuilder b = new OnnxBuilder(opset).input("x", -1, 3, 9, 11);
        conv(b, "x", "c1", 3, 4, 3, true, ints("strides", 2, 1), ints("pads", 1, 2, 1, 2), ints("dilations", 1, 2));
        conv(b, "c1", "c2", 4, 2, 2, false);
        b.output("c2");
        Oracle.compare(b.bytes(), Oracle.input(1, 3, 3, 9, 11), TOL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SAME_UPPER", "VALID"})
    void convAutoPad(String autoPad) {
        // odd total padding with stride 2 would be asymmetric; 3×3 stride 1 is symmetric under SAME_UPPER
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 2, 7, 7);
        conv(b, "x", "c", 2, 3, 3, true, attr("auto_pad", autoPad)).output("c");
        Oracle.compare(b.bytes(), Oracle.input(2, 2, 2, 7, 7), TOL);
    }

    @Test
    void activations() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 2, 4, 4);
        b.node("Relu", List.of("x"), "r");
        b.node("Sigmoid", List.of("r"), "s");
        b.node("Tanh", List.of("s"), "t");
        b.output("t");
        Oracle.compare(b.bytes(), Oracle.input(3, 2, 2, 4, 4), TOL);
    }

    @Test
    void poolsWithPadsAndStrides() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 3, 10, 9);
        b.node("MaxPool", List.of("x"), "m", ints("kernel_shape", 3, 3), ints("strides", 2, 2), ints("pads", 1, 1, 1, 1));
        b.node("AveragePool", List.of("m"), "a", ints("kernel_shape", 2, 3), ints("strides", 1, 2),
                ints("pads", 1, 1, 1, 1), attr("count_include_pad", 1L));
        b.node("AveragePool", List.of("a"), "a2", ints("kernel_shape", 2, 2));
        b.output("a2");
        Oracle.compare(b.bytes(), Oracle.input(4, 2, 3, 10, 9), TOL);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void gemm(int transB) {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 2, 3, 3);
        b.node("Flatten", List.of("x"), "f", attr("axis", 1L));
        String w = transB == 1 ? b.random("w", 0.3f, 5, 18) : b.random("w", 0.3f, 18, 5);
        b.node("Gemm", List.of("f", w, b.random("c", 0.3f, 5)), "y", attr("transB", (long) transB),
                attr("alpha", 1.0f), attr("beta", 1.0f));
        b.output("y");
        Oracle.compare(b.bytes(), Oracle.input(5, 4, 2, 3, 3), TOL);
    }

    @Test
    void gemmAlphaBetaScaleWeightAndBias() {
        OnnxBuilder b = new OnnxBuilder(11).input("x", 2, 6);
        b.node("Gemm", List.of("x", b.random("w", 0.3f, 4, 6), b.random("c", 0.3f, 1, 4)), "y",
                attr("transB", 1L), attr("alpha", 0.5f), attr("beta", 2.0f));
        b.output("y");
        Oracle.compare(b.bytes(), Oracle.input(6, 2, 6), TOL);
    }

    @Test
    void matMulPlusAddIsADenseWithBias() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 6);
        b.node("MatMul", List.of("x", b.random("w", 0.3f, 6, 3)), "mm");
        b.node("Add", List.of("mm", b.random("bias", 0.3f, 3)), "y");
        b.output("y");
        OnnxImport.Result r = OnnxImport.read(b.bytes(), "t.onnx", "t");
        assertEquals(1, r.model().layers().size());
        assertEquals("dense", r.model().layers().get(0).layer().type());
        Oracle.compare(b.bytes(), Oracle.input(7, 3, 6), TOL);
    }

    @Test
    void matMulAloneIsADenseWithoutBias() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 6);
        b.node("MatMul", List.of("x", b.random("w", 0.3f, 6, 3)), "mm");
        b.node("Relu", List.of("mm"), "y");
        b.output("y");
        Oracle.compare(b.bytes(), Oracle.input(8, 2, 6), TOL);
    }

    @Test
    void addAndConcatOfBranches() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 2, 5, 5);
        conv(b, "x", "a", 2, 3, 3, true, ints("pads", 1, 1, 1, 1));
        conv(b, "x", "b", 2, 3, 1, true);
        b.node("Add", List.of("a", "b"), "s");
        b.node("Concat", List.of("s", "a", "x"), "c", attr("axis", 1L));
        b.output("c");
        Oracle.compare(b.bytes(), Oracle.input(9, 2, 2, 5, 5), TOL);
    }

    @Test
    void softmaxOverFeatures() {
        for (int opset : new int[] {11, 13}) {
            OnnxBuilder b = new OnnxBuilder(opset).input("x", -1, 10);
            b.node("Softmax", List.of("x"), "y", attr("axis", opset == 11 ? 1L : -1L));
            b.output("y");
            Oracle.compare(b.bytes(), Oracle.input(10, 3, 10), TOL);
        }
    }

    @Test
    void softmaxOverChannelsFromOpset13() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 4, 2, 3);
        b.node("Softmax", List.of("x"), "y", attr("axis", 1L));
        b.output("y");
        Oracle.compare(b.bytes(), Oracle.input(11, 2, 4, 2, 3), TOL);
    }

    /** {@code x.view(x.size(0), -1)} as PyTorch exports it: Shape, Gather, Unsqueeze, Concat, Reshape. */
    @ParameterizedTest
    @ValueSource(ints = {11, 13})
    void shapeSubgraphIsFolded(int opset) {
        OnnxBuilder b = new OnnxBuilder(opset).input("x", -1, 2, 3, 4);
        b.node("Shape", List.of("x"), "shape");
        b.node("/Constant", "Constant", List.of(), List.of("zero"),
                OnnxBuilder.tensorAttr("value", OnnxBuilder.tensor("", new long[0], 7).addInt64Data(0).build()));
        b.node("Gather", List.of("shape", "zero"), "n", attr("axis", 0L));
        if (opset >= 13) {
            b.node("Unsqueeze", List.of("n", b.int64("axes0", 0)), "n1");
        } else {
            b.node("Unsqueeze", List.of("n"), "n1", ints("axes", 0));
        }
        b.node("Concat", List.of("n1", b.int64("minus1", -1)), "target", attr("axis", 0L));
        b.node("Cast", List.of("target"), "target64", attr("to", 7L));
        b.node("Reshape", List.of("x", "target64"), "flat");
        b.node("Gemm", List.of("flat", b.random("w", 0.2f, 3, 24), b.random("c", 0.2f, 3)), "y", attr("transB", 1L));
        b.output("y");
        OnnxImport.Result r = OnnxImport.read(b.bytes(), "t.onnx", "t");
        assertEquals(List.of("flatten", "dense"), r.model().layers().stream().map(l -> l.layer().type()).toList());
        Oracle.compare(b.bytes(), Oracle.input(12, 5, 2, 3, 4), TOL);
    }

    @Test
    void identityAndDropoutOnConstantsFold() {
        // exporters put Identity on shared initializers
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 3);
        b.node("Identity", List.of(b.random("w", 0.5f, 2, 3)), "i");
        b.node("Dropout", List.of("i"), "d");
        b.node("Gemm", List.of("x", "d"), "y", attr("transB", 1L));
        b.output("y");
        assertEquals(List.of("dense"), OnnxImport.read(b.bytes(), "t.onnx", "t").model().layers().stream()
                .map(l -> l.layer().type()).toList());
        Oracle.compare(b.bytes(), Oracle.input(13, 2, 3), TOL);
    }

    @Test
    void aFixedBatchModelRunsAtThatBatch() {
        OnnxBuilder b = new OnnxBuilder(17).input("x", 2, 1, 4, 4);
        conv(b, "x", "c", 1, 2, 3, true);
        b.node("Reshape", List.of("c", b.int64("shape", 2, -1)), "f");
        b.output("f");
        Tensor x = Oracle.input(14, 2, 1, 4, 4);
        Oracle.compare(b.bytes(), x, TOL);
    }
}
