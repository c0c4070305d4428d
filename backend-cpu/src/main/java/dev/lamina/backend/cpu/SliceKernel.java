package dev.lamina.backend.cpu;

import dev.lamina.api.Shape;
import dev.lamina.api.Slice;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

/**
 * {@code torch.narrow} along one per-sample axis: the input is seen as {@code [outer, dim, inner]} (outer
 * including the batch) and each outer row contributes its contiguous run {@code [start·inner, end·inner)}.
 */
final class SliceKernel implements Kernel {
    private final String name;
    /** Outer rows per sample: the product of the axes before the sliced one. */
    private final int outerPerSample;
    private final int inRow;
    private final int outRow;
    private final int offset;
    private final int[] inSizes;
    private final int outSize;

    SliceKernel(Node node) {
        Slice s = (Slice) node.layer();
        Shape in = node.inputShape();
        name = node.name();
        int outer = 1;
        for (int a = 0; a < s.axis(); a++) {
            outer *= in.dim(a);
        }
        outerPerSample = outer;
        int inner = in.size() / outer / in.dim(s.axis());
        inRow = in.dim(s.axis()) * inner;
        outRow = (s.end() - s.start()) * inner;
        offset = s.start() * inner;
        inSizes = new int[] {in.size()};
        outSize = node.outputShape().size();
    }

    @Override
    public void forward(int batch, float[][] inputs, float[] output) {
        NodeParams.checkBuffers(name, batch, inputs, inSizes, output, outSize);
        float[] x = inputs[0];
        for (int r = 0; r < batch * outerPerSample; r++) {
            System.arraycopy(x, r * inRow + offset, output, r * outRow, outRow);
        }
    }
}
