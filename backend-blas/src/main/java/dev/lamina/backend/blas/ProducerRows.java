package dev.lamina.backend.blas;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The im2col rows of one output row of an ungrouped conv without dilation (a channels-last block's expand conv
 * that is no pointwise conv, {@link ConvStep#producesRows}), made from its input planes for
 * {@link JavaKernels#gemmPanel}: output row {@code y}'s {@code [W, Cout]} is then one product, {@code Σ_t
 * A[t][ow] · Wᵀ[t][co]} over {@code t = (ci·kh + a)·kw + c}, the filters' own weight order.
 *
 * <p>Layout, computed once: for each input channel {@code ci} and kernel row {@code a}, the zero-padded input row
 * {@code y·sh + a} split into its {@code sw} column phases, {@code wq} floats each ({@code phase[rx][xx] =
 * padded[xx·sw + rx]}), one block of {@code sw · wq} floats per {@code (ci, a)}. Tap {@code (ci, a, c)}'s row of
 * A is then the slice of phase {@code c mod sw} from column {@code c / sw} ({@link #rowAt}): {@code A[t][ow] =
 * padded[ow·sw + c]}, the value the conv reads. Rows above or below the map are zeros. After the blocks, one
 * padded input row on its way ({@code wp} floats) for strides above 1.
 */
final class ProducerRows {
    private final ConvGeometry g;
    /** Width of one column phase of a padded row. */
    private final int wq;
    /** Floats of one {@code (ci, a)} block: its {@code sw} phases. */
    private final int block;
    /** Where the padded row on its way starts (after the blocks). */
    private final int rawAt;
    private final int[] rowAt;
    private final JavaKernels kernels = JavaKernels.get();

    ProducerRows(ConvGeometry g) {
        if (g.groups() != 1 || g.dh() != 1 || g.dw() != 1) {
            throw new IllegalArgumentException("im2col rows by output row for " + g.conv());
        }
        this.g = g;
        int sw = g.sw();
        wq = (g.wp() + sw - 1) / sw;
        block = Math.multiplyExact(sw, wq);
        rawAt = Math.multiplyExact(Math.multiplyExact(g.cin(), g.kh()), block);
        Math.addExact(rawAt, g.wp());
        rowAt = new int[g.k()];
        for (int ci = 0; ci < g.cin(); ci++) {
            for (int a = 0; a < g.kh(); a++) {
                for (int c = 0; c < g.kw(); c++) {
                    rowAt[(ci * g.kh() + a) * g.kw() + c] = (ci * g.kh() + a) * block + (c % sw) * wq + c / sw;
                }
            }
        }
    }

    /** Where each row of A starts, in the filters' weight order (read-only). */
    int[] rowAt() {
        return rowAt;
    }

    /** Floats {@link #fill} writes. */
    int length() {
        return rawAt + g.wp();
    }

    /** Floats of one image's input planes. */
    int inputSample() {
        return g.inputSample();
    }

    /**
     * Output row {@code y}'s im2col rows into {@code x} from 0 ({@link #length} floats), from the input planes
     * of the image at {@code imageAt} in {@code src}. Every value the product reads is written.
     */
    void fill(FloatBuffer src, long imageAt, int y, float[] x) {
        int h = g.h();
        int w = g.w();
        int wp = g.wp();
        int left = g.pw();
        int sw = g.sw();
        for (int ci = 0; ci < g.cin(); ci++) {
            for (int a = 0; a < g.kh(); a++) {
                int r = y * g.sh() + a - g.ph();
                int base = (ci * g.kh() + a) * block;
                if (r < 0 || r >= h) {
                    Arrays.fill(x, base, base + block, 0f);
                    continue;
                }
                int from = (int) (imageAt + ((long) ci * h + r) * w);
                if (sw == 1) {
                    // one phase, the padded row itself, read straight into place
                    Arrays.fill(x, base, base + left, 0f);
                    src.get(from, x, base + left, w);
                    Arrays.fill(x, base + left + w, base + block, 0f);
                    continue;
                }
                Arrays.fill(x, rawAt, rawAt + left, 0f);
                src.get(from, x, rawAt + left, w);
                Arrays.fill(x, rawAt + left + w, rawAt + wp, 0f);
                if (sw == 2) {
                    kernels.deinterleave(x, rawAt, wp / 2, x, base, x, base + wq);
                    if ((wp & 1) != 0) {
                        x[base + wq - 1] = x[rawAt + wp - 1];
                    }
                } else {
                    for (int px = 0; px < wp; px++) {
                        x[base + (px % sw) * wq + px / sw] = x[rawAt + px];
                    }
                }
            }
        }
    }
}
