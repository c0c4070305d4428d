package dev.lamina.backend.cpu;

import dev.lamina.api.AvgPool2d;
import dev.lamina.spi.Node;

/**
 * {@code nn.AvgPool2d} with {@code ceil_mode=False, count_include_pad=True}: padded positions add zero but
 * still count, so every window divides by kh·kw (with ceil_mode off no window reaches past the padding).
 * Sums in float, row by row, then divides, as PyTorch's CPU kernel does.
 */
final class AvgPoolKernel extends PoolKernel {
    private final float divisor;

    AvgPoolKernel(Node node) {
        this(node, (AvgPool2d) node.layer());
    }

    private AvgPoolKernel(Node node, AvgPool2d pool) {
        super(node, pool.kernel(), pool.stride(), pool.padding());
        divisor = (float) pool.kernel().h() * pool.kernel().w();
    }

    @Override
    float window(float[] input, int base, int width, int h0, int h1, int w0, int w1) {
        float sum = 0f;
        for (int ih = h0; ih < h1; ih++) {
            int row = base + ih * width;
            for (int iw = w0; iw < w1; iw++) {
                sum += input[row + iw];
            }
        }
        return sum / divisor;
    }
}
