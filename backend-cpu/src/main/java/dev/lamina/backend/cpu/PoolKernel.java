package dev.lamina.backend.cpu;

import dev.lamina.api.Shape;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

/**
 * What the pools share (max, average and their adaptive forms): the window geometry per axis
 * ({@link PoolAxis}), worked out once per kernel, and the walk over planes and output positions. Each pool
 * only says how it reduces one clipped window; the call per output element is bimorphic at most, which the
 * JIT inlines.
 */
abstract class PoolKernel implements Kernel {
    private final String name;
    private final int planes;
    private final int height;
    private final int width;
    private final int outH;
    private final int outW;
    private final int[] inSizes;
    private final int outSize;
    final PoolAxis rows;
    final PoolAxis cols;

    PoolKernel(Node node, PoolAxis rows, PoolAxis cols) {
        Shape in = node.inputShape();
        Shape out = node.outputShape();
        name = node.name();
        planes = in.dim(0);
        height = in.dim(1);
        width = in.dim(2);
        outH = out.dim(1);
        outW = out.dim(2);
        inSizes = new int[] {in.size()};
        outSize = out.size();
        this.rows = rows;
        this.cols = cols;
    }

    @Override
    public final void forward(int batch, float[][] inputs, float[] output) {
        NodeParams.checkBuffers(name, batch, inputs, inSizes, output, outSize);
        float[] input = inputs[0];
        int inPlane = height * width;
        int outPlane = outH * outW;
        for (int p = 0; p < batch * planes; p++) {
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
