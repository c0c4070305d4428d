package dev.lamina.core.io;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.MemoryCheck;
import dev.lamina.core.MemoryException;
import dev.lamina.core.Model;
import dev.lamina.core.ModelException;
import dev.lamina.core.Weights;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Hugging Face's safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * ({@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}}),
 * then the data, little-endian, offsets relative to its start.
 *
 * <p>Reading trusts nothing: every length and offset is checked against the file's size before anything is
 * allocated, and the tensors must tile the data exactly, as the reference implementation demands (no
 * overlap, no gap, no trailing bytes). F32 is read as is; F16 and BF16 are widened to F32, which is exact.
 * Other dtypes are refused by name rather than converted: F64 would lose precision silently. The one
 * exception is BatchNorm's {@code <layer>.num_batches_tracked}, an I64 scalar PyTorch's state_dict always
 * holds: it is checked like any tensor and then left out, since it means nothing at inference.
 */
public final class Safetensors {
    /** The reference implementation's own limit on the header. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    /** A header is three levels deep; a million values is ~100k tensors, far beyond any CNN. */
    private static final Json.Limits HEADER_LIMITS = new Json.Limits((int) MAX_HEADER_BYTES, 8, 1_000_000);

    private static final String METADATA = "__metadata__";
    /** BatchNorm's {@code num_batches_tracked}, an I64 scalar in every PyTorch state_dict that has one. */
    private static final String BATCH_COUNTER = "num_batches_tracked";
    private static final List<String> ENTRY_KEYS = List.of("dtype", "shape", "data_offsets");
    /** Every dtype the format defines, with its size in bytes; only F32, F16 and BF16 are read. */
    private static final Map<String, Integer> DTYPE_BYTES = new LinkedHashMap<>();
    private static final Set<String> READABLE = Set.of("F32", "F16", "BF16");
    /** Data is read through a buffer of this size, so a tensor costs its float[] and no byte[] copy. */
    private static final int CHUNK = 1 << 20;

    static {
        for (String t : List.of("BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3")) {
            DTYPE_BYTES.put(t, 1);
        }
        for (String t : List.of("I16", "U16", "F16", "BF16")) {
            DTYPE_BYTES.put(t, 2);
        }
        for (String t : List.of("I32", "U32", "F32")) {
            DTYPE_BYTES.put(t, 4);
        }
        for (String t : List.of("I64", "U64", "F64")) {
            DTYPE_BYTES.put(t, 8);
        }
    }

    private Safetensors() {
    }

    /** One tensor's header entry, checked against the data buffer; {@code shape} is null for a skipped counter. */
    private record Entry(String name, String dtype, Shape shape, long begin, long end) {
        boolean skipped() {
            return shape == null;
        }
    }

    /**
     * Every tensor in the file, in the order of their data; the map is unmodifiable.
     *
     * @throws FormatException naming the file and the problem: unreadable, truncated, bad header, a tensor
     *                         Lamina cannot hold, offsets that do not tile the data
     * @throws MemoryException when the tensors, as float32, would not fit the heap (checked before reading)
     */
    public static Map<String, Tensor> read(Path path) {
        String file = FileIo.name(path);
        long size = FileIo.size(path);
        if (size < 8) {
            throw new FormatException(file, "too short for safetensors: " + size
                    + " bytes, the header length alone takes 8 (truncated?)");
        }
        try (FileChannel ch = FileIo.open(path)) {
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            FileIo.readFully(ch, lengthBytes, 0, path);
            long n = lengthBytes.getLong();
            if (n < 0 || n > MAX_HEADER_BYTES) {
                throw new FormatException(file, "header length " + Long.toUnsignedString(n)
                        + " is absurd: the limit is " + MAX_HEADER_BYTES + " bytes (not a safetensors file?)");
            }
            if (n > size - 8) {
                throw new FormatException(file, "header length " + n + " runs past the end of the file, which has "
                        + size + " bytes (truncated?)");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
            FileIo.readFully(ch, headerBytes, 8, path);
            List<Entry> entries = header(file, FileIo.utf8(headerBytes, path, "the header", 8), size - 8 - n);
            checkMemory(file, entries);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                if (!e.skipped()) {
                    tensors.put(e.name(), data(ch, path, 8 + n, e));
                }
            }
            return Collections.unmodifiableMap(tensors);
        } catch (IOException e) {
            throw FileIo.cannot("read", path, e);
        }
    }

