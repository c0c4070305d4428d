package dev.lamina.backend.cpu;

import dev.lamina.api.Hardtanh;
import dev.lamina.spi.Node;

/**
 * {@code nn.Hardtanh} / ReLU6 / ONNX Clip, in float: {@code v < min ? min : v > max ? max : v}. NaN fails both
 * tests and stays NaN; −0 stays −0 (as PyTorch's clamp).
 */
final class HardtanhKernel extends ElementwiseKernel {
    private final float min;
    private final float max;

    HardtanhKernel(Node node) {
        super(node);
        Hardtanh h = (Hardtanh) node.layer();
        min = h.min();
        max = h.max();
    }

    @Override
    public void apply(float[] x, int xOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            float v = x[xOff + i];
            out[outOff + i] = v < min ? min : v > max ? max : v;
        }
    }
}
