package dev.lamina.backend.blas;

import org.bytedeco.javacpp.FloatPointer;

import java.nio.FloatBuffer;

/**
 * dense as one {@code cblas_sgemm} over the batch: {@code out[N, units] = in[N, F] × Wᵀ + b}, with Wᵀ stored
 * [F, units] at compile time (OpenBLAS's small-matrix path is up to twice as fast untransposed), the bias
 * pre-filled into the output and accumulated with β = 1; a single sample as one {@code cblas_sgemv} (reads the
 * weights once, where the GEMM packs them first). Tiny layers run in Java.
 */
final class DenseStep extends Step {
    static final long DIRECT_MACS = 4096;

    private final int features;
    private final int units;
    /** Kept on the heap only for layers small enough for the Java path. */
    private final float[] weightHeap;
    /** Wᵀ, [features, units], native. */
    private final FloatPointer weight;
    private final float[] bias;
    private final int in;
    private final int out;

    DenseStep(String name, int features, int units, float[] weightHeap, FloatPointer weight, float[] bias,
              int in, int out) {
        super(name);
        if (weightHeap.length != (long) features * units) {
            throw new IllegalArgumentException(name + ": weight has " + weightHeap.length + " values, expected "
                    + (long) units * features);
        }
        if (bias != null && bias.length != units) {
            throw new IllegalArgumentException(name + ": bias has " + bias.length + " values, expected " + units);
        }
        this.features = features;
        this.units = units;
        this.weightHeap = (long) features * units <= DIRECT_MACS ? weightHeap : null;
        this.weight = weight;
        this.bias = bias;
        this.in = in;
        this.out = out;
    }

    @Override
    void scratchNeeds(Scratch.Needs needs) {
        if (weightHeap != null) {
            needs.input(features).work(units);
        }
    }

    /** Work below which splitting the columns across threads costs more than it saves. */
    static final long PARALLEL_MACS = 1 << 18;

    @Override
    void run(Workspace ws, Workspace.Lane lane, int first, int last, int threads) {
        FloatBuffer src = ws.bufs[in];
        FloatBuffer dst = ws.bufs[out];
        int rows = last - first;
        if ((long) last * features > src.capacity() || (long) last * units > dst.capacity() || rows <= 0) {
            throw new IllegalStateException(name + ": buffers too small for samples " + first + "…" + last
                    + " (internal error)");
        }
        long macs = (long) rows * features * units;
        if (weightHeap != null && macs <= DIRECT_MACS) {
            float[] x = lane.input;
            float[] y = lane.work;
            for (int n = first; n < last; n++) {
                src.get(n * features, x, 0, features);
                for (int u = 0; u < units; u++) {
                    float s = 0f;
                    int base = u * features;
                    for (int f = 0; f < features; f++) {
                        s += weightHeap[base + f] * x[f];
                    }
                    y[u] = bias == null ? s : s + bias[u];
                }
                dst.put(n * units, y, 0, units);
            }
            return;
        }
        if (bias != null) {
            for (int n = first; n < last; n++) {
                dst.put(n * units, bias, 0, units);
            }
        }
        // when the plan runs the whole batch on one thread, split the output columns (units) in blocks of 16
        int parts = macs < PARALLEL_MACS ? 1 : Math.max(1, Math.min(threads, units / 16));
        if (parts == 1) {
            columns(ws, lane, first, rows, 0, 1); // no hand-off, no lambda: nothing allocated
            return;
        }
        Workers.forEach(threads, parts, byColumns, Workers.split().of(this, ws, lane, 0, parts, threads)
                .range(first, first + rows));
    }

    /** Part p of the output columns for samples first … last−1. */
    private final Workers.Task byColumns = this::byColumnsPart;

    private void byColumnsPart(Workers.Split c, int p, int slot) {
        columns(c.ws, c.laneOf(slot), c.first, c.last - c.first, p, c.parts);
    }

    /**
     * Part {@code p} of {@code parts} of the output columns (units), on {@code l}, the lane of the thread running
     * it, whose own pointer views keep the shared buffers' positions unmoved and allocate nothing.
     */
    private void columns(Workspace ws, Workspace.Lane l, int first, int rows, int p, int parts) {
        int u0 = (int) ((long) units * p / parts) & ~15;
        int u1 = p == parts - 1 ? units : (int) ((long) units * (p + 1) / parts) & ~15;
        if (u1 <= u0) {
            return;
        }
        if (rows == 1) {
            Gemm.tv(features, u1 - u0, l.viewB.of(weight, 0), u0, units, l.viewA.of(ws.slots[in], 0),
                    (long) first * features, bias == null ? 0f : 1f, l.viewC.of(ws.slots[out], 0), (long) first * units + u0);
            return;
        }
        Gemm.nn(rows, u1 - u0, features, l.viewA.of(ws.slots[in], 0), (long) first * features, features,
                l.viewB.of(weight, 0), u0, units, bias == null ? 0f : 1f, l.viewC.of(ws.slots[out], 0),
                (long) first * units + u0, units);
    }
}