    /** Every tensor becomes a float[] on the heap: all of them must fit before the first is read. */
    private static void checkMemory(String file, List<Entry> entries) {
        long bytes = 0;
        int read = 0;
        Entry largest = null;
        for (Entry e : entries) {
            if (e.skipped()) {
                continue;
            }
            read++;
            bytes = Math.addExact(bytes, 4L * e.shape().size());
            if (largest == null || e.shape().size() > largest.shape().size()) {
                largest = e;
            }
        }
        if (largest != null) {
            MemoryCheck.heap(bytes, file + ": " + largest.name() + " " + largest.shape() + " takes "
                    + MemoryCheck.bytes(4L * largest.shape().size()) + ", and reading its " + read
                    + " tensors as float32", "");
        }
    }

    /**
     * Reads the file as weights for {@code model}: a PyTorch state_dict ({@code conv1.weight}, ...). The
     * weights the model declares must fit the heap before anything is read.
     *
     * @throws FormatException naming the file, for a bad file or tensors that do not fit the model
     * @throws MemoryException when the model's or the file's weights would not fit the heap
     */
    public static Weights readWeights(Path path, Model model) {
        Weights.checkMemory(model);
        Map<String, Tensor> tensors = read(path);
        try {
            return Weights.fromStateDict(model, tensors);
        } catch (ModelException e) {
            throw new FormatException(FileIo.name(path), e.getMessage(), e);
        }
    }

