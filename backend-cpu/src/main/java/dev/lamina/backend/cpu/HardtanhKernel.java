package dev.lamina.backend.cpu;

import dev.lamina.api.Hardtanh;
import dev.lamina.backend.cpu.gemm.MicroKernel;
import dev.lamina.backend.cpu.gemm.MicroKernels;
import dev.lamina.spi.Node;

/**
 * {@code nn.Hardtanh} / ReLU6 / ONNX Clip, in float: {@code v < min ? min : v > max ? max : v}. NaN fails both
 * tests and stays NaN; −0 stays −0 (as PyTorch's clamp). Computed by the active path's {@link MicroKernel#clamp}
 * (vectorised: the branches of the plain form cost a mispredicted branch per random sign).
 */
final class HardtanhKernel extends ElementwiseKernel {
    private final float min;
    private final float max;
    private final MicroKernel kernel = MicroKernels.get();

    HardtanhKernel(Node node) {
        super(node);
        Hardtanh h = (Hardtanh) node.layer();
        min = h.min();
        max = h.max();
    }

    @Override
    public void apply(float[] x, int xOff, float[] out, int outOff, int len) {
        kernel.clamp(x, xOff, out, outOff, len, min, max);
    }
}
