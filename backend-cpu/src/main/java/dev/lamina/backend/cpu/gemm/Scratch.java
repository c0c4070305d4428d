package dev.lamina.backend.cpu.gemm;

/**
 * One thread's working buffers, shared by every GEMM layer that thread runs (a thread runs one task at a
 * time, and a task never starts another): the right operand of a tile ({@link #b}) and the tile's result
 * ({@link #c}). Each grows to the largest size asked for and is then reused, so a steady stream of calls
 * allocates nothing, and the buffers stay warm in the thread's cache from one layer to the next. Contents
 * are garbage between tasks: a task writes what it reads.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> MINE = ThreadLocal.withInitial(Scratch::new);

    private float[] b = new float[0];
    private float[] c = new float[0];
    private float[] w = new float[0];

    private Scratch() {
    }

    /** This thread's scratch. */
    static Scratch get() {
        return MINE.get();
    }

    /** At least {@code floats} values for a tile's right operand. */
    float[] b(int floats) {
        if (b.length < floats) {
            b = new float[floats];
        }
        return b;
    }

    /** At least {@code floats} values of further working space (Winograd's parity rows and conv rows). */
    float[] w(int floats) {
        if (w.length < floats) {
            w = new float[floats];
        }
        return w;
    }

    /** At least {@code floats} values for a tile's result. */
    float[] c(int floats) {
        if (c.length < floats) {
            c = new float[floats];
        }
        return c;
    }
}
