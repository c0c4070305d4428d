package dev.lamina.onnx;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;

import java.util.Arrays;

/**
 * A value known while importing: an initializer, a {@code Constant} node's value, or a folded shape
 * computation. Holds either floats (every ONNX floating type, widened or rounded to float32) or integers
 * (every ONNX integer type and bool, as long). {@code dims} are ONNX's, batch axis included where there is
 * one; an empty {@code dims} is a scalar. In integer data, {@link #BATCH} stands for the batch size, which
 * is not known until the model runs.
 */
record ConstTensor(long[] dims, float[] floats, long[] ints) {
    /** The batch size in a folded shape: known only at run time. */
    static final long BATCH = Long.MIN_VALUE;

    ConstTensor {
        dims = dims.clone();
        if ((floats == null) == (ints == null)) {
            throw new IllegalArgumentException("a constant holds floats or integers");
        }
        long n = elementCount(dims);
        int have = floats != null ? floats.length : ints.length;
        if (n != have) {
            throw new IllegalArgumentException("dims " + Arrays.toString(dims) + " hold " + n + " values, got " + have);
        }
    }

    /** The element count of {@code dims}, exact; fails above {@link Integer#MAX_VALUE}. */
    static long elementCount(long[] dims) {
        long n = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension " + d + " in " + Arrays.toString(dims));
            }
            n = Math.multiplyExact(n, d);
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("dims " + Arrays.toString(dims) + " hold more than "
                        + Integer.MAX_VALUE + " values");
            }
        }
        return n;
    }

    static ConstTensor ofFloats(long[] dims, float[] values) {
        return new ConstTensor(dims, values, null);
    }

    static ConstTensor ofInts(long[] dims, long[] values) {
        return new ConstTensor(dims, null, values);
    }

    static ConstTensor scalar(long value) {
        return ofInts(new long[0], new long[] {value});
    }

    static ConstTensor vector(long... values) {
        return ofInts(new long[] {values.length}, values);
    }

    boolean isFloat() {
        return floats != null;
    }

    int size() {
        return isFloat() ? floats.length : ints.length;
    }

    int rank() {
        return dims.length;
    }

    /** Element {@code i} as a double (integers converted exactly up to 2^53). */
    double number(int i) {
        return isFloat() ? floats[i] : (double) ints[i];
    }

    /** The integer values; floats are refused (a shape or an index must be an integer). */
    long[] longs(String what) {
        if (isFloat()) {
            throw new IllegalArgumentException(what + " must be an integer tensor, got floats");
        }
        return ints.clone();
    }

    /** The values as floats; integers are converted. */
    float[] toFloats() {
        if (isFloat()) {
            return floats.clone();
        }
        float[] f = new float[ints.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = ints[i];
        }
        return f;
    }

    /** The same values with other dims of the same element count. */
    ConstTensor withDims(long[] newDims) {
        return new ConstTensor(newDims, floats, ints);
    }

    /** A Lamina tensor of {@code shape} holding these values (the element counts must agree). */
    Tensor toTensor(Shape shape) {
        return Tensor.of(shape, toFloats());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConstTensor c && Arrays.equals(dims, c.dims) && Arrays.equals(floats, c.floats)
                && Arrays.equals(ints, c.ints);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + Arrays.hashCode(floats) + Arrays.hashCode(ints);
    }

    @Override
    public String toString() {
        String values = isFloat() ? Arrays.toString(Arrays.copyOf(floats, Math.min(8, floats.length)))
                : Arrays.toString(Arrays.copyOf(ints, Math.min(8, ints.length)));
        return "constant " + Arrays.toString(dims) + (size() > 8 ? " starting " : " ") + values;
    }
}
