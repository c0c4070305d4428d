package dev.lamina.backend.blas;

import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.Names;
import dev.lamina.spi.Node;

import java.nio.FloatBuffer;

/**
 * {@code nn.BatchNorm2d} at inference when it is not folded into a conv (its input has other readers, or the
 * caller asks for the conv's own output): per channel a scale {@code a = weight / sqrt(running_var + eps)} and
 * a shift {@code bias − running_mean·a}, both in double and rounded to float once, then {@code y = x·a + shift}
 * in float. A variance below −eps makes the channel NaN, as in PyTorch.
 */
final class BatchNormStep extends Step {
    private final int channels;
    private final int plane;
    private final float[] scale;
    private final float[] shift;
    private final int in;
    private final int out;

    BatchNormStep(Node node, int in, int out) {
        super(node.name());
        channels = node.inputShape().dim(0);
        plane = node.inputShape().size() / channels;
        Affine f = Affine.of(node);
        scale = new float[channels];
        shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = (float) f.scale()[c];
            shift[c] = (float) f.shift()[c];
        }
        this.in = in;
        this.out = out;
    }

    /**
     * A BatchNorm node as the per-channel affine map it is at inference, in double: {@code scale = weight /
     * sqrt(running_var + eps)}, {@code shift = bias − running_mean·scale} (weight 1 and bias 0 without affine).
     * This step rounds both to float; {@link ConvParams#folded} folds them into a conv's weights and bias.
     */
    record Affine(double[] scale, double[] shift) {
        static Affine of(Node node) {
            BatchNorm2d bn = (BatchNorm2d) node.layer();
            float[] weight = node.param(Names.WEIGHT);
            float[] bias = node.param(Names.BIAS);
            float[] mean = node.param(BatchNorm2d.RUNNING_MEAN);
            float[] var = node.param(BatchNorm2d.RUNNING_VAR);
            double[] a = new double[mean.length];
            double[] b = new double[mean.length];
            for (int c = 0; c < a.length; c++) {
                a[c] = (weight == null ? 1.0 : weight[c]) / Math.sqrt((double) var[c] + bn.eps());
                b[c] = (bias == null ? 0.0 : bias[c]) - mean[c] * a[c];
            }
            return new Affine(a, b);
        }
    }

    @Override
    void run(Workspace ws, Workspace.Lane lane, int first, int last, int threads) {
        FloatBuffer src = ws.bufs[in];
        FloatBuffer dst = ws.bufs[out];
        float[] x = lane.input;
        for (int p = first * channels; p < last * channels; p++) {
            float a = scale[p % channels];
            float b = shift[p % channels];
            // a plane in chunks of the lane's array
            for (int i0 = 0; i0 < plane; i0 += x.length) {
                int len = Math.min(x.length, plane - i0);
                int at = p * plane + i0;
                src.get(at, x, 0, len);
                for (int i = 0; i < len; i++) {
                    x[i] = x[i] * a + b;
                }
                dst.put(at, x, 0, len);
            }
        }
    }
}
