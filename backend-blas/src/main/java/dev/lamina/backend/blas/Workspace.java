package dev.lamina.backend.blas;

import org.bytedeco.javacpp.FloatPointer;

import java.nio.FloatBuffer;

/**
 * The buffers of one call in flight: one native buffer per value (activations), native scratch for im2col
 * and GEMM results, and small heap arrays for the Java passes. Owned by a plan, used by one call at a time,
 * reused across calls, freed by {@link #close()}.
 */
final class Workspace implements AutoCloseable {
    final int capacity;
    final FloatPointer[] slots;
    final FloatBuffer[] bufs;
    final FloatPointer scratchB;
    final FloatBuffer bBuf;
    final FloatPointer scratchC;
    final FloatBuffer cBuf;
    final float[] h0;
    final float[] h1;
    final float[] h2;
    /** Per conv step: images per GEMM at this capacity. */
    final int[] chunk;
    private boolean closed;

    Workspace(int capacity, BlasPlan.Layout layout) {
        this.capacity = capacity;
        int n = layout.slotSize().length;
        slots = new FloatPointer[n];
        bufs = new FloatBuffer[n];
        FloatPointer b = null;
        FloatPointer c = null;
        try {
            for (int i = 0; i < n; i++) {
                long floats = (long) capacity * layout.slotSize()[i] + BlasPlan.SLACK;
                slots[i] = allocate(floats, layout.slotName()[i], capacity);
                bufs[i] = slots[i].asBuffer();
            }
            chunk = layout.chunks(capacity);
            long bFloats = layout.scratchB(chunk) + BlasPlan.SLACK;
            long cFloats = layout.scratchC(chunk) + BlasPlan.SLACK;
            b = allocate(bFloats, "im2col scratch", capacity);
            c = allocate(cFloats, "GEMM scratch", capacity);
        } catch (RuntimeException | Error e) {
            for (FloatPointer p : slots) {
                if (p != null) {
                    p.close();
                }
            }
            if (b != null) {
                b.close();
            }
            throw e;
        }
        scratchB = b;
        scratchC = c;
        bBuf = b.asBuffer();
        cBuf = c.asBuffer();
        h0 = new float[layout.heap()[0]];
        h1 = new float[layout.heap()[1]];
        h2 = new float[layout.heap()[2]];
    }

    private static FloatPointer allocate(long floats, String what, int capacity) {
        if (floats > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(what + ": a batch of " + capacity + " needs " + floats
                    + " floats in one buffer, more than the " + (Integer.MAX_VALUE - 16)
                    + " one native buffer can hold; use a smaller batch");
        }
        FloatPointer p = new FloatPointer(floats);
        if (p.isNull()) {
            throw new OutOfMemoryError(what + ": cannot allocate " + floats * 4 + " bytes of native memory");
        }
        p.zero();
        return p;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (FloatPointer p : slots) {
            p.close();
        }
        scratchB.close();
        scratchC.close();
    }
}
