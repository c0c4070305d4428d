package dev.lamina.backend.cpu;

import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

import java.util.Arrays;

/**
 * Element-wise sum of two or more inputs, each the output's shape or {@code [C, 1, 1]} broadcast over it
 * ({@link Broadcast}), added left to right: {@code (a + b) + c}.
 */
final class AddKernel implements Kernel {
    private final String name;
    private final Broadcast g;

    AddKernel(Node node) {
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
                    output[j] = a[j] + b[j];
                }
            } else if (af || bf) {
                float[] v = af ? a : b;
                float s = af ? b[p] : a[p];
                for (int j = base; j < base + plane; j++) {
                    output[j] = v[j] + s;
                }
            } else {
                Arrays.fill(output, base, base + plane, a[p] + b[p]);
            }
            for (int k = 2; k < inputs.length; k++) {
                float[] c = inputs[k];
                if (g.full[k]) {
                    for (int j = base; j < base + plane; j++) {
                        output[j] += c[j];
                    }
                } else {
                    float s = c[p];
                    for (int j = base; j < base + plane; j++) {
                        output[j] += s;
                    }
                }
            }
        }
    }
}
