package dev.lamina.backend.cpu;

import dev.lamina.backend.cpu.gemm.Workers;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

/**
 * What the pools share (max, average and their adaptive forms): the window geometry per axis
 * ({@link PoolAxis}), worked out once per kernel, and the walk over planes and output positions. Each pool
 * only says how it reduces one clipped window; the call per output element is bimorphic at most, which the
 * JIT inlines. A large call shares its planes out over the {@link Workers} (each output is computed the same
 * way on any thread).
 */
abstract class PoolKernel implements Kernel {
    /** Values per call (input or output, the larger) from which the planes are shared out over {@link Workers}. */
    private static final long PARALLEL_WORK = 1 << 16;

    private final PlaneGeometry g;
    private final Workers.Body task = this::chunk;
    final PoolAxis rows;
    final PoolAxis cols;

    PoolKernel(Node node, PoolAxis rows, PoolAxis cols) {
        g = new PlaneGeometry(node);
        this.rows = rows;
        this.cols = cols;
    }

    @Override
    public final void forward(int batch, float[][] inputs, float[] output) {
        g.check(batch, inputs, output);
        int planes = batch * g.planes;
        long work = (long) planes * Math.max(g.height * g.width, g.outH * g.outW);
        if (work < PARALLEL_WORK || planes < 2) {
            planes(inputs[0], output, 0, planes);
            return;
        }
        Workers.forEach(tasks(planes), task, inputs[0], output, planes);
    }

    /** Chunks of planes a call of {@code planes} planes is cut into: two per thread, at most one per plane. */
    private static int tasks(int planes) {
        return Math.min(planes, 2 * Workers.threads());
    }

    /** Task t of a call on {@code planes} planes: its share of them, in order. */
    private void chunk(int t, float[] input, float[] output, int planes) {
        int per = (planes + tasks(planes) - 1) / tasks(planes);
        planes(input, output, t * per, Math.min(planes, (t + 1) * per));
    }

    /** Planes {@code [from, to)} of the batch. */
    private void planes(float[] input, float[] output, int from, int to) {
        int width = g.width;
        int outH = g.outH;
        int outW = g.outW;
        int inPlane = g.height * width;
        int outPlane = outH * outW;
        for (int p = from; p < to; p++) {
            int inBase = p * inPlane;
            int dst = p * outPlane;
            for (int oh = 0; oh < outH; oh++) {
                for (int ow = 0; ow < outW; ow++, dst++) {
                    output[dst] = window(input, inBase, width, oh, ow);
                }
            }
        }
    }

    /** The pooled value of window (oh, ow) of the plane at {@code base}; {@link #rows}/{@link #cols} place it. */
    abstract float window(float[] input, int base, int width, int oh, int ow);
}
