package dev.lamina.backend.cpu;

import dev.lamina.api.MaxPool2d;
import dev.lamina.spi.Node;

/**
 * {@code nn.MaxPool2d} with {@code ceil_mode=False}: padding acts as −∞ (it is simply skipped; the layer
 * guarantees padding of at most half the kernel, so every window holds at least one input), and a NaN
 * anywhere in a window makes the result NaN, as PyTorch's {@code val > max || isnan(val)} does.
 */
final class MaxPoolKernel extends PoolKernel {

    MaxPoolKernel(Node node) {
        this((MaxPool2d) node.layer(), node);
    }

    private MaxPoolKernel(MaxPool2d pool, Node node) {
        super(node, pool.kernel(), pool.stride(), pool.padding());
    }

    @Override
    float window(float[] input, int base, int width, int h0, int h1, int w0, int w1) {
        float max = Float.NEGATIVE_INFINITY;
        for (int ih = h0; ih < h1; ih++) {
            int row = base + ih * width;
            for (int iw = w0; iw < w1; iw++) {
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
