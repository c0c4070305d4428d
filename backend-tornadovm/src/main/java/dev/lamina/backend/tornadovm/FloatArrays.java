package dev.lamina.backend.tornadovm;

import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Bulk copies between Java arrays and {@link FloatArray}s (whose elements are a memory segment). */
final class FloatArrays {
    private FloatArrays() {
    }

    /** A FloatArray holding a copy of {@code values}. */
    static FloatArray of(float[] values) {
        FloatArray a = new FloatArray(values.length);
        copy(values, a);
        return a;
    }

    /** Copies {@code src} into the start of {@code dst}. */
    static void copy(float[] src, FloatArray dst) {
        MemorySegment.copy(src, 0, dst.getSegment(), ValueLayout.JAVA_FLOAT, 0, src.length);
    }

    /** Copies the first {@code dst.length} values of {@code src} into {@code dst}. */
    static void copy(FloatArray src, float[] dst) {
        MemorySegment.copy(src.getSegment(), ValueLayout.JAVA_FLOAT, 0, dst, 0, dst.length);
    }
}
