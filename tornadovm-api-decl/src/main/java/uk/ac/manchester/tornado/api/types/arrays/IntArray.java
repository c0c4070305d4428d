package uk.ac.manchester.tornado.api.types.arrays;

/**
 * Declaration of TornadoVM's {@code IntArray} (tornado-api 5.2.0-jdk25), backed by a heap {@code int[]} so
 * that kernels can be tested as plain Java (the real one holds off-heap memory). See
 * backend-tornadovm/README.md.
 */
public final class IntArray {
    private final int[] data;

    public IntArray(int numberOfElements) {
        data = new int[numberOfElements];
    }

    public int get(int index) {
        return data[index];
    }

    public void set(int index, int value) {
        data[index] = value;
    }

    public int getSize() {
        return data.length;
    }

    public int[] toHeapArray() {
        return data.clone();
    }
}
