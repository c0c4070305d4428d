package dev.lamina.backend.cpu;

import dev.lamina.api.ChannelShuffle;
import dev.lamina.api.Shape;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

/**
 * {@code nn.ChannelShuffle}: input channel {@code g·(C/groups) + j} becomes output channel
 * {@code j·groups + g}; whole planes are copied, values untouched.
 */
final class ChannelShuffleKernel implements Kernel {
    private final String name;
    private final int channels;
    private final int groups;
    private final int plane;
    private final int size;
    private final int[] inSizes;

    ChannelShuffleKernel(Node node) {
        Shape in = node.inputShape();
        name = node.name();
        channels = in.dim(0);
        groups = ((ChannelShuffle) node.layer()).groups();
        size = in.size();
        plane = size / channels;
        inSizes = new int[] {size};
    }

    @Override
    public void forward(int batch, float[][] inputs, float[] output) {
        NodeParams.checkBuffers(name, batch, inputs, inSizes, output, size);
        float[] x = inputs[0];
        int per = channels / groups;
        for (int n = 0; n < batch; n++) {
            int sample = n * size;
            for (int g = 0; g < groups; g++) {
                for (int j = 0; j < per; j++) {
                    System.arraycopy(x, sample + (g * per + j) * plane, output, sample + (j * groups + g) * plane,
                            plane);
                }
            }
        }
    }
}
