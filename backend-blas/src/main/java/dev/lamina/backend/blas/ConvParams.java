package dev.lamina.backend.blas;

import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.Names;
import dev.lamina.spi.Node;

/**
 * The weights ({@code [cout, cin/groups, kh, kw]}, PyTorch's layout) and bias ({@code [cout]}, or null) a conv
 * step computes with, on the heap: the conv node's own, or with the BatchNorm that reads it folded in.
 */
record ConvParams(float[] weight, float[] bias) {
    ConvParams {
        if (weight == null) {
            throw new IllegalArgumentException("conv params: weight is required");
        }
    }

    /** The conv node's own weight and bias. */
    static ConvParams of(Node conv) {
        return new ConvParams(conv.param(Names.WEIGHT), conv.param(Names.BIAS));
    }

    /**
     * The conv's weights with BatchNorm node {@code bn} (which reads the conv's output alone) folded in: per
     * output channel {@code a = gamma / sqrt(running_var + eps)}, {@code w' = w·a} and
     * {@code b' = (b − running_mean)·a + beta}, each computed in double and rounded to float once. A variance
     * below −eps makes {@code a} NaN, and so the channel's outputs, as the unfused BatchNorm does.
     */
    static ConvParams folded(Node conv, Node bn) {
        BatchNorm2d b = (BatchNorm2d) bn.layer();
        float[] w = conv.param(Names.WEIGHT);
        float[] bias = conv.param(Names.BIAS);
        float[] gamma = bn.param(Names.WEIGHT);
        float[] beta = bn.param(Names.BIAS);
        float[] mean = bn.param(BatchNorm2d.RUNNING_MEAN);
        float[] var = bn.param(BatchNorm2d.RUNNING_VAR);
        int cout = mean.length;
        if (w.length % cout != 0) {
            throw new IllegalArgumentException(conv.name() + ": " + w.length + " weights for " + cout + " channels of "
                    + bn.name());
        }
        int perFilter = w.length / cout;
        float[] fw = new float[w.length];
        float[] fb = new float[cout];
        for (int co = 0; co < cout; co++) {
            double a = (gamma == null ? 1.0 : gamma[co]) / Math.sqrt((double) var[co] + b.eps());
            for (int i = co * perFilter; i < (co + 1) * perFilter; i++) {
                fw[i] = (float) (w[i] * a);
            }
            fb[co] = (float) (((bias == null ? 0.0 : bias[co]) - mean[co]) * a + (beta == null ? 0.0 : beta[co]));
        }
        return new ConvParams(fw, fb);
    }
}
