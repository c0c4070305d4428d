package dev.lamina.core.io;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsTest {
    @TempDir
    Path dir;

    private static float[] range(float from, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = from + i;
        }
        return v;
    }

    /** Little-endian bytes of the values. */
    private static byte[] f32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static byte[] u16(int... values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putShort((short) v);
        }
        return b.array();
    }

    /** A safetensors file: the header's length as written, the header, the data. */
    private static byte[] file(long headerLength, String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(headerLength).put(h).put(data).array();
    }

    private static byte[] file(String header, byte[] data) {
        return file(header.getBytes(StandardCharsets.UTF_8).length, header, data);
    }

    private Path save(byte[] bytes) throws IOException {
        Path p = dir.resolve("w.safetensors");
        Files.write(p, bytes);
        return p;
    }

    /** Reading fails with a FormatException whose message names the file and contains {@code problem}. */
    private void fails(byte[] bytes, String problem) throws IOException {
        Path p = save(bytes);
        FormatException e = assertThrows(FormatException.class, () -> Safetensors.read(p));
        assertEquals(p.toString(), e.file());
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), () -> "expected \"" + problem + "\" in: " + e.getMessage());
    }

    private void headerFails(String header, byte[] data, String problem) throws IOException {
        fails(file(header, data), problem);
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
                + end + "]}";
    }

    @Test
    void readsTheNotebookWeightsInDataOrder() {
        Map<String, Tensor> t = Safetensors.read(Resources.path("notebook/weights.safetensors"));
        assertEquals(List.of("conv1.weight", "conv1.bias", "dense2.weight", "dense2.bias"), List.copyOf(t.keySet()));
        assertEquals(Tensor.of(Shape.of(3, 1, 2, 2), range(1, 12)), t.get("conv1.weight"));
        assertEquals(Tensor.of(Shape.of(3), new float[] {0.1f, 0.2f, 0.3f}), t.get("conv1.bias"));
        assertEquals(Tensor.of(Shape.of(1, 12), range(0, 12)), t.get("dense2.weight"));
        assertEquals(Tensor.of(Shape.of(1), new float[] {0.1f}), t.get("dense2.bias"));
        assertThrows(UnsupportedOperationException.class, () -> t.remove("conv1.bias"));
    }

    @Test
    void readsTheNotebookWeightsForTheModel() {
        Model m = ModelFile.read(Resources.path("models/notebook.json"));
        Weights w = Safetensors.readWeights(Resources.path("notebook/weights.safetensors"), m);
        assertEquals(5.0f, w.get("conv1", "weight").get(1, 0, 0, 0));
        assertEquals(0.3f, w.get("conv1", "bias").at(2));
        assertEquals(11.0f, w.get("dense2", "weight").get(0, 11));
    }

    @ParameterizedTest
    @ValueSource(strings = {"exercise-a-input-1x6x6", "exercise-b-input-3x6x6", "exercise-c-extra-conv",
            "exercise-d-no-bias"})
    void readsTheExerciseWeightsForTheirModels(String name) {
        Model m = ModelFile.read(Resources.path("models/" + name + ".json"));
        Weights w = Safetensors.readWeights(Resources.path("weights/" + name + ".safetensors"), m);
        assertEquals(m.parameterCount(), w.toStateDict().values().stream().mapToLong(Tensor::size).sum());
    }

    @Test
    void roundTripsSortedByNameWithAnAlignedHeader() throws IOException {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("z.weight", Tensor.of(Shape.of(2, 3), new float[] {1, -2, 3.5f, Float.NaN, Float.NEGATIVE_INFINITY, -0f}));
        in.put("a.bias", Tensor.of(Shape.of(1), new float[] {Float.MIN_VALUE}));
        Path p = dir.resolve("out.safetensors");
        Safetensors.write(p, in);

        byte[] bytes = Files.readAllBytes(p);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "data starts 8-byte aligned");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"a.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"z.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[4,28]}}", header.stripTrailing());
        assertEquals(8 + n + 28, bytes.length);
        assertArrayEquals(f32(Float.MIN_VALUE), java.util.Arrays.copyOfRange(bytes, (int) (8 + n), (int) (8 + n + 4)));

        Map<String, Tensor> out = Safetensors.read(p);
        assertEquals(List.of("a.bias", "z.weight"), List.copyOf(out.keySet()));
        assertEquals(in, out); // Tensor equality is bitwise: NaN and -0 survive
    }

    @Test
    void roundTripsTheNotebookWeights() {
        Model m = ModelFile.read(Resources.path("models/notebook.json"));
        Weights w = Safetensors.readWeights(Resources.path("notebook/weights.safetensors"), m);
        Path p = dir.resolve("again.safetensors");
        Safetensors.write(p, w.toStateDict());
        assertEquals(w.toStateDict(), Safetensors.readWeights(p, m).toStateDict());
    }

    @Test
    void roundTripsATensorLargerThanTheCopyBuffer() {
        float[] v = new float[(1 << 18) + 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.5f;
        }
        Path p = dir.resolve("big.safetensors");
        Safetensors.write(p, Map.of("big", Tensor.of(Shape.of(v.length), v)));
        assertArrayEquals(v, Safetensors.read(p).get("big").toArray());
    }

    @Test
    void writesAndReadsNoTensors() {
        Path p = dir.resolve("empty.safetensors");
        Safetensors.write(p, Map.of());
        assertEquals(Map.of(), Safetensors.read(p));
    }

    @Test
    void refusesToWriteReservedOrEmptyNames() {
        Tensor t = Tensor.zeros(Shape.of(1));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.write(dir.resolve("x"), Map.of("__metadata__", t)));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.write(dir.resolve("x"), Map.of("", t)));
    }

    @Test
    void acceptsStringMetadata() throws IOException {
        Path p = save(file("{\"__metadata__\":{\"format\":\"pt\"}," + entry("x", "F32", "[2]", 0, 8) + "}  ", f32(1, 2)));
        assertEquals(Map.of("x", Tensor.of(Shape.of(2), new float[] {1, 2})), Safetensors.read(p));
    }

    @Test
    void skipsBatchNormsStepCounterButNoOtherIntegerTensor() throws IOException {
        String header = "{" + entry("bn.num_batches_tracked", "I64", "[]", 0, 8) + "," + entry("bn.weight", "F32", "[2]", 8, 16)
                + "}";
        byte[] data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1234).putFloat(1).putFloat(2).array();
        assertEquals(Map.of("bn.weight", Tensor.of(Shape.of(2), new float[] {1, 2})), Safetensors.read(save(file(header, data))));
        // an I64 of another name, or a counter that is not a scalar, is still refused by name
        headerFails("{" + entry("bn.running_count", "I64", "[]", 0, 8) + "}", new byte[8],
                "bn.running_count: dtype I64 is not supported");
        headerFails("{" + entry("bn.num_batches_tracked", "I64", "[2]", 0, 16) + "}", new byte[16],
                "bn.num_batches_tracked: expected an I64 scalar (BatchNorm's step counter), got shape [2]");
        // and it still has to tile the data like any tensor
        headerFails("{" + entry("bn.num_batches_tracked", "I64", "[]", 0, 4) + "}", new byte[4],
                "bn.num_batches_tracked: data_offsets [0, 4] hold 4 bytes, but I64 [] needs 8");
    }

    @Test
    void widensF16AndBf16Exactly() throws IOException {
        String header = "{" + entry("h", "F16", "[8]", 0, 16) + "," + entry("b", "BF16", "[4]", 16, 24) + "}";
        byte[] data = ByteBuffer.allocate(24).put(u16(0x3C00, 0xC000, 0x7BFF, 0x0001, 0x8000, 0x7C00, 0x3555, 0x03FF))
                .put(u16(0x3F80, 0xC040, 0x4049, 0xFF80)).array();
        Map<String, Tensor> t = Safetensors.read(save(file(header, data)));
        assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f, -0f, Float.POSITIVE_INFINITY, 0.333251953125f,
                0x3FFp-24f}, t.get("h").toArray());
        assertArrayEquals(new float[] {1f, -3f, 3.140625f, Float.NEGATIVE_INFINITY}, t.get("b").toArray());
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(t.get("h").at(4)));
        assertTrue(Float.isNaN(HalfFloats.f16((short) 0x7E00)));
        assertTrue(Float.isNaN(HalfFloats.bf16((short) 0x7FC0)));
    }

    @Test
    void weightsThatDoNotFitTheModelNameTheFile() throws IOException {
        Model m = ModelFile.read(Resources.path("models/notebook.json"));
        Map<String, Tensor> t = new LinkedHashMap<>(Safetensors.read(Resources.path("notebook/weights.safetensors")));
        t.put("conv9.weight", Tensor.zeros(Shape.of(1)));
        Path extra = dir.resolve("extra.safetensors");
        Safetensors.write(extra, t);
        FormatException e = assertThrows(FormatException.class, () -> Safetensors.readWeights(extra, m));
        assertTrue(e.getMessage().startsWith(extra + ": tensors [conv9.weight] match no parameter of notebook"),
                e.getMessage());

        t.remove("conv9.weight");
        t.put("dense2.weight", Tensor.zeros(Shape.of(12, 1)));
        Path shape = dir.resolve("shape.safetensors");
        Safetensors.write(shape, t);
        FormatException s = assertThrows(FormatException.class, () -> Safetensors.readWeights(shape, m));
        assertEquals(shape + ": dense2: weight expected shape [1, 12] (PyTorch layout), got [12, 1]", s.getMessage());

        t.remove("dense2.bias");
        Path missing = dir.resolve("missing.safetensors");
        t.put("dense2.weight", Tensor.zeros(Shape.of(1, 12)));
        Safetensors.write(missing, t);
        FormatException g = assertThrows(FormatException.class, () -> Safetensors.readWeights(missing, m));
        assertEquals(missing + ": notebook: weights missing for [dense2.bias [1]]", g.getMessage());
    }

    // Hostile and broken files: each fails with the file's name and the problem, never an OOM or a hang.

    @Test
    void missingFile() {
        Path p = dir.resolve("nope.safetensors");
        FormatException e = assertThrows(FormatException.class, () -> Safetensors.read(p));
        assertEquals(p + ": cannot read: no such file or directory", e.getMessage());
    }

    @Test
    void fileShorterThanTheLengthField() throws IOException {
        fails(new byte[0], "too short for safetensors: 0 bytes");
        fails(new byte[] {1, 0, 0}, "too short for safetensors: 3 bytes");
    }

    @Test
    void headerLengthPastTheEndOfTheFile() throws IOException {
        fails(file(1000, "{}", new byte[0]), "header length 1000 runs past the end of the file, which has 10 bytes");
    }

    @Test
    void absurdHeaderLength() throws IOException {
        fails(file(100_000_001, "{}", new byte[0]), "header length 100000001 is absurd: the limit is 100000000 bytes");
        fails(file(-1, "{}", new byte[0]), "header length 18446744073709551615 is absurd");
        // An .npy file or any other format read as safetensors.
        fails(Files.readAllBytes(Resources.path("notebook/input.npy")), "is absurd");
    }

    @Test
    void headerThatIsNotJson() throws IOException {
        headerFails("{\"x\":", new byte[0], "bad header JSON at line 1, column 6: unexpected end of input");
        headerFails("not json", new byte[0], "bad header JSON at line 1, column 1: unexpected 'n'");
        headerFails("", new byte[0], "bad header JSON at line 1, column 1: no JSON value");
        headerFails("[]", new byte[0], "the header must be a JSON object, got an array");
        headerFails("{}\0\0\0\0\0\0", new byte[0], "bad header JSON at line 1, column 3: unexpected U+0000");
        headerFails("[".repeat(10_000), new byte[0], "nested deeper than 8 levels");
        byte[] latin1 = file("{\"caf\u00e9\":1}", new byte[0]);
        latin1[8 + 5] = (byte) 0xE9;
        latin1[8 + 6] = '"';
        fails(latin1, "the header is not valid UTF-8 (at byte 13)");
    }

    @Test
    void duplicateNames() throws IOException {
        headerFails("{" + entry("x", "F32", "[1]", 0, 4) + "," + entry("x", "F32", "[1]", 4, 8) + "}", f32(1, 2),
                "duplicate key \"x\"");
    }

    @Test
    void malformedEntries() throws IOException {
        headerFails("{\"x\":[1]}", new byte[0], "x: expected {\"dtype\", \"shape\", \"data_offsets\"}, got an array");
        headerFails("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"align\":8}}", f32(1),
                "x: unknown key \"align\"; a tensor takes: dtype, shape, data_offsets");
        headerFails("{\"x\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", f32(1), "x: missing \"shape\"");
        headerFails("{\"x\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}", f32(1),
                "x: dtype must be a string, got a number");
        headerFails("{\"__metadata__\":{\"n\":1}}", new byte[0], "__metadata__ must map strings to strings");
        headerFails("{\"__metadata__\":[]}", new byte[0], "__metadata__ must map strings to strings, got an array");
    }

    @Test
    void unknownDtype() throws IOException {
        headerFails("{" + entry("x", "F31", "[1]", 0, 4) + "}", f32(1), "x: unknown dtype \"F31\"");
    }

    @Test
    void unsupportedDtypes() throws IOException {
        headerFails("{" + entry("conv1.weight", "F64", "[1]", 0, 8) + "}", new byte[8],
                "conv1.weight: dtype F64 is not supported, expected F32");
        headerFails("{" + entry("n", "I64", "[1]", 0, 8) + "}", new byte[8], "n: dtype I64 is not supported");
        headerFails("{" + entry("n", "U8", "[1]", 0, 1) + "}", new byte[1], "n: dtype U8 is not supported");
    }

    @Test
    void scalarAndEmptyShapes() throws IOException {
        headerFails("{" + entry("s", "F32", "[]", 0, 4) + "}", f32(1),
                "s: shape [] is a scalar; Lamina tensors need at least one dimension");
        headerFails("{" + entry("e", "F32", "[0,3]", 0, 0) + "}", new byte[0],
                "e: shape [0, 3] has a zero-size dimension; Lamina tensors cannot be empty");
    }

    @Test
    void badShapes() throws IOException {
        headerFails("{" + entry("x", "F32", "[2,-1]", 0, 4) + "}", f32(1), "x: shape [2, -1]: dimension 1 is negative");
        headerFails("{" + entry("x", "F32", "[1.5]", 0, 4) + "}", f32(1), "x: shape must be a list of integers, got [1.5]");
        headerFails("{" + entry("x", "F32", "3", 0, 4) + "}", f32(1), "x: shape must be a list of integers, got 3");
        headerFails("{" + entry("x", "F32", "[\"3\"]", 0, 4) + "}", f32(1), "got [\"3\"]");
    }

    @Test
    void shapesWithOverflowingProducts() throws IOException {
        headerFails("{" + entry("x", "F32", "[4294967296,4294967296,4294967296]", 0, 4) + "}", f32(1),
                "x: shape [4294967296, 4294967296, 4294967296] has more than 2147483647 elements");
        headerFails("{" + entry("x", "F32", "[65536,65536]", 0, 4) + "}", f32(1),
                "x: shape [65536, 65536] has more than 2147483647 elements, more than a Lamina tensor holds");
        headerFails("{" + entry("x", "F32", "[99999999999999999999]", 0, 4) + "}", f32(1),
                "x: shape [99999999999999999999]: 99999999999999999999 is too large");
    }

    @Test
    void offsetsOutOfRange() throws IOException {
        headerFails("{" + entry("x", "F32", "[12]", 0, 48) + "}", f32(1, 2),
                "x: data_offsets [0, 48] run past the data, which has 8 bytes (truncated?)");
        headerFails("{" + entry("x", "F32", "[1]", 0, 4) + "," + entry("y", "F32", "[1]", 4000000000000L,
                4000000000004L) + "}", f32(1), "y: data_offsets [4000000000000, 4000000000004] run past the data");
        headerFails("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}}", f32(1),
                "x: data_offsets [-4, 0] cannot be negative");
        headerFails("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", f32(1),
                "x: data_offsets must be a list of 2 integers, got [0, 4, 8]");
        headerFails("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,99999999999999999999]}}", f32(1),
                "99999999999999999999 is too large");
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] whole = Files.readAllBytes(Resources.path("notebook/weights.safetensors"));
        fails(java.util.Arrays.copyOf(whole, whole.length - 3),
                "dense2.bias: data_offsets [108, 112] run past the data, which has 109 bytes (truncated?)");
        fails(java.util.Arrays.copyOf(whole, 100), "header length 280 runs past the end of the file, which has 100 bytes");
    }

    @Test
    void beginAfterEnd() throws IOException {
        headerFails("{" + entry("x", "F32", "[1]", 4, 0) + "}", f32(1, 2), "x: data_offsets [4, 0] begin after they end");
    }

    @Test
    void offsetsThatDoNotMatchTheShape() throws IOException {
        headerFails("{" + entry("conv1.weight", "F32", "[3,1,2,2]", 0, 40) + "}", new byte[40],
                "conv1.weight: data_offsets [0, 40] hold 40 bytes, but F32 [3, 1, 2, 2] needs 48");
        headerFails("{" + entry("h", "F16", "[4]", 0, 16) + "}", new byte[16],
                "h: data_offsets [0, 16] hold 16 bytes, but F16 [4] needs 8");
    }

    @Test
    void overlappingTensors() throws IOException {
        headerFails("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}", new byte[12],
                "b: data_offsets [4, 12] overlap those of a [0, 8]");
        headerFails("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 0, 8) + "}", new byte[8],
                "overlap those of");
    }

    @Test
    void gapsAndTrailingBytes() throws IOException {
        headerFails("{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}", new byte[12],
                "bytes 4 to 8 of the data belong to no tensor (the next is b [8, 12])");
        headerFails("{" + entry("a", "F32", "[1]", 0, 4) + "}", new byte[9],
                "the data has 9 bytes, but the tensors cover only 4 (5 trailing bytes)");
    }
}
