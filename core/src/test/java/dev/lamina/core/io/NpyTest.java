package dev.lamina.core.io;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyTest {
    @TempDir
    Path dir;

    /** A .npy file: magic, version, header length as given, header, data. */
    private static byte[] npy(int major, long headerLength, String header, byte[] data) {
        byte[] h = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate((major == 1 ? 10 : 12) + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) headerLength);
        } else {
            b.putInt((int) headerLength);
        }
        return b.put(h).put(data).array();
    }

    private static byte[] npy(int major, String header, byte[] data) {
        int length = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).length;
        return npy(major, length, header, data);
    }

    private static String dict(String descr, String fortran, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': " + shape + ", }\n";
    }

    private static byte[] f32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private Path save(byte[] bytes) throws IOException {
        Path p = dir.resolve("x.npy");
        Files.write(p, bytes);
        return p;
    }

    private void fails(byte[] bytes, String problem) throws IOException {
        Path p = save(bytes);
        FormatException e = assertThrows(FormatException.class, () -> Npy.read(p));
        assertEquals(p.toString(), e.file());
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), () -> "expected \"" + problem + "\" in: " + e.getMessage());
        // The same bytes in memory fail the same way, named by their source.
        FormatException m = assertThrows(FormatException.class, () -> Npy.read(bytes, "row 7"));
        assertEquals("row 7" + e.getMessage().substring(p.toString().length()), m.getMessage());
    }

    @Test
    void readsTheNotebookInput() {
        Tensor t = Npy.read(Resources.path("notebook/input.npy"));
        assertEquals(Shape.of(1, 1, 5, 6), t.shape());
        assertEquals(1f, t.get(0, 0, 1, 2));
        assertEquals(-1f, t.get(0, 0, 3, 4));
        float[] v = t.toArray();
        assertEquals(2, countNonZero(v));
    }

    private static int countNonZero(float[] v) {
        int n = 0;
        for (float x : v) {
            n += x != 0 ? 1 : 0;
        }
        return n;
    }

    @Test
    void readsTheNotebookExpectedOutputs() {
        assertEquals(Shape.of(1, 3, 4, 5), Npy.read(Resources.path("notebook/expected/conv1.npy")).shape());
        assertEquals(Shape.of(1, 3, 2, 2), Npy.read(Resources.path("notebook/expected/max_pool1.npy")).shape());
        Tensor flat = Npy.read(Resources.path("notebook/expected/flat.npy"));
        assertEquals(Shape.of(1, 12), flat.shape());
        assertEquals(4.1f, flat.at(0));
        assertEquals(Tensor.of(Shape.of(1, 1), new float[] {281.5f}), Npy.read(Resources.path("notebook/expected/dense2.npy")));
        assertEquals(Tensor.of(Shape.of(1, 1), new float[] {1f}), Npy.read(Resources.path("notebook/expected/sigmoid2.npy")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"input", "expected/conv1", "expected/relu1", "expected/max_pool1", "expected/flat",
            "expected/dense2", "expected/sigmoid2"})
    void writesByteForByteWhatNumpyWrote(String name) throws IOException {
        Path original = Resources.path("notebook/" + name + ".npy");
        Path copy = dir.resolve("copy.npy");
        Npy.write(copy, Npy.read(original));
        assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(copy));
    }

    /** Header sizes numpy 2.4 writes for these shapes (np.save, then len of magic + length + header). */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"5;(5,);128", "2,3;(2, 3);128", "2147483647;(2147483647,);128",
            "1,2147483647;(1, 2147483647);128", "7,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1;"
            + "(7, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);192"})
    void padsHeadersAsNumpyDoes(String dims, String repr, int length) {
        Shape shape = Shape.of(Arrays.stream(dims.split(",")).mapToInt(Integer::parseInt).toArray());
        byte[] h = Npy.headerBytes(shape);
        assertEquals(length, h.length);
        assertEquals(length - 10, ByteBuffer.wrap(h, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
        String text = new String(h, 10, h.length - 10, StandardCharsets.ISO_8859_1);
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + repr + ", }";
        assertEquals(dict + " ".repeat(text.length() - dict.length() - 1) + "\n", text);
    }

    @Test
    void switchesToVersion2WhenTheHeaderOutgrowsVersion1() {
        int[] ones = new int[30_000];
        Arrays.fill(ones, 1);
        byte[] h = Npy.headerBytes(Shape.of(ones));
        assertEquals(2, h[6]);
        assertEquals(0, h.length % 64);
    }

    @Test
    void roundTripsEveryBit() {
        float[] v = {0f, -0f, 1.5f, Float.NaN, Float.intBitsToFloat(0x7fc00001), Float.MIN_VALUE, Float.MAX_VALUE,
                Float.NEGATIVE_INFINITY};
        Tensor t = Tensor.of(Shape.of(2, 4), v);
        Path p = dir.resolve("t.npy");
        Npy.write(p, t);
        assertEquals(t, Npy.read(p));
    }

    @Test
    void readsBytesInMemoryAsAFile() throws IOException {
        Tensor t = Tensor.of(Shape.of(1, 2, 3), new float[] {0f, -0f, Float.NaN, 1e-45f, -7.25f, 3f});
        Path p = dir.resolve("m.npy");
        Npy.write(p, t);
        assertEquals(t, Npy.read(Files.readAllBytes(p), "blob"));
        assertEquals(Tensor.of(Shape.of(2), new float[] {1, 2}),
                Npy.read(npy(3, dict("<f4", "False", "(2,)"), f32(1, 2)), "blob"));
    }

    @Test
    void roundTripsATensorLargerThanTheCopyBuffer() {
        float[] v = new float[(1 << 18) + 5];
        for (int i = 0; i < v.length; i++) {
            v[i] = -i;
        }
        Path p = dir.resolve("big.npy");
        Npy.write(p, Tensor.of(Shape.of(3, v.length / 3), v));
        assertArrayEquals(v, Npy.read(p).toArray());
    }

    @Test
    void readsVersions2And3() throws IOException {
        assertEquals(Tensor.of(Shape.of(2), new float[] {1, 2}),
                Npy.read(save(npy(2, dict("<f4", "False", "(2,)"), f32(1, 2)))));
        assertEquals(Tensor.of(Shape.of(1, 2), new float[] {3, 4}),
                Npy.read(save(npy(3, dict("<f4", "False", "(1, 2)"), f32(3, 4)))));
    }

    @Test
    void readsFloat64RoundedToFloat32() throws IOException {
        ByteBuffer d = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1).putDouble(-1e300).putDouble(2.5);
        Tensor t = Npy.read(save(npy(1, dict("<f8", "False", "(3,)"), d.array())));
        assertArrayEquals(new float[] {0.1f, Float.NEGATIVE_INFINITY, 2.5f}, t.toArray());
    }

    @Test
    void readsHeadersOtherWritersProduce() throws IOException {
        // Python 2's longs, double quotes, keys in another order, no trailing comma or padding.
        assertEquals(Shape.of(2, 1), Npy.read(save(npy(1, "{\"shape\": (2L, 1L), \"fortran_order\": False, "
                + "\"descr\": \"<f4\"}", f32(1, 2)))).shape());
    }

    // Hostile and broken files.

    @Test
    void missingFile() {
        Path p = dir.resolve("nope.npy");
        FormatException e = assertThrows(FormatException.class, () -> Npy.read(p));
        assertEquals(p + ": cannot read: no such file or directory", e.getMessage());
    }

    @Test
    void tooShortOrNotNpy() throws IOException {
        fails(new byte[0], "too short for .npy: 0 bytes (truncated?)");
        fails(Arrays.copyOf(Files.readAllBytes(Resources.path("notebook/input.npy")), 9), "too short for .npy: 9 bytes");
        fails(Files.readAllBytes(Resources.path("notebook/weights.safetensors")),
                "not a .npy file: it does not start with \\x93NUMPY");
        fails(Arrays.copyOf(npy(2, dict("<f4", "False", "(1,)"), new byte[0]), 11), "too short for .npy 2.0: 11 bytes");
    }

    @Test
    void unsupportedVersion() throws IOException {
        byte[] b = npy(1, dict("<f4", "False", "(1,)"), f32(1));
        b[6] = 4;
        fails(b, "unsupported .npy version 4.0 (Lamina reads 1.0, 2.0 and 3.0)");
        b[6] = 1;
        b[7] = 1;
        fails(b, "unsupported .npy version 1.1");
    }

    @Test
    void headerLengthOverTheLimitOrPastTheEnd() throws IOException {
        fails(npy(2, 0xFFFFFFFFL, dict("<f4", "False", "(1,)"), f32(1)),
                "header length 4294967295 is over numpy's limit of 10000 bytes");
        fails(npy(1, 5000, dict("<f4", "False", "(1,)"), f32(1)),
                "header length 5000 runs past the end of the file, which has 72 bytes (truncated?)");
    }

    @Test
    void headerThatIsNotADict() throws IOException {
        fails(npy(1, "garbage", f32(1)), "bad header at character 1: expected a dict starting with '{'");
        fails(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), } junk", f32(1)),
                "unexpected text after the dict");
        fails(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,", f32(1)), "unexpected end of header");
        fails(npy(1, "{'descr': '<f4, 'fortran_order': False, 'shape': (1,), }", f32(1)),
                "bad header at character 18: expected ',' or '}'");
        fails(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': " + "(".repeat(5000) + "1", f32(1)),
                "nested too deeply");
        fails(npy(1, "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", f32(1)),
                "duplicate key 'descr'");
        fails(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1.5,), }", f32(1)), "expected an integer");
        byte[] v3 = npy(3, dict("<f4", "False", "(1,)"), f32(1));
        v3[13] = (byte) 0xFF;
        fails(v3, "the header is not valid UTF-8 (at byte 13)");
    }

    @Test
    void wrongKeys() throws IOException {
        fails(npy(1, "{'descr': '<f4', 'shape': (1,), }", f32(1)), "header lacks 'fortran_order'");
        fails(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", f32(1)),
                "header has unexpected key 'x'");
    }

    @Test
    void bigEndianIsNamed() throws IOException {
        fails(npy(1, dict(">f4", "False", "(1,)"), f32(1)), "big-endian dtype '>f4' is not supported; expected '<f4' or '<f8'");
        fails(npy(1, dict(">f8", "False", "(1,)"), new byte[8]), "big-endian dtype '>f8'");
    }

    @Test
    void otherDtypesAreNamed() throws IOException {
        fails(npy(1, dict("<i4", "False", "(1,)"), f32(1)), "dtype '<i4' is not supported; expected '<f4' or '<f8'");
        fails(npy(1, dict("|u1", "False", "(1,)"), new byte[1]), "dtype '|u1' is not supported");
        fails(npy(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", f32(1)),
                "descr [('a', '<f4')] is not supported (structured dtypes are not)");
    }

    @Test
    void fortranOrder() throws IOException {
        fails(npy(1, dict("<f4", "True", "(1, 2)"), f32(1, 2)), "fortran_order is True: column-major data is not supported");
        fails(npy(1, dict("<f4", "'no'", "(1, 2)"), f32(1, 2)), "fortran_order must be True or False, got 'no'");
    }

    @Test
    void scalarAndEmptyShapes() throws IOException {
        fails(npy(1, dict("<f4", "False", "()"), f32(1)), "shape () is a scalar; Lamina tensors need at least one dimension");
        fails(npy(1, dict("<f4", "False", "(0, 3)"), new byte[0]), "shape (0, 3) has a zero-size dimension");
        fails(npy(1, dict("<f4", "False", "(5)"), f32(1, 2, 3, 4, 5)), "shape must be a tuple of integers, got 5");
        fails(npy(1, dict("<f4", "False", "[5]"), f32(1, 2, 3, 4, 5)), "shape must be a tuple of integers, got [5]");
    }

    @Test
    void badAndOverflowingShapes() throws IOException {
        fails(npy(1, dict("<f4", "False", "(2, -1)"), f32(1)), "shape (2, -1): dimension 1 is negative");
        fails(npy(1, dict("<f4", "False", "(65536, 65536)"), f32(1)),
                "shape (65536, 65536) has more than 2147483647 elements");
        fails(npy(1, dict("<f4", "False", "(99999999999999999999999,)"), f32(1)), "has more than 2147483647 elements");
        fails(npy(1, dict("<f4", "False", "(2, 'a')"), f32(1)), "shape must be a tuple of integers, got (2, 'a')");
    }

    @Test
    void truncatedData() throws IOException {
        byte[] whole = Files.readAllBytes(Resources.path("notebook/input.npy"));
        fails(Arrays.copyOf(whole, whole.length - 1),
                "the data is truncated: shape (1, 1, 5, 6) of '<f4' needs 120 bytes, the file has 119");
        fails(Arrays.copyOf(whole, 100), "header length 118 runs past the end of the file, which has 100 bytes");
    }

    @Test
    void trailingBytes() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(Files.readAllBytes(Resources.path("notebook/input.npy")));
        b.write(new byte[] {1, 2, 3});
        fails(b.toByteArray(), "3 trailing bytes after the data of shape (1, 1, 5, 6) of '<f4' (120 bytes)");
    }
}
