package dev.lamina.core.io;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.MemoryCheck;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NumPy's {@code .npy} format, versions 1.0, 2.0 and 3.0: the magic {@code \x93NUMPY}, the version, the
 * header length (u16 in 1.0, u32 after), a Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 5, 6), }} padded with spaces and a newline,
 * then the data. Lamina reads little-endian float32 and float64 (rounded to float32) in C order, and writes
 * float32 byte for byte as {@code numpy.save} does, so files written here diff cleanly against numpy's.
 */
public final class Npy {
    /** numpy refuses longer headers by default ({@code max_header_size}); so does Lamina. */
    static final int MAX_HEADER_BYTES = 10_000;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    /** numpy leaves room in the header for the first axis to grow to this many digits (append in place). */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");
    private static final int CHUNK = 1 << 20;

    private Npy() {
    }

    /**
     * Reads a little-endian float32 or float64 array in C order.
     *
     * @throws FormatException naming the file and the problem
     */
    public static Tensor read(Path path) {
        long size = FileIo.size(path);
        try (FileChannel ch = FileIo.open(path)) {
            return read(FileIo.name(path), size, (buf, position) -> FileIo.readFully(ch, buf, position, path));
        } catch (IOException e) {
            throw FileIo.cannot("read", path, e);
        }
    }

    /**
     * Reads a {@code .npy} held in memory (a blob from a database or a data frame's binary column), with the
     * same checks as a file.
     *
     * @param source names the bytes in error messages
     * @throws FormatException naming {@code source} and the problem
     */
    public static Tensor read(byte[] bytes, String source) {
        ByteBuffer all = ByteBuffer.wrap(bytes);
        return read(source, bytes.length, (buf, position) -> {
            // Every read is checked against the size first, so a slice past the end is a bug, not input.
            buf.put(all.slice((int) position, buf.remaining())).flip();
        });
    }

    /** Fills a buffer from a position of the file or bytes; the caller has checked it lies within them. */
    private interface Source {
        void readFully(ByteBuffer buf, long position);
    }

