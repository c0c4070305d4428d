package dev.lamina.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * A float32 tensor, row-major (NCHW for images). Immutable to its users: data goes in and comes out only
 * as copies, so a tensor can be shared between threads freely.
 */
public final class Tensor {
    private final Shape shape;
    private final float[] data;

    private Tensor(Shape shape, float[] data) {
        this.shape = Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        if (data.length != shape.size()) {
            throw new IllegalArgumentException(
                    "shape " + shape + " holds " + shape.size() + " values, got " + data.length);
        }
        this.data = data;
    }

    /** A tensor holding a copy of {@code data}. */
    public static Tensor of(Shape shape, float[] data) {
        return new Tensor(shape, data.clone());
    }

    /** A tensor of zeros. */
    public static Tensor zeros(Shape shape) {
        return new Tensor(shape, new float[shape.size()]);
    }

    /**
     * For backends: wraps {@code data} without copying. The caller hands the array over and must never
     * touch it again; this is what keeps results free of a second copy.
     */
    public static Tensor adopt(Shape shape, float[] data) {
        return new Tensor(shape, data);
    }

    public Shape shape() {
        return shape;
    }

    public int size() {
        return data.length;
    }

    /** A copy of the values, row-major. */
    public float[] toArray() {
        return data.clone();
    }

    /** Copies all values into {@code dst} starting at {@code offset}. */
    public void copyTo(float[] dst, int offset) {
        System.arraycopy(data, 0, dst, offset, data.length);
    }

    /** Copies {@code length} values starting at {@code from} into {@code dst} at {@code offset}. */
    public void copyTo(int from, float[] dst, int offset, int length) {
        System.arraycopy(data, from, dst, offset, length);
    }

    /** The value at a flat row-major index. */
    public float at(int flatIndex) {
        return data[flatIndex];
    }

    /** The value at a full index, one coordinate per dimension. */
    public float get(int... index) {
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " does not fit shape " + shape);
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape.dim(i)) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is outside " + shape);
            }
            flat = flat * shape.dim(i) + index[i];
        }
        return data[flat];
    }

    /** The same values under another shape of the same size. */
    public Tensor reshape(Shape newShape) {
        if (newShape.size() != shape.size()) {
            throw new IllegalArgumentException("cannot reshape " + shape + " to " + newShape);
        }
        return new Tensor(newShape, data);
    }

    /** Exact equality of shape and every bit of every value. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && shape.equals(t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        int shown = Math.min(data.length, 8);
        StringBuilder sb = new StringBuilder("Tensor").append(shape).append(" [");
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(data[i]);
        }
        return sb.append(data.length > shown ? ", ...]" : "]").toString();
    }
}
