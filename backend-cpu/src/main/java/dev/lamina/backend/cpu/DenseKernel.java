package dev.lamina.backend.cpu;

import dev.lamina.api.Dense;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

/**
 * {@code nn.Linear}: {@code y = x·Wᵀ + b} with weight {@code [units, in]} kept in that layout, so each
 * output is a dot product of two contiguous rows.
 *
 * <p>Every output sums its products in float, in input order, and adds the bias after the sum. For
 * speed the loops work on blocks of 2 samples × 4 units: eight independent accumulators share each
 * loaded weight and input value, which gives the CPU parallel work and halves the weight traffic,
 * without changing any output's order of additions (the result equals the plain loop's bit for bit).
 */
final class DenseKernel implements Kernel {
    private final String name;
    private final int in;
    private final int units;
    private final int[] inSizes;
    private final float[] weight;
    /** Null when the layer has no bias. */
    private final float[] bias;

    DenseKernel(Node node) {
        Dense dense = (Dense) node.layer();
        name = node.name();
        in = node.inputShape().size();
        units = dense.units();
        inSizes = new int[] {in};
        weight = NodeParams.require(node, "weight");
        bias = dense.bias() ? NodeParams.require(node, "bias") : null;
    }

    @Override
    public void forward(int batch, float[][] inputs, float[] output) {
        NodeParams.checkBuffers(name, batch, inputs, inSizes, output, units);
        float[] x = inputs[0];
        int n = 0;
        for (; n + 1 < batch; n += 2) {
            int u = 0;
            for (; u + 3 < units; u += 4) {
                block2x4(x, n, u, output);
            }
            for (; u < units; u++) {
                output[n * units + u] = finish(dot(x, n * in, u * in), u);
                output[(n + 1) * units + u] = finish(dot(x, (n + 1) * in, u * in), u);
            }
        }
        if (n < batch) {
            int u = 0;
            for (; u + 3 < units; u += 4) {
                block1x4(x, n, u, output);
            }
            for (; u < units; u++) {
                output[n * units + u] = finish(dot(x, n * in, u * in), u);
            }
        }
    }

    private float finish(float sum, int unit) {
        return bias == null ? sum : sum + bias[unit];
    }

    private float dot(float[] x, int xBase, int wBase) {
        float s = 0f;
        for (int i = 0; i < in; i++) {
            s += x[xBase + i] * weight[wBase + i];
        }
        return s;
    }

    /** Samples n, n+1 × units u..u+3. */
    private void block2x4(float[] x, int n, int u, float[] out) {
        int x0 = n * in;
        int x1 = x0 + in;
        int w0 = u * in;
        int w1 = w0 + in;
        int w2 = w1 + in;
        int w3 = w2 + in;
        float s00 = 0f, s01 = 0f, s02 = 0f, s03 = 0f;
        float s10 = 0f, s11 = 0f, s12 = 0f, s13 = 0f;
        for (int i = 0; i < in; i++) {
            float a = x[x0 + i];
            float b = x[x1 + i];
            float c0 = weight[w0 + i];
            float c1 = weight[w1 + i];
            float c2 = weight[w2 + i];
            float c3 = weight[w3 + i];
            s00 += a * c0;
            s01 += a * c1;
            s02 += a * c2;
            s03 += a * c3;
            s10 += b * c0;
            s11 += b * c1;
            s12 += b * c2;
            s13 += b * c3;
        }
        int o0 = n * units + u;
        int o1 = o0 + units;
        out[o0] = finish(s00, u);
        out[o0 + 1] = finish(s01, u + 1);
        out[o0 + 2] = finish(s02, u + 2);
        out[o0 + 3] = finish(s03, u + 3);
        out[o1] = finish(s10, u);
        out[o1 + 1] = finish(s11, u + 1);
        out[o1 + 2] = finish(s12, u + 2);
        out[o1 + 3] = finish(s13, u + 3);
    }

    /** Sample n × units u..u+3. */
    private void block1x4(float[] x, int n, int u, float[] out) {
        int x0 = n * in;
        int w0 = u * in;
        int w1 = w0 + in;
        int w2 = w1 + in;
        int w3 = w2 + in;
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        for (int i = 0; i < in; i++) {
            float a = x[x0 + i];
            s0 += a * weight[w0 + i];
            s1 += a * weight[w1 + i];
            s2 += a * weight[w2 + i];
            s3 += a * weight[w3 + i];
        }
        int o = n * units + u;
        out[o] = finish(s0, u);
        out[o + 1] = finish(s1, u + 1);
        out[o + 2] = finish(s2, u + 2);
        out[o + 3] = finish(s3, u + 3);
    }
}
