package dev.lamina.backend.blas;

import org.bytedeco.javacpp.FloatPointer;

/**
 * A reusable view of another native buffer, re-aimed at a buffer and offset without allocating (a
 * {@code new FloatPointer(p)} per GEMM call is a heap object per call). Owns no memory: it is never freed,
 * and it is valid only while the buffer it views is. Each lane holds its own, so concurrent parts never share
 * a view's position.
 */
final class PointerView extends FloatPointer {
    /** Aims this view at {@code base}'s memory, its position at {@code offset} floats; returns this view. */
    PointerView of(FloatPointer base, long offset) {
        address = base.address();
        capacity = base.capacity();
        limit = base.limit();
        position = offset;
        return this;
    }
}
