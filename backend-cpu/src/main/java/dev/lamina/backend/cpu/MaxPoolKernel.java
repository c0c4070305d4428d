package dev.lamina.backend.cpu;

import dev.lamina.api.AdaptiveMaxPool2d;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Shape;
import dev.lamina.spi.Node;

/**
 * {@code nn.MaxPool2d} (any padding, dilation, ceil_mode) and {@code nn.AdaptiveMaxPool2d}: padding acts as
 * −∞ (it is simply skipped; the layer guarantees padding of at most half the kernel and ceil_mode windows
 * that start inside the input, so every window holds at least one input), and a NaN anywhere in a window
 * makes the result NaN, as PyTorch's {@code val > max || isnan(val)} does.
 */
final class MaxPoolKernel extends PoolKernel {

    private MaxPoolKernel(Node node, PoolAxis rows, PoolAxis cols) {
        super(node, rows, cols);
    }

    static MaxPoolKernel pool(Node node) {
        MaxPool2d p = (MaxPool2d) node.layer();
        Shape in = node.inputShape();
        Shape out = node.outputShape();
        return new MaxPoolKernel(node,
                PoolAxis.strided(out.dim(1), in.dim(1), p.kernel().h(), p.stride().h(), p.padding().top(),
                        p.padding().bottom(), p.dilation().h()),
                PoolAxis.strided(out.dim(2), in.dim(2), p.kernel().w(), p.stride().w(), p.padding().left(),
                        p.padding().right(), p.dilation().w()));
    }

    static MaxPoolKernel adaptive(Node node) {
        AdaptiveMaxPool2d p = (AdaptiveMaxPool2d) node.layer();
        Shape in = node.inputShape();
        return new MaxPoolKernel(node, PoolAxis.adaptive(p.output().h(), in.dim(1)),
                PoolAxis.adaptive(p.output().w(), in.dim(2)));
    }

    @Override
    float window(float[] input, int base, int width, int oh, int ow) {
        int h0 = rows.start(oh);
        int h1 = rows.end(oh);
        int hs = rows.step();
        int w0 = cols.start(ow);
        int w1 = cols.end(ow);
        int ws = cols.step();
        float max = Float.NEGATIVE_INFINITY;
        for (int ih = h0; ih < h1; ih += hs) {
            int row = base + ih * width;
            for (int iw = w0; iw < w1; iw += ws) {
                float v = input[row + iw];
                // Once max is NaN no comparison is true, so NaN sticks.
                if (v > max || v != v) {
                    max = v;
                }
            }
        }
        return max;
    }
}
