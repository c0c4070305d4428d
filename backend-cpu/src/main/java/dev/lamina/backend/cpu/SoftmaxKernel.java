package dev.lamina.backend.cpu;

import dev.lamina.api.Shape;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

/**
 * Softmax over the first per-sample axis: the features of a {@code [F]} input, the channels of a
 * {@code [C, H, W]} input (one softmax per sample and pixel), as {@code nn.Softmax(dim=1)} on a batch.
 *
 * <p>Stable as PyTorch's: the slice's maximum is subtracted (in float) before {@code exp}, so ±1000
 * neither overflows nor vanishes. The exponentials are summed in double and each result is rounded once.
 * Special values follow from that arithmetic, as in PyTorch: a NaN anywhere makes the whole slice NaN
 * ({@link Math#max} propagates it); −∞ gives 0 unless the whole slice is −∞ (−∞ − −∞ is NaN); +∞ makes
 * the slice NaN (∞ − ∞ is NaN, and the NaN reaches every value through the sum).
 */
final class SoftmaxKernel implements Kernel {
    private final String name;
    private final int size;
    private final int[] inSizes;
    /** Length of the softmax axis. */
    private final int axis;
    /** Distance between neighbours along the axis: the product of the later per-sample dimensions. */
    private final int inner;

    SoftmaxKernel(Node node) {
        Shape shape = node.outputShape();
        name = node.name();
        size = shape.size();
        inSizes = new int[] {size};
        axis = shape.dim(0);
        inner = size / axis;
    }

    @Override
    public void forward(int batch, float[][] inputs, float[] output) {
        NodeParams.checkBuffers(name, batch, inputs, inSizes, output, size);
        float[] x = inputs[0];
        for (int n = 0; n < batch; n++) {
            for (int j = 0; j < inner; j++) {
                softmax(x, output, n * size + j);
            }
        }
    }

    /** One slice: values at {@code first + c·inner} for c in [0, axis). */
    private void softmax(float[] x, float[] out, int first) {
        int end = first + axis * inner;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = first; i < end; i += inner) {
            max = Math.max(max, x[i]);
        }
        double sum = 0.0;
        for (int i = first; i < end; i += inner) {
            double e = Math.exp(x[i] - max);
            out[i] = (float) e;
            sum += e;
        }
        for (int i = first; i < end; i += inner) {
            out[i] = (float) (out[i] / sum);
        }
    }
}