    private static Tensor read(String file, long size, Source in) {
        if (size < 10) {
            throw new FormatException(file, "too short for .npy: " + size + " bytes (truncated?)");
        }
        ByteBuffer pre = ByteBuffer.allocate((int) Math.min(12, size)).order(ByteOrder.LITTLE_ENDIAN);
        in.readFully(pre, 0);
        for (int i = 0; i < MAGIC.length; i++) {
            if (pre.get(i) != MAGIC[i]) {
                throw new FormatException(file, "not a .npy file: it does not start with \\x93NUMPY");
            }
        }
        int major = pre.get(6) & 0xff;
        int minor = pre.get(7) & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw new FormatException(file, "unsupported .npy version " + major + "." + minor
                    + " (Lamina reads 1.0, 2.0 and 3.0)");
        }
        int prefix = major == 1 ? 10 : 12;
        if (size < prefix) {
            throw new FormatException(file, "too short for .npy " + major + ".0: " + size + " bytes (truncated?)");
        }
        long headerLength = major == 1 ? pre.getShort(8) & 0xffff : pre.getInt(8) & 0xffffffffL;
        if (headerLength > MAX_HEADER_BYTES) {
            throw new FormatException(file, "header length " + headerLength + " is over numpy's limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        if (prefix + headerLength > size) {
            throw new FormatException(file, "header length " + headerLength
                    + " runs past the end of the file, which has " + size + " bytes (truncated?)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        in.readFully(headerBytes, prefix);
        // Versions 1.0 and 2.0 are latin-1; 3.0 exists for UTF-8 field names.
        String text = major == 3 ? FileIo.utf8(headerBytes, file, "the header", prefix)
                : new String(headerBytes.array(), StandardCharsets.ISO_8859_1);
        Header h = header(file, text);
        long dataStart = prefix + headerLength;
        long needed = (long) h.shape().size() * h.itemBytes();
        long present = size - dataStart;
        if (present < needed) {
            throw new FormatException(file, "the data is truncated: " + h.describe() + " needs " + needed
                    + " bytes, the file has " + present);
        }
        if (present > needed) {
            throw new FormatException(file, (present - needed) + " trailing bytes after the data of "
                    + h.describe() + " (" + needed + " bytes)");
        }
        MemoryCheck.heap(4L * h.shape().size(), file + ": reading " + h.describe() + " as float32", "");
        return data(in, dataStart, h);
    }

    /** Writes a float32 array as {@code numpy.save} would: version 1.0, {@code '<f4'}, C order. */
    public static void write(Path path, Tensor tensor) {
        byte[] header = headerBytes(tensor.shape());
        try (OutputStream out = FileIo.create(path)) {
            out.write(header);
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[CHUNK / 4];
            for (int from = 0; from < tensor.size(); from += values.length) {
                int len = Math.min(values.length, tensor.size() - from);
                tensor.copyTo(from, values, 0, len);
                chunk.clear();
                chunk.asFloatBuffer().put(values, 0, len);
                out.write(chunk.array(), 0, len * 4);
            }
        } catch (IOException e) {
            throw FileIo.cannot("write", path, e);
        }
    }

    /** Magic, version, length and padded header, exactly as numpy's {@code _write_array_header}. */
    static byte[] headerBytes(Shape shape) {
        StringBuilder dims = new StringBuilder("(");
        for (int i = 0; i < shape.rank(); i++) {
            dims.append(i == 0 ? "" : ", ").append(shape.dim(i));
        }
        dims.append(shape.rank() == 1 ? ",)" : ")");
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + dims + ", }"
                + " ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape.dim(0)).length());
        byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
        // Version 1.0 unless the header outgrows its u16 length (a shape of thousands of axes): then 2.0.
        for (int major = 1; ; major++) {
            int prefix = major == 1 ? 10 : 12;
            int withNewline = text.length + 1;
            int pad = ALIGN - (prefix + withNewline) % ALIGN;
            int length = withNewline + pad;
            if (major == 1 && length > 0xffff) {
                continue;
            }
            ByteBuffer b = ByteBuffer.allocate(prefix + length).order(ByteOrder.LITTLE_ENDIAN);
            b.put(MAGIC).put((byte) major).put((byte) 0);
            if (major == 1) {
                b.putShort((short) length);
            } else {
                b.putInt(length);
            }
            b.put(text);
            while (b.position() < b.capacity() - 1) {
                b.put((byte) ' ');
            }
            b.put((byte) '\n');
            return b.array();
        }
    }

    /** What the header says, checked: a little-endian float type, C order, a shape Lamina can hold. */
    private record Header(String descr, int itemBytes, Shape shape, String shapeText) {
        String describe() {
            return "shape " + shapeText + " of '" + descr + "'";
        }
    }

    private static Header header(String file, String text) {
        Map<String, Object> dict = new PythonLiteral(file, text).dict();
        for (String k : dict.keySet()) {
            if (!KEYS.contains(k)) {
                throw new FormatException(file, "header has unexpected key '" + k
                        + "'; a .npy header has descr, fortran_order, shape");
            }
        }
        for (String k : List.of("descr", "fortran_order", "shape")) {
            if (!dict.containsKey(k)) {
                throw new FormatException(file, "header lacks '" + k + "'");
            }
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw new FormatException(file, "descr " + PythonLiteral.repr(dict.get("descr"))
                    + " is not supported (structured dtypes are not); expected '<f4' or '<f8'");
        }
        int itemBytes;
        if (descr.equals("<f4")) {
            itemBytes = 4;
        } else if (descr.equals("<f8")) {
            itemBytes = 8;
        } else if (descr.equals(">f4") || descr.equals(">f8")) {
            throw new FormatException(file, "big-endian dtype '" + descr
                    + "' is not supported; expected '<f4' or '<f8' (save with arr.astype('<f4'))");
        } else {
            throw new FormatException(file, "dtype '" + descr + "' is not supported; expected '<f4' or '<f8'");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new FormatException(file, "fortran_order must be True or False, got "
                    + PythonLiteral.repr(dict.get("fortran_order")));
        }
        if (fortran) {
            throw new FormatException(file, "fortran_order is True: column-major data is not supported"
                    + " (save np.ascontiguousarray(arr))");
        }
        Object s = dict.get("shape");
        String shapeText = PythonLiteral.repr(s);
        if (!(s instanceof PythonLiteral.Tuple t)
                || !t.items().stream().allMatch(x -> x instanceof PythonLiteral.Int)) {
            throw new FormatException(file, "shape must be a tuple of integers, got " + shapeText);
        }
        if (t.items().isEmpty()) {
            throw new FormatException(file, "shape () is a scalar; Lamina tensors need at least one dimension"
                    + " (save arr.reshape(1))");
        }
        int[] dims = new int[t.items().size()];
        long elements = 1;
        for (int i = 0; i < dims.length; i++) {
            String digits = ((PythonLiteral.Int) t.items().get(i)).text();
            long d;
            try {
                d = digits.length() > 19 ? Long.MAX_VALUE : Long.parseLong(digits);
            } catch (NumberFormatException e) {
                d = Long.MAX_VALUE;
            }
            if (d < 0) {
                throw new FormatException(file, "shape " + shapeText + ": dimension " + i + " is negative");
            }
            if (d == 0) {
                throw new FormatException(file, "shape " + shapeText
                        + " has a zero-size dimension; Lamina tensors cannot be empty");
            }
            if (d > Integer.MAX_VALUE || (elements = Math.multiplyExact(elements, d)) > Integer.MAX_VALUE) {
                throw new FormatException(file, "shape " + shapeText + " has more than " + Integer.MAX_VALUE
                        + " elements, more than a Lamina tensor holds");
            }
            dims[i] = (int) d;
        }
        return new Header(descr, itemBytes, Shape.of(dims), shapeText);
    }

    private static Tensor data(Source in, long start, Header h) {
        int count = h.shape().size();
        float[] values = new float[count];
        int perChunk = CHUNK / h.itemBytes();
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, (long) count * h.itemBytes()))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < count; from += perChunk) {
            int len = Math.min(perChunk, count - from);
            chunk.clear().limit(len * h.itemBytes());
            in.readFully(chunk, start + (long) from * h.itemBytes());
            if (h.itemBytes() == 4) {
                chunk.asFloatBuffer().get(values, from, len);
            } else {
                for (int i = 0; i < len; i++) {
                    // Rounds to nearest, as arr.astype(np.float32) does; beyond float range gives ±inf.
                    values[from + i] = (float) chunk.getDouble();
                }
            }
        }
        return Tensor.adopt(h.shape(), values);
    }

    /**
     * The small part of Python's literal syntax a .npy header uses: a dict of str keys to str, bool, None,
     * int and tuples/lists of those. numpy itself uses {@code ast.literal_eval}; this accepts the same
     * headers numpy writes (and Python 2's {@code 3L} longs), nothing executable.
     */
    static final class PythonLiteral {
        record Int(String text) {
        }

        record Tuple(List<Object> items) {
        }

        record PyList(List<Object> items) {
        }

        /** Python's None, distinct from a missing key. */
        static final Object NONE = new Object() {
            @Override
            public String toString() {
                return "None";
            }
        };

        private static final int MAX_DEPTH = 16;
        private final String file;
        private final String text;
        private int pos;

        PythonLiteral(String file, String text) {
            this.file = file;
            this.text = text;
        }

        private FormatException error(String problem) {
            return new FormatException(file, "bad header at character " + (pos + 1) + ": " + problem
                    + " (header: " + shorten(text.strip()) + ")");
        }

        private static String shorten(String s) {
            return s.length() > 100 ? s.substring(0, 97) + "..." : s;
        }

        Map<String, Object> dict() {
            skipSpace();
            if (peek() != '{') {
                throw error("expected a dict starting with '{'");
            }
            pos++;
            Map<String, Object> m = new LinkedHashMap<>();
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    break;
                }
                if (!(value(1) instanceof String key)) {
                    throw error("dict keys must be strings");
                }
                if (m.containsKey(key)) {
                    throw error("duplicate key '" + key + "'");
                }
                skipSpace();
                expect(':');
                skipSpace();
                m.put(key, value(1));
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'");
                }
            }
            skipSpace();
            if (pos < text.length()) {
                throw error("unexpected text after the dict");
            }
            return m;
        }

        private Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nested too deeply");
            }
            char c = peek();
            if (c == '\'' || c == '"') {
                return string(c);
            }
            if (c == '(' || c == '[') {
                return sequence(c == '(' ? ')' : ']', depth);
            }
            if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
                return integer();
            }
            for (String word : List.of("True", "False", "None")) {
                if (text.startsWith(word, pos)) {
                    pos += word.length();
                    return word.equals("None") ? NONE : Boolean.valueOf(word.equals("True"));
                }
            }
            throw error(pos >= text.length() ? "unexpected end of header" : "unexpected '" + c + "'");
        }

        private Object sequence(char close, int depth) {
            pos++;
            List<Object> items = new ArrayList<>();
            boolean comma = false;
            while (true) {
                skipSpace();
                if (peek() == close) {
                    pos++;
                    break;
                }
                items.add(value(depth + 1));
                skipSpace();
                comma = peek() == ',';
                if (comma) {
                    pos++;
                } else if (peek() != close) {
                    throw error("expected ',' or '" + close + "'");
                }
            }
            // (3) is just 3 in Python; only (3,) is a tuple.
            if (close == ')' && items.size() == 1 && !comma) {
                return items.get(0);
            }
            return close == ')' ? new Tuple(List.copyOf(items)) : new PyList(List.copyOf(items));
        }

        private Int integer() {
            int start = pos;
            if (peek() == '-' || peek() == '+') {
                pos++;
            }
            int digits = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) {
                pos++;
            }
            if (pos == digits) {
                throw error("expected a digit");
            }
            String t = text.substring(start, pos);
            if (peek() == 'L' || peek() == 'l') {
                pos++;
            }
            if (peek() == '.' || peek() == 'e' || peek() == 'E') {
                throw error("expected an integer");
            }
            return new Int(t.startsWith("+") ? t.substring(1) : t);
        }

        private String string(char quote) {
            int start = pos;
            pos++;
            StringBuilder sb = new StringBuilder();
            while (pos < text.length() && text.charAt(pos) != quote) {
                char c = text.charAt(pos);
                if (c == '\\' && pos + 1 < text.length()) {
                    pos++;
                    c = text.charAt(pos);
                } else if (c == '\n') {
                    break;
                }
                sb.append(c);
                pos++;
            }
            if (pos >= text.length() || text.charAt(pos) != quote) {
                pos = start;
                throw error("unterminated string");
            }
            pos++;
            return sb.toString();
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void skipSpace() {
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t'
                    || text.charAt(pos) == '\n' || text.charAt(pos) == '\r')) {
                pos++;
            }
        }

        /** Python's repr of a parsed value, for messages. */
        static String repr(Object v) {
            if (v instanceof String s) {
                return "'" + s + "'";
            }
            if (v instanceof Boolean b) {
                return b ? "True" : "False";
            }
            if (v instanceof Int i) {
                return i.text();
            }
            if (v instanceof Tuple t) {
                List<String> parts = new ArrayList<>();
                t.items().forEach(x -> parts.add(repr(x)));
                return "(" + String.join(", ", parts) + (parts.size() == 1 ? ",)" : ")");
            }
            if (v instanceof PyList l) {
                List<String> parts = new ArrayList<>();
                l.items().forEach(x -> parts.add(repr(x)));
                return "[" + String.join(", ", parts) + "]";
            }
            return String.valueOf(v);
        }
    }
}
