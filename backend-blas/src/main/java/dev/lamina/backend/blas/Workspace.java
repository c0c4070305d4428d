package dev.lamina.backend.blas;

import dev.lamina.api.Tensor;
import org.bytedeco.javacpp.FloatPointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The buffers of one call in flight: a native buffer per value (activations), or per group of values that are
 * never alive at once ({@link BlasPlan.Layout#groupOf}), and per worker thread a
 * {@link Lane} of native scratch (im2col, GEMM results) and small heap arrays for the Java passes. Owned by
 * a plan, used by one call at a time, reused across calls, freed by {@link #close()}.
 */
final class Workspace implements AutoCloseable {
    final int capacity;
    final FloatPointer[] slots;
    final FloatBuffer[] bufs;
    /** The same buffers as bytes in the platform's order, for the vector passes that read native memory directly. */
    final ByteBuffer[] bytes;
    final Lane[] lanes;
    /** Per conv step: images per GEMM at this capacity. */
    final int[] chunk;
    /** Whether this workspace has the aliased layout (the pool it goes back to). */
    final boolean aliased;
    /** The call running in this workspace; the plan's part task, made once per workspace, reads it. */
    final Call call = new Call();
    /** {@link BlasPlan#runInto}'s output: into the caller's buffer, re-aimed for each call. */
    final Into into = new Into();
    /** The plan's task for one part of a call in this workspace (set once, when the plan makes it). */
    Workers.Part part;
    private final List<FloatPointer> owned = new ArrayList<>();
    private boolean closed;

    /**
     * One call's arguments, set by the calling thread before it hands the parts over and cleared after, so
     * that neither the hand-off nor the part task is a new object per call.
     */
    static final class Call {
        Map<String, Tensor> inputs;
        /** The one input of a single-input graph (then {@code inputs} is null). */
        Tensor single;
        int batch;
        int parts;
        /** Threads each step may use inside (1 when the batch is split). */
        int inner;
        List<Step> steps;
        BlasPlan.Outputs outputs;

        void set(Map<String, Tensor> inputs, Tensor single, int batch,
                 int parts, int inner, List<Step> steps, BlasPlan.Outputs outputs) {
            this.inputs = inputs;
            this.single = single;
            this.batch = batch;
            this.parts = parts;
            this.inner = inner;
            this.steps = steps;
            this.outputs = outputs;
        }

        /** Drops the references to the caller's tensors and outputs. */
        void clear() {
            set(null, null, 0, 0, 0, null, null);
        }
    }

    /** Copies value {@code slot} of each part's samples into the caller's buffer, or array, from {@code base} on. */
    static final class Into implements BlasPlan.Outputs {
        private FloatBuffer buffer;
        private float[] array;
        private int base;
        private int size;
        private int slot;

        /** {@code buffer}, or when it is null {@code array}. */
        void aim(FloatBuffer buffer, float[] array, int base, int size, int slot) {
            this.buffer = buffer;
            this.array = array;
            this.base = base;
            this.size = size;
            this.slot = slot;
        }

        @Override
        public void copy(Workspace w, int from, int to) {
            if (buffer != null) {
                buffer.put(base + from * size, w.bufs[slot], from * size, (to - from) * size);
            } else {
                w.bufs[slot].get(from * size, array, base + from * size, (to - from) * size);
            }
        }
    }

    /** What one worker thread uses while it runs its part of a step. */
    static final class Lane {
        final FloatPointer scratchB;
        final FloatBuffer bBuf;
        final FloatPointer scratchC;
        final FloatBuffer cBuf;
        /** The heap arrays, sized by {@link Scratch} (see there for what each is for). */
        final float[] input;
        final float[] work;
        final float[] result;
        /** Winograd and parity working rows (empty when the plan has neither). */
        final float[][] rows;
        final float[] stage;
        final float[] outStage;
        final float[] product;
        final float[] pool;
        /** Views a step re-aims at shared buffers for a native call (the shared buffers' positions never move). */
        final PointerView viewA = new PointerView();
        final PointerView viewB = new PointerView();
        final PointerView viewC = new PointerView();
        /** Set by a split step's part that met NaN or ±Inf where its lowering cannot take them (per call). */
        boolean nonFinite;

        Lane(FloatPointer b, FloatPointer c, Scratch sizes) {
            scratchB = b;
            bBuf = b.asBuffer();
            scratchC = c;
            cBuf = c.asBuffer();
            input = new float[sizes.input()];
            work = new float[sizes.work()];
            result = new float[sizes.result()];
            rows = new float[sizes.rows() == 0 ? 0 : WinogradLowering.ROWS][sizes.rows()];
            stage = new float[sizes.stage()];
            outStage = new float[sizes.outStage()];
            product = new float[sizes.product()];
            pool = new float[sizes.pool()];
        }
    }

    Workspace(int capacity, int threads, BlasPlan.Layout layout, boolean aliased) {
        this.capacity = capacity;
        this.aliased = aliased;
        int n = layout.slotSize().length;
        slots = new FloatPointer[n];
        bufs = new FloatBuffer[n];
        bytes = new ByteBuffer[n];
        lanes = new Lane[threads];
        try {
            // one native buffer per group; each slot of a group views it through its own FloatBuffer
            FloatPointer[] groups = new FloatPointer[layout.groupSize().length];
            for (int i = 0; i < n; i++) {
                int g = layout.groupOf()[i];
                if (groups[g] == null) {
                    long floats = (long) capacity * layout.groupSize()[g] + BlasPlan.SLACK;
                    groups[g] = allocate(floats, layout.slotName()[i], capacity);
                }
                slots[i] = groups[g];
                bufs[i] = groups[g].asBuffer();
                bytes[i] = groups[g].asByteBuffer().order(ByteOrder.nativeOrder());
            }
            chunk = layout.chunks(capacity);
            long bFloats = layout.scratchB(chunk) + BlasPlan.SLACK;
            long cFloats = layout.scratchC(chunk) + BlasPlan.SLACK;
            for (int t = 0; t < threads; t++) {
                lanes[t] = new Lane(allocate(bFloats, "im2col scratch", capacity),
                        allocate(cFloats, "GEMM scratch", capacity), layout.scratch());
            }
        } catch (RuntimeException | Error e) {
            owned.forEach(FloatPointer::close);
            throw e;
        }
    }

    private FloatPointer allocate(long floats, String what, int capacity) {
        if (floats > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(what + ": a batch of " + capacity + " needs " + floats
                    + " floats in one buffer, more than the " + (Integer.MAX_VALUE - 16)
                    + " one native buffer can hold; use a smaller batch");
        }
        FloatPointer p = new FloatPointer(floats);
        if (p.isNull()) {
            throw new OutOfMemoryError(what + ": cannot allocate " + floats * 4 + " bytes of native memory");
        }
        owned.add(p);
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
        owned.forEach(FloatPointer::close);
    }
}
