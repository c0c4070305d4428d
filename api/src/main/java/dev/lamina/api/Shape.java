package dev.lamina.api;

import java.util.Arrays;

/**
 * An immutable tensor shape: every dimension is positive and the element count fits in an {@code int}
 * (tensors are backed by Java arrays), checked with {@link Math#multiplyExact(int, int)}.
 * Prints as {@code [1, 3, 4, 5]}.
 */
public final class Shape {
    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        if (dims.length == 0) {
            throw new IllegalArgumentException("a shape needs at least one dimension");
        }
        int n = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] <= 0) {
                throw new IllegalArgumentException(
                        "dimension " + i + " of " + Arrays.toString(dims) + " must be positive, got " + dims[i]);
            }
            try {
                n = Math.multiplyExact(n, dims[i]);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims)
                        + " has more than " + Integer.MAX_VALUE + " elements", e);
            }
        }
        this.dims = dims;
        this.size = n;
    }

    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int axis) {
        return dims[axis];
    }

    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** This shape with a leading batch dimension: {@code [n, ...this]}. */
    public Shape withBatch(int n) {
        int[] d = new int[dims.length + 1];
        d[0] = n;
        System.arraycopy(dims, 0, d, 1, dims.length);
        return new Shape(d);
    }

    /** This shape without its leading dimension; the shape must have rank of at least 2. */
    public Shape dropFirst() {
        if (dims.length < 2) {
            throw new IllegalArgumentException("cannot drop the only dimension of " + this);
        }
        return new Shape(Arrays.copyOfRange(dims, 1, dims.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
