package dev.lamina.backend.cpu;

import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

import java.util.Arrays;

/**
 * Element-wise product of two inputs, each the output's shape or {@code [C, 1, 1]} broadcast over it
 * ({@link Broadcast}; squeeze-and-excitation's {@code x * scale}). One correctly rounded product per value.
 */
final class MulKernel implements Kernel {
    private final String name;
    private final Broadcast g;

    MulKernel(Node node) {
        name = node.name();
        g = new Broadcast(node);
    }

    @Override
    public void forward(int batch, float[][] inputs, float[] output) {
        NodeParams.checkBuffers(name, batch, inputs, g.inSizes, output, g.outSize);
        int plane = g.plane;
        float[] a = inputs[0];
        float[] b = inputs[1];
        boolean af = g.full[0];
        boolean bf = g.full[1];
        for (int p = 0; p < batch * g.channels; p++) {
            int base = p * plane;
            if (af && bf) {
                for (int j = base; j < base + plane; j++) {
                    output[j] = a[j] * b[j];
                }
            } else if (af || bf) {
                float[] v = af ? a : b;
                float s = af ? b[p] : a[p];
                for (int j = base; j < base + plane; j++) {
                    output[j] = v[j] * s;
                }
            } else {
                Arrays.fill(output, base, base + plane, a[p] * b[p]);
            }
        }
    }
}
