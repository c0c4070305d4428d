package dev.lamina.backend.cpu;

import dev.lamina.api.Conv2d;
import dev.lamina.backend.cpu.gemm.ConvGemm;
import dev.lamina.backend.cpu.gemm.MicroKernels;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

/**
 * {@code nn.Conv2d} with groups = 1 as a blocked GEMM ({@link ConvGemm}); {@link #of(Node)} is the conv
 * entry of the backend's table and keeps the direct {@link ConvKernel} for grouped and depthwise convs and
 * for convs too small for packing to pay (the notebook's 1→3 2×2 conv: 240 multiply-adds).
 */
final class GemmConvKernel implements Kernel {
    /** Multiply-adds per sample below which the direct kernel is faster than packing for a GEMM. */
    static final long MIN_MACS = 8192;

    private final String name;
    private final int[] inSizes;
    private final int outSize;
    private final ConvGemm gemm;

    private GemmConvKernel(Node node, ConvGemm gemm) {
        this.name = node.name();
        this.inSizes = new int[] {node.inputShape().size()};
        this.outSize = node.outputShape().size();
        this.gemm = gemm;
    }

    /** The kernel for a conv node: the GEMM one where it applies and pays, else the direct one. */
    static Kernel of(Node node) {
        Conv2d conv = (Conv2d) node.layer();
        if (conv.groups() != 1) {
            return new ConvKernel(node);
        }
        ConvGemm gemm = new ConvGemm(conv, node.inputShape(), node.outputShape(), NodeParams.require(node, "weight"),
                conv.bias() ? NodeParams.require(node, "bias") : null, MicroKernels.get());
        return gemm.macsPerSample() < MIN_MACS ? new ConvKernel(node) : new GemmConvKernel(node, gemm);
    }

    @Override
    public void forward(int batch, float[][] inputs, float[] output) {
        NodeParams.checkBuffers(name, batch, inputs, inSizes, output, outSize);
        gemm.forward(batch, inputs[0], output);
    }
}
