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
        FloatBuffer src = ws.bufs[in];
        FloatBuffer dst = ws.bufs[out];
        float[] a = lane.input;
        int total = Math.multiplyExact(last, size);
        for (int from = first * size; from < total; from += a.length) {
            int len = Math.min(a.length, total - from);
            src.get(from, a, 0, len);
            op.apply(a, 0, len);
            dst.put(from, a, 0, len);
        }
    }
}
