package dev.lamina.backend.cpu;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Dims2;
import dev.lamina.api.Padding;
import dev.lamina.api.Shape;
import dev.lamina.api.ShapeException;
import dev.lamina.spi.Node;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static dev.lamina.backend.cpu.Nodes.iota;
import static dev.lamina.backend.cpu.Nodes.node;
import static dev.lamina.backend.cpu.Nodes.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvKernelTest {
    private static final float[] W1234 = {1, 2, 3, 4};

    @Test
    void valid2x2WithBias() {
        // x = [[1,2,3],[4,5,6],[7,8,9]], w = [[1,2],[3,4]]: e.g. 1·1 + 2·2 + 3·4 + 4·5 = 37, plus 0.5.
        Node n = node("c", Conv2d.of(1, 2, 2), Shape.of(1, 3, 3), W1234, new float[] {0.5f});
        assertArrayEquals(new float[] {37.5f, 47.5f, 67.5f, 77.5f}, run(n, 1, iota(9)));
    }

    @Test
    void strideAndZeroPadding() {
        // Padded 5×5, windows at rows/cols -1 and 1: the top-left window only sees x(0,0)=1 under w=4.
        Node n = node("c", Conv2d.of(1, 2, 2).withStride(2, 2).withPadding(1, 1).withBias(false),
                Shape.of(1, 3, 3), W1234);
        assertArrayEquals(new float[] {4, 18, 36, 77}, run(n, 1, iota(9)));
    }

    @Test
    void dilation() {
        // x(r,c) = 4r + c + 1; taps at (0,0), (0,2), (2,0), (2,2): out(i,j) = 78 + 10j + 40i.
        Node n = node("c", Conv2d.of(1, 2, 2).withDilation(2, 2).withBias(false), Shape.of(1, 4, 4), W1234);
        assertArrayEquals(new float[] {78, 88, 118, 128}, run(n, 1, iota(16)));
    }

    @Test
    void nonSquareKernelAndStride() {
        // 1×3 kernel [1,2,3], stride (1,2) over x(r,k) = 5r + k + 1: out = 6·x(r,2c) + 8.
        Node n = node("c", Conv2d.of(1, 1, 3).withStride(1, 2).withBias(false), Shape.of(1, 2, 5),
                new float[] {1, 2, 3});
        assertArrayEquals(new float[] {14, 26, 44, 56}, run(n, 1, iota(10)));
    }

    @Test
    void tallKernelWithRowPaddingOnly() {
        // 3×1 kernel [1,1,1], padding (1,0) on a 2×2 input: each output sums its column's rows within reach.
        Node n = node("c", Conv2d.of(1, 3, 1).withPadding(1, 0).withBias(false), Shape.of(1, 2, 2),
                new float[] {1, 1, 1});
        assertArrayEquals(new float[] {4, 6, 4, 6}, run(n, 1, iota(4)));
    }

    @Test
    void oneByOneOverChannelsAndBatch() {
        float[] x = {
            1, 2, 3, 4, 10, 20, 30, 40,      // sample 0: channel 0, channel 1
            -1, -1, -1, -1, 2, 2, 2, 2,      // sample 1
        };
        float[] w = {1, 0.5f, -1, 2};        // [f, c]
        Node n = node("c", Conv2d.of(2, 1, 1), Shape.of(2, 2, 2), w, new float[] {0, 1});
        assertArrayEquals(new float[] {
            6, 12, 18, 24, 20, 39, 58, 77,
            0, 0, 0, 0, 6, 6, 6, 6,
        }, run(n, 2, x));
    }

    @Test
    void biasIsAddedAfterTheSum() {
        // Products 1e8 and −1e8 sum to 0, plus bias 1 gives 1. Had the bias come first, 1 + 1e8 would
        // round to 1e8 in float and the result would be 0.
        Node n = node("c", Conv2d.of(1, 1, 2), Shape.of(1, 1, 2), new float[] {1e8f, -1e8f}, new float[] {1});
        assertArrayEquals(new float[] {1}, run(n, 1, new float[] {1, 1}));
    }

    @Test
    void nanAndInfinityPropagate() {
        Node n = node("c", Conv2d.of(1, 1, 2).withBias(false), Shape.of(1, 1, 4), new float[] {1, 1});
        float[] y = run(n, 1, new float[] {Float.NaN, 0, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY});
        assertTrue(Float.isNaN(y[0]));
        assertEquals(Float.POSITIVE_INFINITY, y[1]);
        assertTrue(Float.isNaN(y[2]), "inf + -inf");
    }

    @Test
    void wrongWeightLengthNamesTheLayer() {
        // The SPI's Node refuses mis-shaped parameters before any backend sees them.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> node("conv1", Conv2d.of(3, 2, 2), Shape.of(1, 5, 6), new float[10], new float[3]));
        assertEquals("conv1: weight expected shape [3, 1, 2, 2], got [10]", e.getMessage());
    }

    @Test
    void missingBiasNamesTheLayer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> node("conv1", Conv2d.of(3, 2, 2), Shape.of(1, 5, 6), new float[12]));
        assertEquals("conv1: expected parameters [weight, bias], got [weight]", e.getMessage());
    }

    @Test
    void matchesDirectConvolutionOnRandomShapes() {
        Random rnd = new Random(20240611L);
        int checked = 0;
        while (checked < 300) {
            int c = 1 + rnd.nextInt(3);
            int h = 1 + rnd.nextInt(9);
            int w = 1 + rnd.nextInt(9);
            int batch = 1 + rnd.nextInt(3);
            Conv2d conv = new Conv2d(1 + rnd.nextInt(3), Dims2.of(1 + rnd.nextInt(4), 1 + rnd.nextInt(4)),
                    Dims2.of(1 + rnd.nextInt(3), 1 + rnd.nextInt(3)), Padding.of(rnd.nextInt(3), rnd.nextInt(3)),
                    Dims2.of(1 + rnd.nextInt(3), 1 + rnd.nextInt(3)), 1, rnd.nextBoolean());
            Shape in = Shape.of(c, h, w);
            Shape out;
            try {
                out = conv.outputShape("c", List.of(in));
            } catch (ShapeException empty) {
                continue;
            }
            float[] x = random(rnd, batch * in.size());
            float[] wt = random(rnd, conv.filters() * c * conv.kernel().h() * conv.kernel().w());
            float[] b = random(rnd, conv.filters());
            Node n = conv.bias() ? node("c", conv, in, wt, b) : node("c", conv, in, wt);
            float[] y = run(n, batch, x);
            double[][] ref = direct(conv, in, out, batch, x, wt, conv.bias() ? b : null);
            for (int i = 0; i < y.length; i++) {
                double tol = 1e-5 * ref[1][i] + 1e-6;
                assertEquals(ref[0][i], y[i], tol, "case " + checked + " " + conv + " on " + in + ", element " + i);
            }
            checked++;
        }
    }

    private static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextGaussian() * 2);
        }
        return a;
    }

    /** Textbook 7-loop convolution in double; returns the values and, per value, the sum of |terms|. */
    private static double[][] direct(Conv2d conv, Shape in, Shape out, int batch, float[] x, float[] wt, float[] b) {
        int c = in.dim(0), h = in.dim(1), w = in.dim(2);
        int f = out.dim(0), oh = out.dim(1), ow = out.dim(2);
        int kh = conv.kernel().h(), kw = conv.kernel().w();
        double[] y = new double[batch * out.size()];
        double[] mag = new double[y.length];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < f; o++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double s = b == null ? 0 : b[o];
                        double m = Math.abs(s);
                        for (int ch = 0; ch < c; ch++) {
                            for (int p = 0; p < kh; p++) {
                                for (int q = 0; q < kw; q++) {
                                    int r = i * conv.stride().h() - conv.padding().top() + p * conv.dilation().h();
                                    int col = j * conv.stride().w() - conv.padding().left() + q * conv.dilation().w();
                                    if (r < 0 || r >= h || col < 0 || col >= w) {
                                        continue;
                                    }
                                    double t = (double) wt[((o * c + ch) * kh + p) * kw + q]
                                            * x[((n * c + ch) * h + r) * w + col];
                                    s += t;
                                    m += Math.abs(t);
                                }
                            }
                        }
                        int idx = ((n * f + o) * oh + i) * ow + j;
                        y[idx] = s;
                        mag[idx] = m;
                    }
                }
            }
        }
        return new double[][] {y, mag};
    }
}
