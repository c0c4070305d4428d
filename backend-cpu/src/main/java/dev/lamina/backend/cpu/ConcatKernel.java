package dev.lamina.backend.cpu;

import dev.lamina.api.Shape;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

/**
 * Concatenation along the first per-sample axis ({@code torch.cat(dim=1)}). Row-major order makes each
 * input's sample one contiguous block of the output's sample, so it is one copy per input per sample.
 */
final class ConcatKernel implements Kernel {
    private final String name;
    private final int[] inSizes;
    private final int outSize;

    ConcatKernel(Node node) {
        name = node.name();
        inSizes = node.inputShapes().stream().mapToInt(Shape::size).toArray();
        outSize = node.outputShape().size();
    }

    @Override
    public void forward(int batch, float[][] inputs, float[] output) {
        NodeParams.checkBuffers(name, batch, inputs, inSizes, output, outSize);
        for (int n = 0; n < batch; n++) {
            int dst = n * outSize;
            for (int k = 0; k < inputs.length; k++) {
                int len = inSizes[k];
                System.arraycopy(inputs[k], n * len, output, dst, len);
                dst += len;
            }
        }
    }
}
