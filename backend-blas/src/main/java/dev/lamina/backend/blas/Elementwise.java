package dev.lamina.backend.blas;

import java.nio.FloatBuffer;

/** An activation step: chunks of the native buffer through a heap array that stays in cache. */
final class Elementwise extends Step {
    private final Activation op;
    private final int size;
    private final int in;
    private final int out;

    Elementwise(String name, Activation op, int size, int in, int out) {
        super(name);
        this.op = op;
        this.size = size;
        this.in = in;
        this.out = out;
    }

    @Override
    void run(Workspace ws, Workspace.Lane lane, int first, int last, int threads) {
        long from = (long) first * size;
        long total = Math.multiplyExact((long) last, size);
        int chunk = lane.input.length;
        int chunks = (int) ((total - from + chunk - 1) / chunk);
        if (threads < 2 || chunks < 2 || total - from < CombineStep.SPLIT_FLOATS) {
            range(ws, lane, (int) from, (int) total);
            return;
        }
        // element-wise: any thread may take any chunk, each value computed alike
        int parts = ConvLowering.partsOf(chunks, threads);
        Workers.forEach(threads, parts, byChunks,
                Workers.split().of(this, ws, lane, 0, parts, threads).range((int) from, (int) total));
    }

    /** Part p of the values first … last−1, in whole chunks of the calling lane's array. */
    private final Workers.Task byChunks = this::byChunksPart;

    private void byChunksPart(Workers.Split c, int p, int slot) {
        int chunk = c.lane.input.length;
        int chunks = (int) (((long) c.last - c.first + chunk - 1) / chunk);
        range(c.ws, c.laneOf(slot),
                (int) Math.min(c.last, c.first + (long) ConvLowering.bound(chunks, p, c.parts) * chunk),
                (int) Math.min(c.last, c.first + (long) ConvLowering.bound(chunks, p + 1, c.parts) * chunk));
    }

    /** Values {@code from … to−1} of the buffer, in chunks of {@code lane}'s array. */
    private void range(Workspace ws, Workspace.Lane lane, int from, int to) {
        FloatBuffer src = ws.bufs[in];
        FloatBuffer dst = ws.bufs[out];
        float[] a = lane.input;
        for (int at = from; at < to; at += a.length) {
            int len = Math.min(a.length, to - at);
            src.get(at, a, 0, len);
            op.apply(a, 0, len);
            dst.put(at, a, 0, len);
        }
    }
}
