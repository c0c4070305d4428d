package dev.lamina.onnx;

import com.google.protobuf.ByteString;
import dev.lamina.core.io.FormatException;
import dev.lamina.core.io.HalfFloats;
import dev.lamina.onnx.proto.OnnxIr.StringStringEntryProto;
import dev.lamina.onnx.proto.OnnxIr.TensorProto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes an ONNX {@code TensorProto} — initializer or attribute value — into a {@link ConstTensor}. Data
 * comes from {@code raw_data} (little-endian), the typed repeated fields, or an external file beside the
 * model. The element count is checked against the bytes actually there before anything is allocated, so a
 * lying header costs an error, not an OutOfMemoryError. Floating types: FLOAT, FLOAT16 and BFLOAT16 are
 * exact, DOUBLE is rounded to the nearest float. Integer types and BOOL become long.
 */
final class TensorDecoder {
    /** Types read, with their size in bytes in {@code raw_data}. */
    private enum Kind {
        FLOAT(1, 4), UINT8(2, 1), INT8(3, 1), UINT16(4, 2), INT16(5, 2), INT32(6, 4), INT64(7, 8), BOOL(9, 1),
        FLOAT16(10, 2), DOUBLE(11, 8), UINT32(12, 4), UINT64(13, 8), BFLOAT16(16, 2);

        final int code;
        final int bytes;

        Kind(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        boolean floating() {
            return this == FLOAT || this == FLOAT16 || this == DOUBLE || this == BFLOAT16;
        }

        static Kind of(int code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            return null;
        }
    }

    private static final List<String> TYPE_NAMES = List.of("UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16",
            "INT16", "INT32", "INT64", "STRING", "BOOL", "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64",
            "COMPLEX128", "BFLOAT16");

    private final String file;
    /** The model's directory, real path; external data must stay inside it. Null: no external data allowed. */
    private final Path modelDir;

    TensorDecoder(String file, Path modelDir) {
        this.file = file;
        this.modelDir = modelDir;
    }

    static String typeName(int code) {
        return code >= 0 && code < TYPE_NAMES.size() ? TYPE_NAMES.get(code) : "type " + code;
    }

    /**
     * The heap a decoded tensor takes: float32 for the floating types, a long per value for the integer ones
     * (an upper bound); 0 for a tensor {@link #decode} will refuse anyway (unknown type, dims that overflow).
     */
    static long heapBytes(TensorProto t) {
        Kind kind = Kind.of(t.getDataType());
        long[] dims = new long[t.getDimsCount()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.getDims(i);
        }
        try {
            return kind == null ? 0 : ConstTensor.elementCount(dims) * (kind.floating() ? 4 : 8);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return 0;
        }
    }

    /** Decodes {@code t}; {@code what} names it in errors, e.g. {@code initializer 'conv1.weight'}. */
    ConstTensor decode(TensorProto t, String what) {
        Kind kind = Kind.of(t.getDataType());
        if (kind == null) {
            throw error(what, "has data type " + typeName(t.getDataType())
                    + "; supported: FLOAT, FLOAT16, BFLOAT16, DOUBLE and the integer types");
        }
        long[] dims = new long[t.getDimsCount()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.getDims(i);
        }
        int n;
        try {
            n = (int) ConstTensor.elementCount(dims);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw error(what, "dims " + Arrays.toString(dims) + " cannot be held: " + e.getMessage());
        }
        ByteBuffer raw = null;
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            raw = external(t, what, (long) n * kind.bytes);
        } else if (t.hasRawData()) {
            ByteString bytes = t.getRawData();
            check(what, dims, (long) n * kind.bytes, bytes.size(), "bytes of raw_data");
            raw = bytes.asReadOnlyByteBuffer();
        }
        if (raw != null) {
            return fromRaw(kind, dims, n, raw.order(ByteOrder.LITTLE_ENDIAN));
        }
        return fromFields(t, kind, dims, n, what);
    }

