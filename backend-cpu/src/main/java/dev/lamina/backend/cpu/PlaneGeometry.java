package dev.lamina.backend.cpu;

import dev.lamina.api.Shape;
import dev.lamina.spi.Node;

/**
 * The plane sizes of a one-input 2-D layer (pools, zero padding), worked out once per kernel:
 * {@code planes} channels of {@code height × width} in, of {@code outH × outW} out, and the per-sample
 * sizes its buffers are checked against.
 */
final class PlaneGeometry {
    private final String name;
    final int planes;
    final int height;
    final int width;
    final int outH;
    final int outW;
    final int outSize;
    private final int[] inSizes;

    PlaneGeometry(Node node) {
        Shape in = node.inputShape();
        Shape out = node.outputShape();
        name = node.name();
        planes = in.dim(0);
        height = in.dim(1);
        width = in.dim(2);
        outH = out.dim(1);
        outW = out.dim(2);
        outSize = out.size();
        inSizes = new int[] {in.size()};
    }

    /** Fails unless the buffers hold {@code batch} samples. */
    void check(int batch, float[][] inputs, float[] output) {
        NodeParams.checkBuffers(name, batch, inputs, inSizes, output, outSize);
    }
}
