package dev.lamina.backend.cpu;

import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

/**
 * {@code add} (two or more inputs, summed left to right: {@code (a + b) + c}) and {@code mul} (two inputs, one
 * correctly rounded product per value — squeeze-and-excitation's {@code x * scale}). Each input is the
 * output's shape or {@code [C, 1, 1]} broadcast over it ({@link Broadcast}); the output is walked plane by
 * plane and a broadcast input gives one value per plane. Whether it adds or multiplies is fixed per kernel,
 * so the branch in the inner loop always goes the same way.
 */
final class BroadcastKernel implements Kernel {
    private final String name;
    private final Broadcast g;
    private final boolean multiply;

    private BroadcastKernel(Node node, boolean multiply) {
        name = node.name();
        g = new Broadcast(node);
        this.multiply = multiply;
    }

    static BroadcastKernel add(Node node) {
        return new BroadcastKernel(node, false);
    }

    static BroadcastKernel mul(Node node) {
        return new BroadcastKernel(node, true);
    }

    private float op(float x, float y) {
        return multiply ? x * y : x + y;
    }

    @Override
    public void forward(int batch, float[][] inputs, float[] output) {
        NodeParams.checkBuffers(name, batch, inputs, g.inSizes, output, g.outSize);
        int plane = g.plane;
        for (int p = 0; p < batch * g.channels; p++) {
            int base = p * plane;
            // output = in0 op in1, then output op= in2, ... (only add takes more than two)
            for (int k = 0; k < inputs.length; k++) {
                float[] x = inputs[k];
                boolean full = g.full[k];
                float s = full ? 0f : x[p];
                if (k == 0) {
                    for (int j = base; j < base + plane; j++) {
                        output[j] = full ? x[j] : s;
                    }
                } else if (full) {
                    for (int j = base; j < base + plane; j++) {
                        output[j] = op(output[j], x[j]);
                    }
                } else {
                    for (int j = base; j < base + plane; j++) {
                        output[j] = op(output[j], s);
                    }
                }
            }
        }
    }
}