    /**
     * Writes the tensors as F32, sorted by name as the reference implementation does, with the header
     * padded with spaces so that the data starts 8-byte aligned.
     */
    public static void write(Path path, Map<String, Tensor> tensors) {
        Map<String, Tensor> sorted = new TreeMap<>();
        tensors.forEach((k, t) -> {
            if (k == null || k.isEmpty() || k.equals(METADATA)) {
                throw new IllegalArgumentException("cannot write a tensor named " + (k == null ? null : Json.quote(k)));
            }
            if (t == null) {
                throw new IllegalArgumentException(k + ": no tensor given");
            }
            sorted.put(k, t);
        });
        Map<String, JsonValue> header = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
            long end = offset + 4L * e.getValue().size();
            Map<String, JsonValue> entry = new LinkedHashMap<>();
            entry.put("dtype", new JsonString("F32"));
            entry.put("shape", JsonArray.ofInts(e.getValue().shape().dims()));
            entry.put("data_offsets", JsonArray.of(JsonNumber.of(offset), JsonNumber.of(end)));
            header.put(e.getKey(), new JsonObject(entry));
            offset = end;
        }
        byte[] json = Json.write(new JsonObject(header)).getBytes(StandardCharsets.UTF_8);
        int padded = Math.addExact(json.length, (8 - json.length % 8) % 8);
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(json);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        try (OutputStream out = FileIo.create(path)) {
            out.write(prefix.array());
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[CHUNK / 4];
            for (Tensor t : sorted.values()) {
                for (int from = 0; from < t.size(); from += values.length) {
                    int len = Math.min(values.length, t.size() - from);
                    t.copyTo(from, values, 0, len);
                    chunk.clear();
                    chunk.asFloatBuffer().put(values, 0, len);
                    out.write(chunk.array(), 0, len * 4);
                }
            }
        } catch (IOException e) {
            throw FileIo.cannot("write", path, e);
        }
    }

    /** Checks the header against a data buffer of {@code bufferSize} bytes; entries in data order. */
    private static List<Entry> header(String file, String text, long bufferSize) {
        JsonValue doc;
        try {
            doc = Json.parse(text, file, HEADER_LIMITS);
        } catch (FormatException e) {
            String at = e.line() > 0 ? " at line " + e.line() + ", column " + e.column() : "";
            throw new FormatException(file, "bad header JSON" + at + ": " + e.problem(), e);
        }
        if (!(doc instanceof JsonObject top)) {
            throw new FormatException(file, "the header must be a JSON object, got " + doc.kind());
        }
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonValue> m : top.members().entrySet()) {
            if (m.getKey().equals(METADATA)) {
                metadata(file, m.getValue());
            } else {
                entries.add(entry(file, m.getKey(), m.getValue(), bufferSize));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin));
        long covered = 0;
        Entry before = null;
        for (Entry e : entries) {
            if (e.begin() < covered) {
                throw new FormatException(file, e.name() + ": data_offsets " + offsets(e) + " overlap those of "
                        + before.name() + " " + offsets(before));
            }
            if (e.begin() > covered) {
                throw new FormatException(file, "bytes " + covered + " to " + e.begin()
                        + " of the data belong to no tensor (the next is " + e.name() + " " + offsets(e) + ")");
            }
            covered = e.end();
            before = e;
        }
        if (covered != bufferSize) {
            throw new FormatException(file, "the data has " + bufferSize + " bytes, but the tensors cover only "
                    + covered + " (" + (bufferSize - covered) + " trailing bytes)");
        }
        return entries;
    }

    private static void metadata(String file, JsonValue v) {
        boolean ok = v instanceof JsonObject o
                && o.members().values().stream().allMatch(x -> x instanceof JsonString);
        if (!ok) {
            throw new FormatException(file, "__metadata__ must map strings to strings, got " + v.kind());
        }
    }

    private static Entry entry(String file, String name, JsonValue v, long bufferSize) {
        if (!(v instanceof JsonObject o)) {
            throw new FormatException(file, name + ": expected {\"dtype\", \"shape\", \"data_offsets\"}, got "
                    + v.kind());
        }
        for (String k : o.members().keySet()) {
            if (!ENTRY_KEYS.contains(k)) {
                throw new FormatException(file, name + ": unknown key " + Json.quote(k)
                        + "; a tensor takes: dtype, shape, data_offsets");
            }
        }
        for (String k : ENTRY_KEYS) {
            if (!o.has(k)) {
                throw new FormatException(file, name + ": missing " + Json.quote(k));
            }
        }
        if (!(o.get("dtype") instanceof JsonString d)) {
            throw new FormatException(file, name + ": dtype must be a string, got " + o.get("dtype").kind());
        }
        String dtype = d.value();
        Integer itemBytes = DTYPE_BYTES.get(dtype);
        if (itemBytes == null) {
            throw new FormatException(file, name + ": unknown dtype " + Json.quote(dtype));
        }
        // PyTorch's BatchNorm state_dict holds a training-step counter, meaningless at inference: skipped.
        boolean counter = dtype.equals("I64") && (name.equals(BATCH_COUNTER) || name.endsWith("." + BATCH_COUNTER));
        if (!READABLE.contains(dtype) && !counter) {
            throw new FormatException(file, name + ": dtype " + dtype
                    + " is not supported, expected F32 (or F16/BF16, which widen to F32 exactly)");
        }
        long[] dims = longs(file, name, "shape", o.get("shape"), -1);
        long[] offsets = longs(file, name, "data_offsets", o.get("data_offsets"), 2);
        String shapeText = shorten(o.get("shape").toJson());
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new FormatException(file, name + ": shape " + shapeText + ": dimension " + i + " is negative");
            }
        }
        if (counter && Arrays.stream(dims).anyMatch(dim -> dim != 1)) {
            throw new FormatException(file, name + ": expected an I64 scalar (BatchNorm's step counter), got shape "
                    + shapeText);
        }
        if (dims.length == 0 && !counter) {
            throw new FormatException(file, name
                    + ": shape [] is a scalar; Lamina tensors need at least one dimension");
        }
        for (long dim : dims) {
            if (dim == 0) {
                throw new FormatException(file, name + ": shape " + shapeText
                        + " has a zero-size dimension; Lamina tensors cannot be empty");
            }
        }
        long elements = 1;
        for (long dim : dims) {
            try {
                elements = Math.multiplyExact(elements, dim);
            } catch (ArithmeticException e) {
                elements = Long.MAX_VALUE;
            }
            if (elements > Integer.MAX_VALUE) {
                throw new FormatException(file, name + ": shape " + shapeText + " has more than "
                        + Integer.MAX_VALUE + " elements, more than a Lamina tensor holds");
            }
        }
        long begin = offsets[0];
        long end = offsets[1];
        String offsetText = "[" + begin + ", " + end + "]";
        if (begin < 0 || end < 0) {
            throw new FormatException(file, name + ": data_offsets " + offsetText + " cannot be negative");
        }
        if (begin > end) {
            throw new FormatException(file, name + ": data_offsets " + offsetText + " begin after they end");
        }
        if (end > bufferSize) {
            throw new FormatException(file, name + ": data_offsets " + offsetText + " run past the data, which has "
                    + bufferSize + " bytes (truncated?)");
        }
        // At most 2^31 elements of at most 8 bytes: no overflow.
        long needed = elements * itemBytes;
        if (end - begin != needed) {
            throw new FormatException(file, name + ": data_offsets " + offsetText + " hold " + (end - begin)
                    + " bytes, but " + dtype + " " + shapeText + " needs " + needed);
        }
        int[] intDims = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            intDims[i] = (int) dims[i];
        }
        return new Entry(name, dtype, counter ? null : Shape.of(intDims), begin, end);
    }

    /** A list of integers (of exactly {@code count}, unless it is negative). */
    private static long[] longs(String file, String name, String key, JsonValue v, int count) {
        String want = name + ": " + key + " must be a list of " + (count < 0 ? "" : count + " ") + "integers, got ";
        if (!(v instanceof JsonArray a) || (count >= 0 && a.size() != count)) {
            throw new FormatException(file, want + shorten(v.toJson()));
        }
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(a.get(i) instanceof JsonNumber num) || !num.isInteger()) {
                throw new FormatException(file, want + shorten(v.toJson()));
            }
            try {
                out[i] = num.longValueExact();
            } catch (ArithmeticException e) {
                throw new FormatException(file, name + ": " + key + " " + shorten(v.toJson()) + ": "
                        + shorten(num.text()) + " is too large");
            }
        }
        return out;
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    private static String offsets(Entry e) {
        return "[" + e.begin() + ", " + e.end() + "]";
    }

    /** Reads one tensor's data, checked to lie in the file; widens F16/BF16. */
    private static Tensor data(FileChannel ch, Path path, long dataStart, Entry e) {
        int count = e.shape().size();
        float[] values = new float[count];
        int itemBytes = DTYPE_BYTES.get(e.dtype());
        int perChunk = CHUNK / itemBytes;
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, (long) count * itemBytes))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < count; from += perChunk) {
            int len = Math.min(perChunk, count - from);
            chunk.clear().limit(len * itemBytes);
            FileIo.readFully(ch, chunk, dataStart + e.begin() + (long) from * itemBytes, path);
            switch (e.dtype()) {
                case "F32" -> chunk.asFloatBuffer().get(values, from, len);
                case "F16" -> {
                    for (int i = 0; i < len; i++) {
                        values[from + i] = HalfFloats.f16(chunk.getShort());
                    }
                }
                case "BF16" -> {
                    for (int i = 0; i < len; i++) {
                        values[from + i] = HalfFloats.bf16(chunk.getShort());
                    }
                }
                default -> throw new IllegalStateException("no reader for " + e.dtype());
            }
        }
        return Tensor.adopt(e.shape(), values);
    }
}
