package dev.lamina.backend.cpu.gemm;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Shape;

import java.util.Arrays;

/**
 * A groups = 1 convolution as GEMM: per sample, {@code Y[F × N] = W[F × K] · X̂[K × N] + bias}, with
 * {@code K = C·kh·kw} (in PyTorch's weight order c, kh, kw) and {@code N = outH·outW}, so Y is the sample's
 * NCHW output as it stands. The weights are packed once into panels of {@link MicroKernel#MR} filters; the
 * input is never expanded as a whole: each task packs the im2col columns of one tile of output positions
 * (zero where a tap falls in the padding) into a per-thread buffer sized to stay in the L2 cache, then runs
 * the micro-kernel over every filter panel × column panel of that tile. Tasks are (sample, tile) pairs,
 * spread over {@link Workers}, so the threads share both the batch and the large layers' planes.
 *
 * <p>Each output sums its K products in c, kh, kw order from +0 and adds the bias last, the order of the
 * direct kernel; padding taps contribute {@code w·0}, as in PyTorch's im2col (a NaN or infinite weight there
 * gives NaN, as it does in PyTorch).
 */
public final class ConvGemm {
    /** Floats of packed input per tile at most (256 KiB), unless one column panel alone needs more. */
    private static final int TILE_FLOATS = 64 * 1024;

    private final MicroKernel kernel;
    private final int nr;
    private final int channels;
    private final int height;
    private final int width;
    private final int filters;
    private final int k;
    private final int n;
    private final int inSize;
    private final int outSize;
    /** Panels of MR filters: panel m, step p, row r at {@code m·K·MR + p·MR + r}; rows past the last filter are 0. */
    private final float[] packedWeight;
    /** The bias per filter, zero-padded to whole panels (+0 when the layer has none: sum + 0 = sum, never −0). */
    private final float[] packedBias;
    private final int filterPanels;
    /** Output positions per tile, a multiple of nr. */
    private final int tileColumns;
    private final int tiles;
    /** Per step p of K: the input channel, and the tap's row and column offsets (i·dilationH, j·dilationW). */
    private final int[] stepChannel;
    private final int[] stepRow;
    private final int[] stepCol;
    /** Per output position: the input row and column of its window's top-left tap (may lie in the padding). */
    private final int[] posRow;
    private final int[] posCol;
    /** Per output position: how many positions from it to the end of its output row. */
    private final int[] posRun;
    private final int strideW;
    private final ThreadLocal<Scratch> scratch;

