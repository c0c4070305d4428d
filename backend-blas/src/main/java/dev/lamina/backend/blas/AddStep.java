package dev.lamina.backend.blas;

import java.nio.FloatBuffer;

/** Element-wise sum of two or more inputs of one shape. */
final class AddStep extends Step {
    private final int size;
    private final int[] ins;
    private final int out;

    AddStep(String name, int size, int[] ins, int out) {
        super(name);
        this.size = size;
        this.ins = ins;
        this.out = out;
    }

    @Override
    void run(Workspace ws, Workspace.Lane lane, int first, int last, int threads) {
        float[] acc = lane.input;
        float[] tmp = lane.work;
        int len0 = Math.min(acc.length, tmp.length);
        int total = Math.multiplyExact(last, size);
        FloatBuffer dst = ws.bufs[out];
        for (int from = first * size; from < total; from += len0) {
            int len = Math.min(len0, total - from);
            ws.bufs[ins[0]].get(from, acc, 0, len);
            for (int j = 1; j < ins.length; j++) {
                ws.bufs[ins[j]].get(from, tmp, 0, len);
                for (int i = 0; i < len; i++) {
                    acc[i] += tmp[i];
                }
            }
            dst.put(from, acc, 0, len);
        }
    }
}
