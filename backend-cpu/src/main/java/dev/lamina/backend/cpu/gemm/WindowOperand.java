package dev.lamina.backend.cpu.gemm;

import java.util.Arrays;

/**
 * Stride 1 without im2col: the input rows a tile reads, every channel, copied once into a window with the
 * padding written as zeros ({@code paddedWidth} columns per row, rows {@code tileRows + (kh − 1)·dilationH}
 * per channel). On a grid of the padded width, step p = (c, i, j) of grid column q is then simply window
 * value {@code c·channelPitch + i·dilationH·paddedWidth + j·dilationW + q}: each step is a row shift of one
 * window, which the micro-kernel reads in place. Grid columns at {@code ow ≥ outW} mix the ends of two rows;
 * they are scratch, never stored. The window is K/(kh·kw) times smaller than the im2col columns it stands
 * for, and the extra grid columns cost {@code paddedWidth/outW − 1} more multiply-adds.
 */
final class WindowOperand extends RightOperand {
    private final int paddedWidth;
    private final int channelPitch;
    private final int[] rowOff;

    /** For tiles of at most {@code maxRows} output rows. */
    WindowOperand(ConvGeometry g, int nr, int maxRows) {
        super(g, nr);
        if (!g.unitStride()) {
            throw new IllegalArgumentException("a window operand needs stride 1");
        }
        paddedWidth = g.paddedWidth();
        channelPitch = Math.multiplyExact(maxRows + (g.kh - 1) * g.dilationH, paddedWidth);
        rowOff = new int[k];
        for (int c = 0, p = 0; c < g.channels; c++) {
            for (int i = 0; i < g.kh; i++) {
                for (int j = 0; j < g.kw; j++, p++) {
                    rowOff[p] = c * channelPitch + i * g.dilationH * paddedWidth + j * g.dilationW;
                }
            }
        }
    }

    /** Whether this form pays for {@code g}: the extra grid columns add at most half again the panels. */
    static boolean pays(ConvGeometry g, int nr) {
        if (!g.unitStride()) {
            return false;
        }
        long window = ((long) g.outH * g.paddedWidth() + nr - 1) / nr;
        long packed = ((long) g.outH * g.outW + nr - 1) / nr;
        return 2 * window <= 3 * packed;
    }

    @Override
    int gridWidth() {
        return paddedWidth;
    }

    @Override
    long floatsPerRow() {
        return (long) g.channels * paddedWidth;
    }

    /** The channels' windows, and past the last one the reach of the last panel's scratch columns. */
    @Override
    int bufferFloats(int rows) {
        return Math.addExact(Math.multiplyExact(g.channels, channelPitch), nr + (g.kw - 1) * g.dilationW);
    }

    @Override
    int prepare(float[] x, int sample, int r0, int rows, float[] w) {
        int height = g.height;
        int width = g.width;
        int left = g.padLeft;
        int right = g.padRight;
        int windowRows = rows + (g.kh - 1) * g.dilationH;
        for (int c = 0; c < g.channels; c++) {
            int plane = sample + c * height * width;
            int dst = c * channelPitch;
            for (int t = 0; t < windowRows; t++, dst += paddedWidth) {
                int ih = r0 - g.padTop + t;
                if (ih < 0 || ih >= height) {
                    Arrays.fill(w, dst, dst + paddedWidth, 0f);
                    continue;
                }
                for (int i = 0; i < left; i++) {
                    w[dst + i] = 0f;
                }
                System.arraycopy(x, plane + ih * width, w, dst + left, width);
                for (int i = left + width; i < paddedWidth; i++) {
                    w[dst + i] = 0f;
                }
            }
        }
        return panels(rows);
    }

    @Override
    void multiply(MicroKernel mk, float[] a, int aOff, float[] bias, int biasOff, float[] x, int sample, int r0,
                  int rows, float[] buf, int prepared, float[] c, int ldc) {
        mk.rowTiles(k, a, aOff, buf, 0, rowOff, prepared, bias, biasOff, c, 0, ldc);
    }
}