    public ConvGemm(Conv2d conv, Shape in, Shape out, float[] weight, float[] bias, MicroKernel kernel) {
        if (conv.groups() != 1) {
            throw new IllegalArgumentException("ConvGemm handles groups = 1 only, got " + conv.groups());
        }
        this.kernel = kernel;
        nr = kernel.nr();
        channels = in.dim(0);
        height = in.dim(1);
        width = in.dim(2);
        filters = conv.filters();
        int kh = conv.kernel().h();
        int kw = conv.kernel().w();
        int outH = out.dim(1);
        int outW = out.dim(2);
        k = Math.multiplyExact(Math.multiplyExact(channels, kh), kw);
        n = Math.multiplyExact(outH, outW);
        inSize = in.size();
        outSize = out.size();
        PackedRows packed = new PackedRows(weight, filters, k, bias);
        filterPanels = packed.panels;
        packedWeight = packed.values;
        packedBias = packed.bias;
        int mr = MicroKernel.MR;
        stepChannel = new int[k];
        stepRow = new int[k];
        stepCol = new int[k];
        for (int c = 0, p = 0; c < channels; c++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++, p++) {
                    stepChannel[p] = c;
                    stepRow[p] = i * conv.dilation().h();
                    stepCol[p] = j * conv.dilation().w();
                }
            }
        }
        strideW = conv.stride().w();
        posRow = new int[n];
        posCol = new int[n];
        posRun = new int[n];
        for (int oh = 0, q = 0; oh < outH; oh++) {
            for (int ow = 0; ow < outW; ow++, q++) {
                posRow[q] = oh * conv.stride().h() - conv.padding().top();
                posCol[q] = ow * strideW - conv.padding().left();
                posRun[q] = outW - ow;
            }
        }
        int panelsPerTile = Math.max(1, TILE_FLOATS / Math.max(1, k * nr));
        int allPanels = (n + nr - 1) / nr;
        tileColumns = Math.min(panelsPerTile, allPanels) * nr;
        tiles = (n + tileColumns - 1) / tileColumns;
        int packedFloats = Math.multiplyExact(k, tileColumns);
        int tileFloats = mr * tileColumns;
        scratch = ThreadLocal.withInitial(() -> new Scratch(packedFloats, tileFloats));
    }

    /** Multiply-adds per sample, to decide whether this path pays. */
    public long macsPerSample() {
        return (long) filters * k * n;
    }

    /** {@code y[s] = conv(x[s])} for the first {@code batch} samples. */
    public void forward(int batch, float[] x, float[] y) {
        Workers.forEach(batch * tiles, t -> tile(x, y, t / tiles, t % tiles));
    }

    private void tile(float[] x, float[] y, int sample, int tile) {
        Scratch s = scratch.get();
        int col0 = tile * tileColumns;
        int cols = Math.min(tileColumns, n - col0);
        int panels = (cols + nr - 1) / nr;
        pack(x, sample * inSize, col0, panels, s.packed);
        int mr = MicroKernel.MR;
        int yBase = sample * outSize + col0;
        int full = cols / nr;
        for (int m = 0; m < filterPanels; m++) {
            int rows = Math.min(mr, filters - m * mr);
            int aOff = m * k * mr;
            int yRow = yBase + m * mr * n;
            if (rows == mr) {
                kernel.tiles(k, packedWeight, aOff, s.packed, 0, full, packedBias, m * mr, y, yRow, n);
                if (full < panels) {
                    kernel.tiles(k, packedWeight, aOff, s.packed, full * k * nr, 1, packedBias, m * mr, s.edge, 0, nr);
                    for (int r = 0; r < mr; r++) {
                        System.arraycopy(s.edge, r * nr, y, yRow + r * n + full * nr, cols - full * nr);
                    }
                }
            } else {
                kernel.tiles(k, packedWeight, aOff, s.packed, 0, panels, packedBias, m * mr, s.edge, 0, tileColumns);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(s.edge, r * tileColumns, y, yRow + r * n, cols);
                }
            }
        }
    }

    /**
     * The im2col columns {@code [col0, col0 + panels·nr)} of one sample, panel by panel, step-major inside a
     * panel: value of (step p, column q) at {@code panel·K·nr + p·nr + q}; columns past N and taps in the
     * padding are 0.
     */
    private void pack(float[] x, int xOff, int col0, int panels, float[] b) {
        int plane = height * width;
        for (int panel = 0; panel < panels; panel++) {
            int q0 = col0 + panel * nr;
            int live = Math.min(nr, n - q0);
            int base = panel * k * nr;
            for (int p = 0; p < k; p++) {
                int src = xOff + stepChannel[p] * plane;
                int dr = stepRow[p];
                int dc = stepCol[p];
                int dst = base + p * nr;
                // one output row at a time: its positions read one input row, at columns posCol + dc, +strideW, …
                for (int q = 0; q < live; ) {
                    int pos = q0 + q;
                    int len = Math.min(live - q, posRun[pos]);
                    int ih = posRow[pos] + dr;
                    if (ih < 0 || ih >= height) {
                        Arrays.fill(b, dst + q, dst + q + len, 0f);
                    } else {
                        row(x, src + ih * width, posCol[pos] + dc, len, b, dst + q);
                    }
                    q += len;
                }
                for (int q = live; q < nr; q++) {
                    b[dst + q] = 0f;
                }
            }
        }
    }

    /** {@code out[o + i] = x[rowStart + iw0 + i·strideW]} for i < len, 0 where that column lies in the padding. */
    private void row(float[] x, int rowStart, int iw0, int len, float[] out, int o) {
        if (strideW == 1) {
            // the padding at either end is a column or two: plain loops, not Arrays.fill's range checks;
            int lo = Math.min(len, Math.max(0, -iw0));
            int hi = Math.max(lo, Math.min(len, width - iw0));
            for (int i = 0; i < lo; i++) {
                out[o + i] = 0f;
            }
            if (hi > lo) {
                System.arraycopy(x, rowStart + iw0 + lo, out, o + lo, hi - lo);
            }
            for (int i = hi; i < len; i++) {
                out[o + i] = 0f;
            }
        } else {
            for (int i = 0, iw = iw0; i < len; i++, iw += strideW) {
                out[o + i] = iw >= 0 && iw < width ? x[rowStart + iw] : 0f;
            }
        }
    }

    /** One thread's buffers: the packed input tile, and the output of a tile's partial panels. */
    private static final class Scratch {
        final float[] packed;
        final float[] edge;

        Scratch(int packedFloats, int tileFloats) {
            packed = new float[packedFloats];
            edge = new float[tileFloats];
        }
    }
}
