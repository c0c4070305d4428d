package dev.lamina.backend.cpu;

import dev.lamina.api.Dense;
import dev.lamina.backend.cpu.gemm.DenseGemm;
import dev.lamina.backend.cpu.gemm.MicroKernels;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

/**
 * {@code nn.Linear} on {@link DenseGemm} for batches large enough to fill its tiles, on the direct
 * {@link DenseKernel} for smaller ones (both sum in input order and add the bias last); {@link #of(Node)} is the
 * dense entry of the backend's table and keeps the direct kernel alone for layers too wide for the GEMM's buffer.
 */
final class GemmDenseKernel implements Kernel {
    private final String name;
    private final int[] inSizes;
    private final int units;
    private final DenseGemm gemm;
    private final DenseKernel direct;

    private GemmDenseKernel(Node node, DenseGemm gemm) {
        name = node.name();
        inSizes = new int[] {node.inputShape().size()};
        units = ((Dense) node.layer()).units();
        this.gemm = gemm;
        direct = new DenseKernel(node);
    }

    static Kernel of(Node node) {
        Dense dense = (Dense) node.layer();
        int in = node.inputShape().size();
        if (!DenseGemm.fits(in, MicroKernels.get())) {
            return new DenseKernel(node);
        }
        return new GemmDenseKernel(node, new DenseGemm(in, dense.units(), NodeParams.require(node, "weight"),
                dense.bias() ? NodeParams.require(node, "bias") : null, MicroKernels.get()));
    }

    @Override
    public void forward(int batch, float[][] inputs, float[] output) {
        if (batch < gemm.minBatch()) {
            direct.forward(batch, inputs, output);
            return;
        }
        NodeParams.checkBuffers(name, batch, inputs, inSizes, output, units);
        gemm.forward(batch, inputs[0], output);
    }
}
