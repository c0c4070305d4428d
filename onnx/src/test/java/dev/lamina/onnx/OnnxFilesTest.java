package dev.lamina.onnx;

import com.google.protobuf.ByteString;
import dev.lamina.api.Tensor;
import dev.lamina.core.io.FormatException;
import dev.lamina.onnx.proto.OnnxIr.ModelProto;
import dev.lamina.onnx.proto.OnnxIr.StringStringEntryProto;
import dev.lamina.onnx.proto.OnnxIr.TensorProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static dev.lamina.onnx.OnnxBuilder.attr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Initializers in every storage, external data, layer names, and files that are wrong or hostile. */
class OnnxFilesTest {
    private static final float[] W = {0.5f, -1.25f, 2f, 0.125f, -3f, 1f};

    private static OnnxBuilder gemmWith(TensorProto weight) {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 3);
        b.initializer(weight);
        b.node("Gemm", List.of("x", "w"), "y", attr("transB", 1L));
        return b.output("y");
    }

    private static float[] weightOf(OnnxBuilder b) {
        OnnxImport.Result r = OnnxImport.read(b.bytes(), "t.onnx", "t");
        return r.weights().get(r.model().layers().get(0).name(), "weight").toArray();
    }

    @Test
    void float16Bfloat16AndDoubleInitializersAreConverted() {
        // 0.5, -1.25, 2, 0.125, -3, 1 are exact in every format
        short[] f16 = {0x3800, (short) 0xbd00, 0x4000, 0x3000, (short) 0xc200, 0x3c00};
        TensorProto.Builder h = OnnxBuilder.tensor("w", new long[] {2, 3}, 10);
        ByteBuffer hb = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : f16) {
            hb.putShort(s);
        }
        h.setRawData(ByteString.copyFrom(hb.array()));
        assertArrayEquals(W, weightOf(gemmWith(h.build())));

        TensorProto.Builder h32 = OnnxBuilder.tensor("w", new long[] {2, 3}, 10);
        for (short s : f16) {
            h32.addInt32Data(s & 0xffff);
        }
        assertArrayEquals(W, weightOf(gemmWith(h32.build())));

        TensorProto.Builder bf = OnnxBuilder.tensor("w", new long[] {2, 3}, 16);
        for (float f : W) {
            bf.addInt32Data(Float.floatToIntBits(f) >>> 16);
        }
        assertArrayEquals(W, weightOf(gemmWith(bf.build())));

        TensorProto.Builder d = OnnxBuilder.tensor("w", new long[] {2, 3}, 11);
        for (float f : W) {
            d.addDoubleData(f);
        }
        d.setDoubleData(1, -1.2500000001); // rounds to the nearest float
        assertArrayEquals(W, weightOf(gemmWith(d.build())));

        TensorProto.Builder f = OnnxBuilder.tensor("w", new long[] {2, 3}, 1);
        for (float v : W) {
            f.addFloatData(v);
        }
        assertArrayEquals(W, weightOf(gemmWith(f.build())));
    }

    @Test
    void initializersListedAsGraphInputsAreWeights() {
        OnnxBuilder b = new OnnxBuilder(11).input("x", -1, 3);
        b.input("w", 2, 3); // older exporters list every initializer as an input too
        b.init("w", new long[] {2, 3}, W);
        b.node("Gemm", List.of("x", "w"), "y", attr("transB", 1L));
        b.output("y");
        Oracle.compare(b.bytes(), Oracle.input(1, 2, 3), 1e-6);
    }

    private static TensorProto external(String location, long offset, long length) {
        TensorProto.Builder t = OnnxBuilder.tensor("w", new long[] {2, 3}, 1)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(location));
        if (offset >= 0) {
            t.addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue(String.valueOf(offset)));
        }
        if (length >= 0) {
            t.addExternalData(StringStringEntryProto.newBuilder().setKey("length").setValue(String.valueOf(length)));
        }
        return t.build();
    }

    private static byte[] littleEndian(int pad, float[] v) {
        ByteBuffer b = ByteBuffer.allocate(pad + v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.position(pad);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    @Test
    void externalDataIsReadFromBesideTheModel(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("m.onnx.data"), littleEndian(16, W));
        Path model = gemmWith(external("m.onnx.data", 16, 24)).write(dir.resolve("m.onnx"));
        OnnxImport.Result r = OnnxImport.read(model);
        assertEquals("m", r.model().name());
        assertArrayEquals(W, r.weights().get(r.model().layers().get(0).name(), "weight").toArray());
    }

    @Test
    void externalDataThatLeavesTheModelDirectoryIsRefused(@TempDir Path dir) throws IOException {
        Path sub = Files.createDirectories(dir.resolve("model"));
        Files.write(dir.resolve("secret.data"), littleEndian(0, W));
        for (String location : List.of("../secret.data", dir.resolve("secret.data").toString(), "a/../../secret.data")) {
            Path model = gemmWith(external(location, -1, -1)).write(sub.resolve("m.onnx"));
            FormatException e = assertThrows(FormatException.class, () -> OnnxImport.read(model));
            assertTrue(e.getMessage().contains("leaves the model's directory"), e.getMessage());
            assertTrue(e.getMessage().contains("initializer 'w'"), e.getMessage());
        }
        Files.createSymbolicLink(sub.resolve("link.data"), dir.resolve("secret.data"));
        Path model = gemmWith(external("link.data", -1, -1)).write(sub.resolve("m.onnx"));
        FormatException e = assertThrows(FormatException.class, () -> OnnxImport.read(model));
        assertTrue(e.getMessage().contains("leads out of the model's directory"), e.getMessage());
    }

    @Test
    void externalDataOutsideItsFileIsRefused(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("m.data"), littleEndian(0, W));
        Path model = gemmWith(external("m.data", 8, 24)).write(dir.resolve("m.onnx"));
        FormatException e = assertThrows(FormatException.class, () -> OnnxImport.read(model));
        assertTrue(e.getMessage().contains("lies outside 'm.data' (24 bytes)"), e.getMessage());
        Path missing = gemmWith(external("nothere.data", 0, 24)).write(dir.resolve("m2.onnx"));
        e = assertThrows(FormatException.class, () -> OnnxImport.read(missing));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void layerNamesComeFromNodeNamesValidAndUnique() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 1, 4, 4);
        b.node("/features/features.0/Relu", "Relu", List.of("x"), List.of("a"));
        b.node("/features/features.0/Relu", "Relu", List.of("a"), List.of("b")); // same name again
        b.node("", "Sigmoid", List.of("b"), List.of("c"));
        b.node("input", "Tanh", List.of("c"), List.of("d"));
        b.node("we ird:name*", "Relu", List.of("d"), List.of("e"));
        b.output("e");
        OnnxImport.Result r = OnnxImport.read(b.bytes(), "t.onnx", "t");
        assertEquals(List.of("features.features.0.Relu", "features.features.0.Relu_2", "sigmoid_2", "input_2",
                "we_ird.name_"), r.model().layers().stream().map(l -> l.name()).toList());
    }

    private static FormatException refused(byte[] bytes) {
        return assertThrows(FormatException.class, () -> OnnxImport.read(bytes, "bad.onnx", "bad"));
    }

    @Test
    void anUnsupportedOpNamesTheNodeAndListsTheSupportedOps() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 3);
        b.node("/act/Celu", "Celu", List.of("x"), List.of("y"));
        b.output("y");
        FormatException e = refused(b.bytes());
        assertTrue(e.getMessage().startsWith("bad.onnx: node '/act/Celu' (Celu): op Celu is not supported; supported ops: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("Conv, ") && e.getMessage().contains("Gemm"), e.getMessage());
    }

    @Test
    void anUnknownAttributeIsAnErrorNotIgnored() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 3);
        b.node("/r", "Relu", List.of("x"), List.of("y"), attr("slope", 0.1f));
        b.output("y");
        assertEquals("bad.onnx: node '/r' (Relu): attribute slope is not supported by Lamina's Relu",
                refused(b.bytes()).getMessage());
    }

    @Test
    void anUnsupportedAttributeValueNamesItAndWhatIsSupported() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 1, 4, 4);
        b.node("/p", "MaxPool", List.of("x"), List.of("y"), OnnxBuilder.ints("kernel_shape", 2, 2),
                attr("storage_order", 1L));
        b.output("y");
        assertEquals("bad.onnx: node '/p' (MaxPool): attribute storage_order = 1 is not supported; supported: 0",
                refused(b.bytes()).getMessage());
    }

    @Test
    void opsetsOutside11To17AreRefused() {
        for (int opset : new int[] {9, 18}) {
            OnnxBuilder b = new OnnxBuilder(opset).input("x", -1, 3);
            b.node("Relu", List.of("x"), "y");
            b.output("y");
            assertTrue(refused(b.bytes()).getMessage().contains("uses opset " + opset + "; supported: opsets 11 to 17"));
        }
    }

    @Test
    void dynamicChannelsAreRefused() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, -1, 4, 4);
        b.node("Relu", List.of("x"), "y");
        b.output("y");
        assertTrue(refused(b.bytes()).getMessage().contains("dimension 1 is 'N'; Lamina needs fixed C, H, W"));
    }

    // ---- hostile files ------------------------------------------------------------------------------

    private static byte[] small() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 3);
        b.init("w", new long[] {2, 3}, W);
        b.node("Gemm", List.of("x", "w"), "y", attr("transB", 1L));
        return b.output("y").bytes();
    }

    @Test
    void aTruncatedFileIsRefused() {
        byte[] ok = small();
        for (int cut : new int[] {1, ok.length / 2, ok.length - 3}) {
            FormatException e = refused(Arrays.copyOf(ok, cut));
            assertTrue(e.getMessage().startsWith("bad.onnx: "), e.getMessage());
        }
        assertEquals("bad.onnx: is empty", refused(new byte[0]).getMessage());
    }

    @Test
    void aLyingLengthIsRefused() {
        // field 7 (graph), length-delimited, claiming 2^31 bytes that are not there
        byte[] lie = {0x3a, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 1, 2, 3};
        FormatException e = refused(lie);
        assertTrue(e.getMessage().contains("is not a valid ONNX (protobuf) file"), e.getMessage());
    }

    @Test
    void initializerDimsOf2To40ElementsAreRefusedBeforeAllocating() {
        TensorProto huge = OnnxBuilder.tensor("w", new long[] {1L << 20, 1L << 20}, 1)
                .setRawData(ByteString.copyFrom(new byte[24])).build();
        FormatException e = refused(gemmWith(huge).bytes());
        assertTrue(e.getMessage().contains("initializer 'w' dims [1048576, 1048576] cannot be held"), e.getMessage());
        TensorProto lying = OnnxBuilder.tensor("w", new long[] {2, 3}, 1)
                .setRawData(ByteString.copyFrom(new byte[20])).build();
        e = refused(gemmWith(lying).bytes());
        assertTrue(e.getMessage().contains("dims [2, 3] need 24 bytes of raw_data, the file holds 20"), e.getMessage());
    }

    @Test
    void anInputOf2To40ElementsPerSampleIsRefused() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 1L << 20, 1L << 20, 1);
        b.node("Relu", List.of("x"), "y");
        b.output("y");
        FormatException e = refused(b.bytes());
        assertTrue(e.getMessage().startsWith("bad.onnx: input 'x': shape [1048576, 1048576, 1] has more than"),
                e.getMessage());
    }

    @Test
    void foldingThatWouldMakeHugeConstantsIsRefused() {
        // [46000, 1] + [1, 46000]: two small initializers whose broadcast holds 2.1e9 values
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 3);
        b.init("a", new long[] {46000, 1}, new float[46000]);
        b.init("b", new long[] {1, 46000}, new float[46000]);
        b.node("/big", "Add", List.of("a", "b"), List.of("c"));
        b.node("Relu", List.of("x"), "y");
        b.output("y");
        FormatException e = refused(b.bytes());
        assertTrue(e.getMessage().startsWith("bad.onnx: node '/big' (Add): folding it on constants would make "
                + "2116000000 values"), e.getMessage());
    }

    @Test
    void aReshapeToOverflowingDimsNamesTheNode() {
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 4);
        b.node("/r", "Reshape", List.of("x", b.int64("shape", 0, 1L << 40, 1L << 40)), List.of("y"));
        b.output("y");
        FormatException e = refused(b.bytes());
        assertTrue(e.getMessage().startsWith("bad.onnx: node '/r' (Reshape): "), e.getMessage());
    }

    @Test
    void deepNestingIsRefused() {
        // attribute graphs nested 200 deep (an If inside an If inside ...)
        var g = dev.lamina.onnx.proto.OnnxIr.GraphProto.newBuilder().setName("leaf").build();
        for (int i = 0; i < 200; i++) {
            g = dev.lamina.onnx.proto.OnnxIr.GraphProto.newBuilder().addNode(
                    dev.lamina.onnx.proto.OnnxIr.NodeProto.newBuilder().setOpType("If").addAttribute(
                            dev.lamina.onnx.proto.OnnxIr.AttributeProto.newBuilder().setName("then_branch").setG(g))).build();
        }
        byte[] bytes = ModelProto.newBuilder().setGraph(g).build().toByteArray();
        FormatException e = refused(bytes);
        assertTrue(e.getMessage().contains("is not a valid ONNX (protobuf) file"), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("nest") || e.getMessage().contains("recursion"), e.getMessage());
    }

    @Test
    void aFileThatIsNotOnnxIsRefused(@TempDir Path dir) throws IOException {
        Path p = Files.writeString(dir.resolve("model.onnx"), "{\"format\": \"lamina-model/1\"}");
        FormatException e = assertThrows(FormatException.class, () -> OnnxImport.read(p));
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        assertTrue(assertThrows(FormatException.class, () -> OnnxImport.read(dir.resolve("none.onnx")))
                .getMessage().endsWith("no such file"));
    }

    @Test
    void runsTheSameOnEveryBatchSize() {
        byte[] m = small();
        for (int n : new int[] {1, 4}) {
            Tensor x = Oracle.input(n, n, 3);
            Oracle.compare(m, x, 1e-6);
        }
    }
}
