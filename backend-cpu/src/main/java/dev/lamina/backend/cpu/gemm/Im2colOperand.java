package dev.lamina.backend.cpu.gemm;

import java.util.Arrays;

/**
 * The im2col columns of a tile's positions, packed panel by panel (step-major inside a panel: value of
 * step p, column q at {@code panel·K·nr + p·nr + q}); columns past the tile and taps in the padding are 0.
 * The general form: any stride, padding and dilation. Grid width = outW (positions as they stand).
 */
final class Im2colOperand extends RightOperand {
    /** Per step p of K: the input channel, and the tap's row and column offsets (i·dilationH, j·dilationW). */
    private final int[] stepChannel;
    private final int[] stepRow;
    private final int[] stepCol;

    Im2colOperand(ConvGeometry g, int nr) {
        super(g, nr);
        stepChannel = new int[k];
        stepRow = new int[k];
        stepCol = new int[k];
        for (int c = 0, p = 0; c < g.channels; c++) {
            for (int i = 0; i < g.kh; i++) {
                for (int j = 0; j < g.kw; j++, p++) {
                    stepChannel[p] = c;
                    stepRow[p] = i * g.dilationH;
                    stepCol[p] = j * g.dilationW;
                }
            }
        }
    }

    @Override
    int gridWidth() {
        return g.outW;
    }

    @Override
    long floatsPerRow() {
        return (long) k * g.outW;
    }

    @Override
    int bufferFloats(int rows) {
        return Math.multiplyExact(Math.multiplyExact(panels(rows), k), nr);
    }

    @Override
    int prepare(float[] x, int sample, int r0, int rows, float[] b) {
        int plane = g.height * g.width;
        int outW = g.outW;
        int n = rows * outW;
        int panels = panels(rows);
        for (int panel = 0; panel < panels; panel++) {
            int q0 = panel * nr;
            int live = Math.min(nr, n - q0);
            int base = panel * k * nr;
            for (int p = 0; p < k; p++) {
                int src = sample + stepChannel[p] * plane;
                int dr = stepRow[p];
                int dc = stepCol[p];
                int dst = base + p * nr;
                // one output row at a time: its positions read one input row, at columns posCol + dc, +strideW, …
                for (int q = 0; q < live; ) {
                    int oh = r0 + (q0 + q) / outW;
                    int ow = (q0 + q) % outW;
                    int len = Math.min(live - q, outW - ow);
                    int ih = oh * g.strideH - g.padTop + dr;
                    if (ih < 0 || ih >= g.height) {
                        Arrays.fill(b, dst + q, dst + q + len, 0f);
                    } else {
                        row(x, src + ih * g.width, ow * g.strideW - g.padLeft + dc, len, b, dst + q);
                    }
                    q += len;
                }
                for (int q = live; q < nr; q++) {
                    b[dst + q] = 0f;
                }
            }
        }
        return panels;
    }

    /** {@code out[o + i] = x[rowStart + iw0 + i·strideW]} for i < len, 0 where that column lies in the padding. */
    private void row(float[] x, int rowStart, int iw0, int len, float[] out, int o) {
        int width = g.width;
        if (g.strideW == 1) {
            // the padding at either end is a column or two: plain loops, not Arrays.fill's range checks
            int lo = Math.min(len, Math.max(0, -iw0));
            int hi = Math.max(lo, Math.min(len, width - iw0));
            for (int i = 0; i < lo; i++) {
                out[o + i] = 0f;
            }
            for (int i = lo; i < hi; i++) {
                out[o + i] = x[rowStart + iw0 + i];
            }
            for (int i = hi; i < len; i++) {
                out[o + i] = 0f;
            }
        } else {
            int strideW = g.strideW;
            for (int i = 0, iw = iw0; i < len; i++, iw += strideW) {
                out[o + i] = iw >= 0 && iw < width ? x[rowStart + iw] : 0f;
            }
        }
    }

    @Override
    void multiply(MicroKernel mk, float[] a, int aOff, float[] bias, int biasOff, float[] x, int sample, int r0,
                  int rows, float[] buf, int prepared, float[] c, int ldc) {
        mk.tiles(k, a, aOff, buf, 0, prepared, bias, biasOff, c, 0, ldc);
    }
}
