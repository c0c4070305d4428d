package dev.lamina.backend.blas;

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
     * The conv's weights with BatchNorm node {@code bn} (which reads the conv's output alone) folded in: with
     * the BatchNorm's per-channel {@code a} and {@code shift} ({@link BatchNormStep.Affine}, in double),
     * {@code w' = w·a} and {@code b' = b·a + shift}, each rounded to float once. A variance below −eps makes
     * {@code a} NaN, and so the channel's outputs, as the unfused BatchNorm does.
     */
    static ConvParams folded(Node conv, Node bn) {
        float[] w = conv.param(Names.WEIGHT);
        float[] bias = conv.param(Names.BIAS);
        BatchNormStep.Affine f = BatchNormStep.Affine.of(bn);
        int cout = f.scale().length;
        if (w.length % cout != 0) {
            throw new IllegalArgumentException(conv.name() + ": " + w.length + " weights for " + cout + " channels of "
                    + bn.name());
        }
        int perFilter = w.length / cout;
        float[] fw = new float[w.length];
        float[] fb = new float[cout];
        for (int co = 0; co < cout; co++) {
            double a = f.scale()[co];
            for (int i = co * perFilter; i < (co + 1) * perFilter; i++) {
                fw[i] = (float) (w[i] * a);
            }
            fb[co] = (float) ((bias == null ? 0.0 : bias[co]) * a + f.shift()[co]);
        }
        return new ConvParams(fw, fb);
    }
}
