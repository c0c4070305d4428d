package dev.lamina.backend.cpu;

import dev.lamina.backend.cpu.gemm.MicroKernel;
import dev.lamina.backend.cpu.gemm.MicroKernels;
import dev.lamina.spi.Node;

/** Element-wise max(0, x). NaN stays NaN ({@code NaN <= 0} is false) and −0 becomes +0. */
final class ReluKernel extends ElementwiseKernel {
    private static final MicroKernel KERNEL = MicroKernels.get();

    ReluKernel(Node node) {
        super(node);
    }

    @Override
    public void apply(float[] x, int xOff, float[] out, int outOff, int len) {
        // Math.max(v, +0) is exactly that (NaN stays NaN, max(−0, +0) is +0) and has no branch, where
        // "v <= 0 ? 0 : v" cost a mispredicted branch per random sign; on the path's vector max, since C2 leaves
        // the loop scalar when x and out are read at different offsets (a conv's epilogue writing its output)
        KERNEL.maxWith(x, xOff, out, outOff, len, 0f);
    }
}
