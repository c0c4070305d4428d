package dev.lamina.backend.cpu;

import dev.lamina.api.AvgPool2d;
import dev.lamina.api.Shape;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

/**
 * {@code nn.AvgPool2d} with {@code ceil_mode=False, count_include_pad=True}: padded positions add zero but
 * still count, so every window divides by kh·kw (with ceil_mode off no window reaches past the padding).
 * Sums in float, row by row, then divides, as PyTorch's CPU kernel does.
 */
final class AvgPoolKernel implements Kernel {
    private final String name;
    private final int planes;
    private final int height;
    private final int width;
    private final int outH;
    private final int outW;
    private final int[] inSizes;
    private final int outSize;
    private final float divisor;
    private final PoolAxis rows;
    private final PoolAxis cols;

    AvgPoolKernel(Node node) {
        AvgPool2d pool = (AvgPool2d) node.layer();
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
        divisor = (float) pool.kernel().h() * pool.kernel().w();
        rows = new PoolAxis(outH, height, pool.kernel().h(), pool.stride().h(), pool.padding().h());
        cols = new PoolAxis(outW, width, pool.kernel().w(), pool.stride().w(), pool.padding().w());
    }

    @Override
    public void forward(int batch, float[][] inputs, float[] output) {
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
                    int w0 = cols.start(ow);
                    int w1 = cols.end(ow);
                    float sum = 0f;
                    for (int ih = h0; ih < h1; ih++) {
                        int row = inBase + ih * width;
                        for (int iw = w0; iw < w1; iw++) {
                            sum += input[row + iw];
                        }
                    }
                    output[dst] = sum / divisor;
                }
            }
        }
    }
}
