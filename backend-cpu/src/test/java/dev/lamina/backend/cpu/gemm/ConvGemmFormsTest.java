package dev.lamina.backend.cpu.gemm;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Dims2;
import dev.lamina.api.Padding;
import dev.lamina.api.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each way {@link ConvGemm} forms its right operand (im2col panels, a padded window of input rows, the
 * input planes in place) against a direct double-precision sum, on sizes that leave partial panels, partial
 * filter panels and padding on every side, with a fused ReLU and 2×2 max-pool and without.
 */
class ConvGemmFormsTest {

    private static float[] random(int n, Random r) {
        float[] v = new float[n];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    /** The conv output at (sample, f, oh, ow) in double, bias last, zero outside the input. */
    private static double direct(Conv2d conv, Shape in, float[] w, float[] b, float[] x, int s, int f, int oh, int ow) {
        int c = in.dim(0);
        int h = in.dim(1);
        int wd = in.dim(2);
        int kh = conv.kernel().h();
        int kw = conv.kernel().w();
        double sum = 0;
        for (int ci = 0; ci < c; ci++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    int ih = oh * conv.stride().h() - conv.padding().top() + i * conv.dilation().h();
                    int iw = ow * conv.stride().w() - conv.padding().left() + j * conv.dilation().w();
                    if (ih >= 0 && ih < h && iw >= 0 && iw < wd) {
                        sum += (double) w[((f * c + ci) * kh + i) * kw + j] * x[s * in.size() + (ci * h + ih) * wd + iw];
                    }
                }
            }
        }
        return sum + b[f];
    }

    private static void check(String form, Conv2d conv, Shape in, boolean reluPool) {
        Shape out = conv.outputShape("c", List.of(in));
        Random r = new Random(form.hashCode());
        int filters = conv.filters();
        float[] w = random(filters * in.dim(0) * conv.kernel().h() * conv.kernel().w(), r);
        float[] b = random(filters, r);
        int batch = 2;
        float[] x = random(batch * in.size(), r); // exactly the batch: a plane operand's last panel must not read past it
        Epilogue e = reluPool ? Epilogue.of((v, vo, o, oo, n) -> {
            for (int i = 0; i < n; i++) {
                o[oo + i] = Math.max(v[vo + i], 0f);
            }
        }, 2, 2) : Epilogue.NONE;
        ConvGemm g = new ConvGemm(new ConvGeometry(conv, in, out), w, b, e, MicroKernels.get());
        assertEquals(form, g.operandForm());
        int oh = e.outH(out.dim(1));
        int ow = e.outW(out.dim(2));
        float[] y = new float[batch * filters * oh * ow];
        g.forward(batch, x, y);
        for (int s = 0; s < batch; s++) {
            for (int f = 0; f < filters; f++) {
                for (int py = 0; py < oh; py++) {
                    for (int px = 0; px < ow; px++) {
                        double want;
                        if (reluPool) {
                            want = 0;
                            for (int i = 0; i < 2; i++) {
                                for (int j = 0; j < 2; j++) {
                                    want = Math.max(want, direct(conv, in, w, b, x, s, f, 2 * py + i, 2 * px + j));
                                }
                            }
                        } else {
                            want = direct(conv, in, w, b, x, s, f, py, px);
                        }
                        assertEquals(want, y[((s * filters + f) * oh + py) * ow + px], 1e-5,
                                form + " sample " + s + " filter " + f + " at " + py + ", " + px);
                    }
                }
            }
        }
    }

    @Test
    void windowOperandWithPaddingOnEverySideAndDilation() {
        Conv2d conv = new Conv2d(9, Dims2.of(3, 2), Dims2.of(1), new Padding(2, 1, 1, 3), Dims2.of(2, 1), 1, true);
        check("window", conv, Shape.of(3, 13, 11), false);
        check("window", conv, Shape.of(3, 13, 11), true);
    }

    @Test
    void planeOperandReadsTheInputInPlaceUpToItsLastValue() {
        Conv2d conv = Conv2d.of(6, 1, 1);
        check("plane", conv, Shape.of(5, 7, 9), false);   // 63 positions: a partial last panel at the array's end
        check("plane", conv, Shape.of(5, 7, 9), true);
    }

    @Test
    void im2colOperandForStridedConvs() {
        Conv2d conv = new Conv2d(10, Dims2.of(3, 3), Dims2.of(2, 2), Padding.of(1), Dims2.of(1), 1, true);
        check("im2col", conv, Shape.of(4, 17, 15), false);
        check("im2col", conv, Shape.of(4, 17, 15), true);
    }
}
