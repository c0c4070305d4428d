package uk.ac.manchester.tornado.api.types.arrays;

import java.lang.foreign.MemorySegment;

/**
 * Declaration of TornadoVM's {@code FloatArray} (tornado-api 5.2.0-jdk25): a fixed-size array of floats
 * that TornadoVM moves between host and device.
 *
 * <p>Unlike most of these declarations this class works, so kernels can be tested as plain Java: it is
 * backed by a heap {@code float[]} where the real one holds off-heap memory (a {@code MemorySegment} with a
 * header). Same public members as far as backend-tornadovm uses them; {@link #getSegment()} views the
 * elements as a segment in both. See backend-tornadovm/README.md.
 */
public final class FloatArray {
    private final float[] data;

    public FloatArray(int numberOfElements) {
        data = new float[numberOfElements];
    }

    public static FloatArray fromArray(float[] values) {
        FloatArray a = new FloatArray(values.length);
        System.arraycopy(values, 0, a.data, 0, values.length);
        return a;
    }

    public float get(int index) {
        return data[index];
    }

    public void set(int index, float value) {
        data[index] = value;
    }

    public int getSize() {
        return data.length;
    }

    public void init(float value) {
        java.util.Arrays.fill(data, value);
    }

    public float[] toHeapArray() {
        return data.clone();
    }

    /** The elements, without any header, as a memory segment (native byte order, 4 bytes each). */
    public MemorySegment getSegment() {
        return MemorySegment.ofArray(data);
    }
}
