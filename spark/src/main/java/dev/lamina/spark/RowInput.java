package dev.lamina.spark;

import dev.lamina.api.Tensor;
import dev.lamina.core.io.FormatException;
import dev.lamina.core.io.Npy;
import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.util.List;

/**
 * Reads one row's input into a batch: an {@code array<float>} of C·H·W values, or the bytes of a
 * {@code .npy}. Returns what is wrong with a malformed row instead of throwing, so that the policy
 * ({@link OnMalformed}) decides; values are copied as they are, bit for bit.
 *
 * @param column     the input column's index in the row, {@code name} its name
 * @param exactShape whether a {@code .npy} must have the model's shape, not only its number of values
 */
record RowInput(Kind kind, int column, String name, Geometry geometry, boolean exactShape) implements Serializable {
    /** How the input column holds a sample. */
    enum Kind {
        /** {@code array<float>}: the C·H·W values in C, H, W order. */
        FLOATS,
        /** {@code binary}: a {@code .npy} file's bytes, float32 or float64, C order. */
        NPY
    }

    /**
     * Copies the row's sample to {@code dst[offset..]}.
     *
     * @return null when the row is fine, else what is wrong with it
     */
    String read(Row row, float[] dst, int offset) {
        if (row.isNullAt(column)) {
            return "the input is null";
        }
        if (kind == Kind.NPY) {
            return npy((byte[]) row.get(column), dst, offset);
        }
        // A row Spark built holds a Scala ArraySeq (of boxed Floats, as Spark 4.2's Row encoder makes it);
        // one passed on from a map in the same stage may hold what that map put there: a float[] or a List.
        Object v = row.get(column);
        if (v instanceof scala.collection.mutable.ArraySeq.ofRef<?> boxed) {
            return floats(java.util.Arrays.asList(boxed.array()), dst, offset);
        }
        float[] a = v instanceof float[] f ? f
                : v instanceof scala.collection.mutable.ArraySeq.ofFloat m ? m.array()
                : v instanceof scala.collection.immutable.ArraySeq.ofFloat i ? i.unsafeArray() : null;
        if (a != null) {
            if (a.length != geometry.inputSize()) {
                return wrongCount(a.length);
            }
            System.arraycopy(a, 0, dst, offset, a.length);
            return finite(dst, offset, a.length);
        }
        return floats(v instanceof List<?> l ? l : row.getList(column), dst, offset);
    }

    private String wrongCount(int got) {
        return "expected " + geometry.inputSize() + " values (input " + geometry.inputText() + "), got " + got;
    }

    private static String finite(float[] values, int offset, int length) {
        for (int i = 0; i < length; i++) {
            String bad = notFinite(values[offset + i], i);
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    private String floats(List<?> values, float[] dst, int offset) {
        if (values.size() != geometry.inputSize()) {
            return wrongCount(values.size());
        }
        int i = 0;
        for (Object v : values) {
            if (v == null) {
                return "value " + i + " is null";
            }
            dst[offset + i++] = (Float) v;
        }
        return finite(dst, offset, values.size());
    }

    private String npy(byte[] bytes, float[] dst, int offset) {
        Tensor t;
        try {
            t = Npy.read(bytes, "the .npy");
        } catch (FormatException e) {
            return e.getMessage();
        }
        int[] dims = t.shape().dims();
        if (exactShape && !geometry.input().equals(asList(dims, 0)) && !(dims.length == geometry.input().size() + 1
                && dims[0] == 1 && geometry.input().equals(asList(dims, 1)))) {
            return "expected a .npy of shape " + geometry.inputText() + " (or [1, …]), got " + t.shape();
        }
        if (t.size() != geometry.inputSize()) {
            return "expected a .npy of " + geometry.inputSize() + " values (input " + geometry.inputText()
                    + "), got " + t.shape();
        }
        t.copyTo(dst, offset);
        return finite(dst, offset, t.size());
    }

    private static List<Integer> asList(int[] dims, int from) {
        return java.util.Arrays.stream(dims, from, dims.length).boxed().toList();
    }

    /** NaN and ±infinity are not pixel values: the row is malformed, rather than scored into a NaN output. */
    private static String notFinite(float v, int index) {
        return Float.isFinite(v) ? null : "value " + index + " is " + v;
    }
}
