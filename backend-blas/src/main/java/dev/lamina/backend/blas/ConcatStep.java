package dev.lamina.backend.blas;

import java.nio.FloatBuffer;

/** Concatenation along the channels: per sample, each input's block copied native to native. */
final class ConcatStep extends Step {
    private final int[] ins;
    private final int[] sizes;
    private final int outSize;
    private final int out;

    ConcatStep(String name, int[] ins, int[] sizes, int outSize, int out) {
        super(name);
        this.ins = ins;
        this.sizes = sizes;
        this.outSize = outSize;
        this.out = out;
    }

    @Override
    void run(Workspace ws, Workspace.Lane lane, int first, int last, int threads) {
        FloatBuffer dst = ws.bufs[out];
        for (int n = first; n < last; n++) {
            int offset = n * outSize;
            for (int j = 0; j < ins.length; j++) {
                dst.put(offset, ws.bufs[ins[j]], n * sizes[j], sizes[j]);
                offset += sizes[j];
            }
        }
    }
}
