package dev.lamina.backend.cpu;

import dev.lamina.api.Padding;
import dev.lamina.api.Shape;
import dev.lamina.api.ZeroPad2d;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

import java.util.Arrays;

/** {@code nn.ZeroPad2d}: each input row copied to its place in a larger plane whose border is zero. */
final class ZeroPadKernel implements Kernel {
    private final String name;
    private final int planes;
    private final int height;
    private final int width;
    private final int outH;
    private final int outW;
    private final int top;
    private final int left;
    private final int[] inSizes;
    private final int outSize;

    ZeroPadKernel(Node node) {
        Padding p = ((ZeroPad2d) node.layer()).padding();
        Shape in = node.inputShape();
        Shape out = node.outputShape();
        name = node.name();
        planes = in.dim(0);
        height = in.dim(1);
        width = in.dim(2);
        outH = out.dim(1);
        outW = out.dim(2);
        top = p.top();
        left = p.left();
        inSizes = new int[] {in.size()};
        outSize = out.size();
    }

    @Override
    public void forward(int batch, float[][] inputs, float[] output) {
        NodeParams.checkBuffers(name, batch, inputs, inSizes, output, outSize);
        float[] x = inputs[0];
        Arrays.fill(output, 0, batch * outSize, 0f);
        for (int p = 0; p < batch * planes; p++) {
            for (int r = 0; r < height; r++) {
                System.arraycopy(x, (p * height + r) * width, output, (p * outH + top + r) * outW + left, width);
            }
        }
    }
}
