package dev.lamina.backend.cpu;

import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

/**
 * What the pools share (max, average and their adaptive forms): the window geometry per axis
 * ({@link PoolAxis}), worked out once per kernel, and the walk over planes and output positions. Each pool
 * only says how it reduces one clipped window; the call per output element is bimorphic at most, which the
 * JIT inlines.
 */
abstract class PoolKernel implements Kernel {
    private final PlaneGeometry g;
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
        float[] input = inputs[0];
        int width = g.width;
        int outH = g.outH;
        int outW = g.outW;
        int inPlane = g.height * width;
        int outPlane = outH * outW;
        for (int p = 0; p < batch * g.planes; p++) {
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
