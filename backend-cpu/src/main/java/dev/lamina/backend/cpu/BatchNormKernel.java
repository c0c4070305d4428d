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

    /**
     * The per-channel {@code a} and {@code shift} in double, before any rounding: what this kernel rounds to
     * float, and what a conv folds into its weights ({@link #foldInto}).
     */
    record Affine(double[] scale, double[] shift) {
        static Affine of(Node node) {
            BatchNorm2d bn = (BatchNorm2d) node.layer();
            int channels = node.inputShape().dim(0);
            float[] mean = NodeParams.require(node, BatchNorm2d.RUNNING_MEAN);
            float[] var = NodeParams.require(node, BatchNorm2d.RUNNING_VAR);
            float[] weight = bn.affine() ? NodeParams.require(node, Names.WEIGHT) : null;
            float[] bias = bn.affine() ? NodeParams.require(node, Names.BIAS) : null;
            double[] scale = new double[channels];
            double[] shift = new double[channels];
            for (int c = 0; c < channels; c++) {
                double a = (weight == null ? 1.0 : weight[c]) / Math.sqrt((double) var[c] + bn.eps());
                scale[c] = a;
                shift[c] = (bias == null ? 0.0 : bias[c]) - mean[c] * a;
            }
            return new Affine(scale, shift);
        }

        /** Whether every scale is finite: then folding keeps each NaN and infinity where the layer puts it. */
        boolean foldable() {
            for (double a : scale) {
                if (!Double.isFinite(a)) {
                    return false;
                }
            }
            return true;
        }

        /**
         * The weights and bias of a conv followed by this BatchNorm, as one conv: {@code w'[f, …] = w[f, …]·a[f]}
         * and {@code b'[f] = b[f]·a[f] + shift[f]} ({@code b = 0} without a bias), each computed in double and
         * rounded to float once. The sums then round differently from conv-then-BatchNorm (one rounding of the
         * scaled products instead of one of the scaled sum), within the kit's tolerances.
         */
        FastConvKernel.Params foldInto(float[] weight, float[] bias) {
            int filters = scale.length;
            int perFilter = weight.length / filters;
            float[] w = new float[weight.length];
            float[] b = new float[filters];
            for (int f = 0; f < filters; f++) {
                double a = scale[f];
                for (int i = f * perFilter; i < (f + 1) * perFilter; i++) {
                    w[i] = (float) (weight[i] * a);
                }
                b[f] = (float) ((bias == null ? 0.0 : bias[f]) * a + shift[f]);
            }
            return new FastConvKernel.Params(w, b);
        }
    }

    BatchNormKernel(Node node) {
        Shape in = node.inputShape();
        name = node.name();
        channels = in.dim(0);
        size = in.size();
        plane = size / channels;
        inSizes = new int[] {size};
        Affine f = Affine.of(node);
        scale = new float[channels];
        shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = (float) f.scale()[c];
            shift[c] = (float) f.shift()[c];
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
