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
 * {@link DepthwiseConv} against a direct sum in double on strides 1, 2 and 3, dilation, padding on every side
 * and rows of less than one vector and of several; and its clamp primitive on the values it must keep.
 */
class DepthwiseConvTest {

    private static void check(Conv2d conv, Shape in, int batch) {
        Shape out = conv.outputShape("dw", List.of(in));
        int c = in.dim(0);
        int kh = conv.kernel().h();
        int kw = conv.kernel().w();
        Random r = new Random(c * 31L + in.dim(1));
        float[] w = new float[c * kh * kw];
        float[] b = new float[c];
        float[] x = new float[batch * in.size()];
        for (float[] v : new float[][] {w, b, x}) {
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextFloat() * 2 - 1;
            }
        }
        DepthwiseConv dw = new DepthwiseConv(new ConvGeometry(conv, in, out), w, b, Epilogue.NONE, MicroKernels.get());
        float[] y = new float[batch * out.size()];
        dw.forward(batch, x, y);
        int oh = out.dim(1);
        int ow = out.dim(2);
        for (int s = 0; s < batch; s++) {
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < oh; p++) {
                    for (int q = 0; q < ow; q++) {
                        double sum = 0;
                        for (int i = 0; i < kh; i++) {
                            for (int j = 0; j < kw; j++) {
                                int ih = p * conv.stride().h() - conv.padding().top() + i * conv.dilation().h();
                                int iw = q * conv.stride().w() - conv.padding().left() + j * conv.dilation().w();
                                if (ih >= 0 && ih < in.dim(1) && iw >= 0 && iw < in.dim(2)) {
                                    sum += (double) w[(ch * kh + i) * kw + j] * x[s * in.size() + (ch * in.dim(1) + ih) * in.dim(2) + iw];
                                }
                            }
                        }
                        assertEquals(sum + b[ch], y[((s * c + ch) * oh + p) * ow + q], 1e-5,
                                conv + " sample " + s + " channel " + ch + " at " + p + ", " + q);
                    }
                }
            }
        }
    }

    @Test
    void matchesADirectSumOnStridesDilationAndPadding() {
        check(Conv2d.of(6, 3, 3).withPadding(1, 1).withGroups(6), Shape.of(6, 9, 7), 2);
        check(Conv2d.of(5, 3, 3).withStride(2, 2).withPadding(1, 1).withGroups(5), Shape.of(5, 40, 37), 1);
        check(new Conv2d(4, Dims2.of(5, 3), Dims2.of(3, 2), new Padding(2, 0, 1, 3), Dims2.of(1, 2), 4, true),
                Shape.of(4, 23, 29), 3);
        check(Conv2d.of(3, 3, 3).withDilation(2, 2).withPadding(2, 2).withGroups(3), Shape.of(3, 33, 50), 1);
    }

    @Test
    void clampKeepsNaNAndTheBitsOfWhatItDoesNotClip() {
        float[] x = {Float.NaN, -0f, 0f, -1e-30f, 5.99f, 6f, 7f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            -0f, 3f, -2f, 0.5f, 1e30f, -0f, 0f, 2f, -0f, Float.NaN};
        float[] want = {Float.NaN, -0f, 0f, 0f, 5.99f, 6f, 6f, 6f, 0f, -0f, 3f, 0f, 0.5f, 6f, -0f, 0f, 2f, -0f, Float.NaN};
        float[] out = new float[x.length];
        MicroKernels.get().clamp(x, 0, out, 0, x.length, 0f, 6f);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(out[i]), "clamp(" + x[i] + ") = " + out[i]);
        }
    }
}
