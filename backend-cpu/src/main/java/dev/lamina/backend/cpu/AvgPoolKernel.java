package dev.lamina.backend.cpu;

import dev.lamina.api.AdaptiveAvgPool2d;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.Shape;
import dev.lamina.spi.Node;

/**
 * {@code nn.AvgPool2d} (any padding, ceil_mode, count_include_pad) and {@code nn.AdaptiveAvgPool2d}. Padded
 * positions add zero; the divisor of each window is PyTorch's and is worked out once: with
 * count_include_pad the window's span clipped to the padded input, without it (and for adaptive windows)
 * the number of input values it reads. Sums in float, row by row, then divides, as PyTorch's CPU kernel does.
 */
final class AvgPoolKernel extends PoolKernel {
    /** The divisor of window (oh, ow) at {@code oh·outW + ow}. */
    private final float[] divisor;
    private final int outW;

    private AvgPoolKernel(Node node, PoolAxis rows, PoolAxis cols, boolean countPadding) {
        super(node, rows, cols);
        int outH = node.outputShape().dim(1);
        outW = node.outputShape().dim(2);
        divisor = new float[outH * outW];
        for (int oh = 0; oh < outH; oh++) {
            for (int ow = 0; ow < outW; ow++) {
                divisor[oh * outW + ow] = countPadding ? (float) rows.span(oh) * cols.span(ow)
                        : (float) rows.count(oh) * cols.count(ow);
            }
        }
    }

    static AvgPoolKernel pool(Node node) {
        AvgPool2d p = (AvgPool2d) node.layer();
        Shape in = node.inputShape();
        Shape out = node.outputShape();
        return new AvgPoolKernel(node,
                PoolAxis.strided(out.dim(1), in.dim(1), p.kernel().h(), p.stride().h(), p.padding().top(),
                        p.padding().bottom(), 1),
                PoolAxis.strided(out.dim(2), in.dim(2), p.kernel().w(), p.stride().w(), p.padding().left(),
                        p.padding().right(), 1),
                p.countIncludePad());
    }

    static AvgPoolKernel adaptive(Node node) {
        AdaptiveAvgPool2d p = (AdaptiveAvgPool2d) node.layer();
        Shape in = node.inputShape();
        return new AvgPoolKernel(node, PoolAxis.adaptive(p.output().h(), in.dim(1)),
                PoolAxis.adaptive(p.output().w(), in.dim(2)), false);
    }

    @Override
    float window(float[] input, int base, int width, int oh, int ow) {
        int h0 = rows.start(oh);
        int h1 = rows.end(oh);
        int w0 = cols.start(ow);
        int w1 = cols.end(ow);
        float sum = 0f;
        for (int ih = h0; ih < h1; ih++) {
            int row = base + ih * width;
            for (int iw = w0; iw < w1; iw++) {
                sum += input[row + iw];
            }
        }
        return sum / divisor[oh * outW + ow];
    }
}
