package dev.lamina.backend.cpu;

import dev.lamina.api.Dims2;
import dev.lamina.api.Padding;
import dev.lamina.api.Shape;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

/**
 * What the two pools share: the window geometry, worked out once per kernel, and the walk over planes and
 * output positions. Each pool only says how it reduces one clipped window; the call per output element is
 * bimorphic at most, which the JIT inlines.
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
    private final PoolAxis rows;
    private final PoolAxis cols;

    PoolKernel(Node node, Dims2 kernel, Dims2 stride, Padding padding) {
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
        rows = new PoolAxis(outH, height, kernel.h(), stride.h(), padding.top());
        cols = new PoolAxis(outW, width, kernel.w(), stride.w(), padding.left());
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
                int h0 = rows.start(oh);
                int h1 = rows.end(oh);
                for (int ow = 0; ow < outW; ow++, dst++) {
                    output[dst] = window(input, inBase, width, h0, h1, cols.start(ow), cols.end(ow));
                }
            }
        }
    }

    /** The pooled value of input rows {@code [h0, h1)} × columns {@code [w0, w1)} of the plane at {@code base}. */
    abstract float window(float[] input, int base, int width, int h0, int h1, int w0, int w1);
}
