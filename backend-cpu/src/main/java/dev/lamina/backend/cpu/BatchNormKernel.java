package dev.lamina.backend.cpu;

import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.Names;
import dev.lamina.api.Shape;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

/**
 * {@code nn.BatchNorm2d} at inference, folded once per kernel into a per-channel scale and shift, as
 * PyTorch's CPU kernel folds it: {@code a = weight / sqrt(running_var + eps)}, {@code shift = bias −
 * running_mean·a} (both in double, rounded to float once), then {@code y = x·a + shift}. A negative
 * variance below −eps makes a NaN, which the channel's outputs carry, as in PyTorch.
 */
final class BatchNormKernel implements Kernel {
    private final String name;
    private final int channels;
    private final int plane;
    private final int size;
    private final int[] inSizes;
    private final float[] scale;
    private final float[] shift;

    BatchNormKernel(Node node) {
        BatchNorm2d bn = (BatchNorm2d) node.layer();
        Shape in = node.inputShape();
        name = node.name();
        channels = in.dim(0);
        size = in.size();
        plane = size / channels;
        inSizes = new int[] {size};
        float[] mean = NodeParams.require(node, BatchNorm2d.RUNNING_MEAN);
        float[] var = NodeParams.require(node, BatchNorm2d.RUNNING_VAR);
        float[] weight = bn.affine() ? NodeParams.require(node, Names.WEIGHT) : null;
        float[] bias = bn.affine() ? NodeParams.require(node, Names.BIAS) : null;
        scale = new float[channels];
        shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            double a = (weight == null ? 1.0 : weight[c]) / Math.sqrt((double) var[c] + bn.eps());
            scale[c] = (float) a;
            shift[c] = (float) ((bias == null ? 0.0 : bias[c]) - mean[c] * a);
        }
    }

    @Override
    public void forward(int batch, float[][] inputs, float[] output) {
        NodeParams.checkBuffers(name, batch, inputs, inSizes, output, size);
        float[] x = inputs[0];
        for (int p = 0; p < batch * channels; p++) {
            int c = p % channels;
            float a = scale[c];
            float b = shift[c];
            int base = p * plane;
            for (int j = base; j < base + plane; j++) {
                output[j] = x[j] * a + b;
            }
        }
    }
}
