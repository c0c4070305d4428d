package dev.lamina.backend.cpu;

import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

/**
 * Element-wise 1 / (1 + e^−x), in double and rounded once to float, so results are within half an ulp.
 * The exponent is always of −|x|, so it never overflows: large positive x gives exactly 1, large negative
 * x exactly 0 (once the true value is below float's smallest subnormal), and NaN stays NaN.
 */
final class SigmoidKernel implements Kernel {
    private final String name;
    private final int size;
    private final int[] inSizes;

    SigmoidKernel(Node node) {
        name = node.name();
        size = node.outputShape().size();
        inSizes = new int[] {size};
    }

    @Override
    public void forward(int batch, float[][] inputs, float[] output) {
        NodeParams.checkBuffers(name, batch, inputs, inSizes, output, size);
        float[] x = inputs[0];
        int total = batch * size;
        for (int i = 0; i < total; i++) {
            output[i] = sigmoid(x[i]);
        }
    }

    static float sigmoid(float x) {
        if (x >= 0f) {
            return (float) (1.0 / (1.0 + Math.exp(-(double) x)));
        }
        // Negative or NaN: e^x cannot overflow, and exp(NaN) = NaN carries through.
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }
}
