package dev.lamina.backend.cpu;

import dev.lamina.api.Padding;
import dev.lamina.api.ZeroPad2d;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

import java.util.Arrays;

/** {@code nn.ZeroPad2d}: each input row copied to its place in a larger plane whose border is zero. */
final class ZeroPadKernel implements Kernel {
    private final PlaneGeometry g;
    private final int top;
    private final int left;

    ZeroPadKernel(Node node) {
        Padding p = ((ZeroPad2d) node.layer()).padding();
        g = new PlaneGeometry(node);
        top = p.top();
        left = p.left();
    }

    @Override
    public void forward(int batch, float[][] inputs, float[] output) {
        g.check(batch, inputs, output);
        float[] x = inputs[0];
        int height = g.height;
        int width = g.width;
        int outH = g.outH;
        int outW = g.outW;
        Arrays.fill(output, 0, batch * g.outSize, 0f);
        for (int p = 0; p < batch * g.planes; p++) {
            for (int r = 0; r < height; r++) {
                System.arraycopy(x, (p * height + r) * width, output, (p * outH + top + r) * outW + left, width);
            }
        }
    }
}
