package dev.lamina.backend.blas;

import dev.lamina.api.Shape;

import java.nio.FloatBuffer;

/** Softmax over the first per-sample axis, the maximum subtracted first. */
final class SoftmaxStep extends Step {
    private final int channels;
    private final int inner;
    private final int in;
    private final int out;

    SoftmaxStep(String name, Shape shape, int in, int out) {
        super(name);
        channels = shape.dim(0);
        inner = shape.size() / channels;
        this.in = in;
        this.out = out;
    }

    @Override
    void scratchNeeds(Scratch.Needs needs) {
        needs.input((long) channels * inner).work((long) channels * inner);
    }

    @Override
    void run(Workspace ws, Workspace.Lane lane, int first, int last, int threads) {
        FloatBuffer src = ws.bufs[in];
        FloatBuffer dst = ws.bufs[out];
        float[] x = lane.input;
        float[] y = lane.work;
        int size = channels * inner;
        for (int n = first; n < last; n++) {
            src.get(n * size, x, 0, size);
            for (int i = 0; i < inner; i++) {
                float m = Float.NEGATIVE_INFINITY;
                for (int c = 0; c < channels; c++) {
                    m = Math.max(m, x[c * inner + i]);
                }
                double sum = 0;
                for (int c = 0; c < channels; c++) {
                    double e = Math.exp((double) x[c * inner + i] - m);
                    y[c * inner + i] = (float) e;
                    sum += e;
                }
                for (int c = 0; c < channels; c++) {
                    y[c * inner + i] = (float) (y[c * inner + i] / sum);
                }
            }
            dst.put(n * size, y, 0, size);
        }
    }
}