    private static ConstTensor fromRaw(Kind kind, long[] dims, int n, ByteBuffer b) {
        if (kind.floating()) {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = switch (kind) {
                    case FLOAT -> b.getFloat();
                    case FLOAT16 -> HalfFloats.f16(b.getShort());
                    case BFLOAT16 -> HalfFloats.bf16(b.getShort());
                    default -> (float) b.getDouble();
                };
            }
            return ConstTensor.ofFloats(dims, f);
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (kind) {
                case INT8 -> b.get();
                case UINT8, BOOL -> b.get() & 0xff;
                case INT16 -> b.getShort();
                case UINT16 -> b.getShort() & 0xffff;
                case INT32 -> b.getInt();
                case UINT32 -> b.getInt() & 0xffffffffL;
                default -> b.getLong(); // INT64, UINT64 (values above 2^63 read negative; never a shape)
            };
        }
        return ConstTensor.ofInts(dims, v);
    }

    private ConstTensor fromFields(TensorProto t, Kind kind, long[] dims, int n, String what) {
        switch (kind) {
            case FLOAT -> {
                check(what, dims, n, t.getFloatDataCount(), "values in float_data");
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = t.getFloatData(i);
                }
                return ConstTensor.ofFloats(dims, f);
            }
            case DOUBLE -> {
                check(what, dims, n, t.getDoubleDataCount(), "values in double_data");
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = (float) t.getDoubleData(i);
                }
                return ConstTensor.ofFloats(dims, f);
            }
            case FLOAT16, BFLOAT16 -> {
                // one value per int32, in its low 16 bits
                check(what, dims, n, t.getInt32DataCount(), "values in int32_data");
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    short bits = (short) t.getInt32Data(i);
                    f[i] = kind == Kind.FLOAT16 ? HalfFloats.f16(bits) : HalfFloats.bf16(bits);
                }
                return ConstTensor.ofFloats(dims, f);
            }
            case INT64 -> {
                check(what, dims, n, t.getInt64DataCount(), "values in int64_data");
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = t.getInt64Data(i);
                }
                return ConstTensor.ofInts(dims, v);
            }
            case UINT32, UINT64 -> {
                check(what, dims, n, t.getUint64DataCount(), "values in uint64_data");
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = t.getUint64Data(i);
                }
                return ConstTensor.ofInts(dims, v);
            }
            default -> {
                check(what, dims, n, t.getInt32DataCount(), "values in int32_data");
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = t.getInt32Data(i);
                }
                return ConstTensor.ofInts(dims, v);
            }
        }
    }

    private void check(String what, long[] dims, long need, long have, String unit) {
        if (need != have) {
            throw error(what, "dims " + Arrays.toString(dims) + " need " + need + " " + unit + ", the file holds "
                    + have);
        }
    }

    /**
     * The bytes of an externally stored tensor: {@code location} relative to the model's directory (never
     * leaving it, also not through a symbolic link), {@code offset} and {@code length} checked against the
     * file's size before reading.
     */
    private ByteBuffer external(TensorProto t, String what, long need) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = parseLong(what, "offset", e.getValue());
                case "length" -> length = parseLong(what, "length", e.getValue());
                default -> {
                    // checksum and other keys are informative
                }
            }
        }
        if (location == null || location.isEmpty()) {
            throw error(what, "is stored externally but names no location");
        }
        if (modelDir == null) {
            throw error(what, "is stored externally in '" + location + "', but the model was not read from a file");
        }
        Path rel = Path.of(location);
        Path target = modelDir.resolve(rel).normalize();
        if (rel.isAbsolute() || !target.startsWith(modelDir)) {
            throw error(what, "external data location '" + location + "' leaves the model's directory " + modelDir);
        }
        try {
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target)) {
                throw error(what, "external data file '" + location + "' does not exist in " + modelDir);
            }
            Path real = target.toRealPath();
            if (!real.startsWith(modelDir)) {
                throw error(what, "external data location '" + location + "' leads out of the model's directory "
                        + modelDir + " (to " + real + ")");
            }
            try (FileChannel ch = FileChannel.open(real, StandardOpenOption.READ)) {
                long size = ch.size();
                if (length < 0) {
                    length = need;
                }
                if (need > Integer.MAX_VALUE - 8) {
                    throw error(what, "needs " + need + " bytes of external data, more than one tensor can hold");
                }
                if (length != need) {
                    throw error(what, "external data length " + length + " does not match its dims, which need "
                            + need + " bytes");
                }
                if (offset < 0 || offset > size || size - offset < length) {
                    throw error(what, "external data at offset " + offset + ", length " + length + " lies outside '"
                            + location + "' (" + size + " bytes)");
                }
                ByteBuffer buf = ByteBuffer.allocate((int) length);
                while (buf.hasRemaining()) {
                    if (ch.read(buf, offset + buf.position()) < 0) {
                        throw error(what, "external data file '" + location + "' ended early");
                    }
                }
                return buf.flip();
            }
        } catch (IOException e) {
            throw error(what, "cannot read external data '" + location + "': " + e.getMessage());
        }
    }

    private long parseLong(String what, String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw error(what, "external data " + key + " '" + value + "' is not a number");
        }
    }

    private FormatException error(String what, String problem) {
        return new FormatException(file, what + " " + problem);
    }
}
