package dev.lamina.api;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A float32 tensor, row-major (NCHW for images). Immutable to its users: data goes in and comes out only
 * as copies, so a tensor can be shared between threads freely — except a tensor made by
 * {@link #wrap(Shape, FloatBuffer)}, which is a view of the caller's memory (see there).
 */
public final class Tensor {
    private final Shape shape;
    /** The values, or null when the tensor is a view of {@link #buffer}. */
    private final float[] data;
    /** The caller's memory that a wrapped tensor reads (index 0 = the first value), or null. */
    private final FloatBuffer buffer;

    private Tensor(Shape shape, float[] data) {
        this.shape = Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        if (data.length != shape.size()) {
            throw new IllegalArgumentException(
                    "shape " + shape + " holds " + shape.size() + " values, got " + data.length);
        }
        this.data = data;
        this.buffer = null;
    }

    private Tensor(Shape shape, FloatBuffer buffer) {
        this.shape = Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(buffer, "buffer");
        if (buffer.remaining() != shape.size()) {
            throw new IllegalArgumentException(
                    "shape " + shape + " holds " + shape.size() + " values, the buffer has " + buffer.remaining()
                            + " remaining");
        }
        this.data = null;
        this.buffer = buffer.slice();
    }

    /**
     * A tensor that reads the caller's memory without copying it: the {@code shape.size()} values from
     * {@code values}' position to its limit (the buffer's own position and limit are not changed later; the
     * tensor keeps a slice). Typically a direct buffer ({@code ByteBuffer.allocateDirect(4 * n)
     * .order(ByteOrder.nativeOrder()).asFloatBuffer()}) filled by a camera, a decoder or another library.
     *
     * <p>Ownership: the memory stays the caller's. The tensor reads it whenever it is used — a
     * {@code forward} call reads it while the call runs and never keeps it afterwards — so the caller may
     * refill it between calls to run the next input without allocating anything, but must not change it
     * while a call that reads it is running, nor free it while the tensor is in use. Such a tensor is not
     * immutable: {@link #equals}, {@link #toArray()} and the rest see the buffer's values at the time they
     * are called.
     */
    public static Tensor wrap(Shape shape, FloatBuffer values) {
        return new Tensor(shape, values);
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
        return shape.size();
    }

    /** True when this tensor is a view of caller memory ({@link #wrap(Shape, FloatBuffer)}). */
    public boolean isWrapped() {
        return buffer != null;
    }

    /** A copy of the values, row-major. */
    public float[] toArray() {
        if (data != null) {
            return data.clone();
        }
        float[] a = new float[shape.size()];
        buffer.get(0, a);
        return a;
    }

    /** Copies all values into {@code dst} starting at {@code offset}. */
    public void copyTo(float[] dst, int offset) {
        copyTo(0, dst, offset, shape.size());
    }

    /** Copies {@code length} values starting at {@code from} into {@code dst} at {@code offset}. */
    public void copyTo(int from, float[] dst, int offset, int length) {
        if (data != null) {
            System.arraycopy(data, from, dst, offset, length);
        } else {
            buffer.get(from, dst, offset, length);
        }
    }

    /**
     * Copies {@code length} values starting at {@code from} into {@code dst} at absolute index {@code index}
     * (the buffer's position is not used or changed): one bulk copy, so a backend can move a caller's
     * direct buffer into its own native memory without a heap array in between.
     */
    public void copyTo(int from, FloatBuffer dst, int index, int length) {
        if (data != null) {
            dst.put(index, data, from, length);
        } else {
            dst.put(index, buffer, from, length);
        }
    }

    /** The value at a flat row-major index. */
    public float at(int flatIndex) {
        return data != null ? data[flatIndex] : buffer.get(flatIndex);
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
        return at(flat);
    }

    /** The same values under another shape of the same size (a wrapped tensor stays a view of the same memory). */
    public Tensor reshape(Shape newShape) {
        if (newShape.size() != shape.size()) {
            throw new IllegalArgumentException("cannot reshape " + shape + " to " + newShape);
        }
        return data != null ? new Tensor(newShape, data) : new Tensor(newShape, buffer);
    }

    /** Exact equality of shape and every bit of every value. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && shape.equals(t.shape) && Arrays.equals(values(), t.values());
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + Arrays.hashCode(values());
    }

    /** The values themselves when held in an array, else a copy. */
    private float[] values() {
        return data != null ? data : toArray();
    }

    @Override
    public String toString() {
        int size = shape.size();
        int shown = Math.min(size, 8);
        StringBuilder sb = new StringBuilder("Tensor").append(shape).append(" [");
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(at(i));
        }
        return sb.append(size > shown ? ", ...]" : "]").toString();
    }
}
