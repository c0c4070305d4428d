package dev.lamina.backend.cpu.gemm;

import dev.lamina.spi.helpers.WinogradF23;

import java.util.Arrays;

/**
 * A 3×3 stride-1 convolution by Winograd's F(2×2, 3×3) (Lavin &amp; Gray, 2016), with its epilogue: each 2×2
 * block of outputs is {@code Aᵀ [U ⊙ V] A + bias} over the 4×4 input tile it reads, with {@code U = G g Gᵀ} the
 * filter's transform and {@code V = Bᵀ d B} the tile's; summed over the channels, that is 16 GEMMs
 * {@code M_ξ [F × tiles] = U_ξ [F × C] · V_ξ [C × tiles]} with 4 multiply-adds per output where im2col has 9.
 *
 * <p>A task takes one block of tile rows of one sample (and, when samples × blocks would leave threads idle, one
 * block of filter panels): it copies each channel's input rows of the block once, split into even and odd
 * columns (so that consecutive tiles are consecutive lanes) with the padding as zeros, transforms them into
 * {@code V} in its per-thread buffer, runs the micro-kernel for each ξ and filter panel into {@code M}, then per
 * filter the output transform into a block of conv rows, which the {@link Epilogue} (activation, 2×2 max-pool)
 * writes out while it is in cache.
 *
 * <p>Numbers: the result differs from the direct sum by rounding only (the transforms add and subtract inputs,
 * and U is rounded to float once from double). Non-finite values change more than rounding: ±Inf in a tile
 * would become NaN after the input transform's subtractions where a direct sum keeps ±Inf, and a NaN would
 * spread over the whole tile. So a block whose input holds NaN or ±Inf is computed directly instead (each
 * output summed in c, i, j order from +0, padding taps skipped, then the bias: the direct kernel's semantics), and
 * {@link #fits} takes only finite weights and biases.
 */
public final class WinogradConv implements ConvPass {
    /** Floats of V a task aims for (256 KiB): V of one ξ is reread by every filter panel. */
    private static final long V_FLOATS = 64 * 1024;
    /** Tiles a block should hold at least, in panels: fewer leave most of a panel's columns as padding. */
    private static final int MIN_PANELS = 4;

    private final ConvGeometry g;
    private final MicroKernel kernel;
    private final Epilogue epilogue;
    private final int nr;
    /** The original weights [F, C, 3, 3] and bias (or null), for blocks with non-finite inputs. */
    private final float[] weight;
    private final float[] bias;
    /** U_ξ packed for the micro-kernel: ξ's panels at {@code ξ·uStride}, panel m at {@code + m·C·MR}. */
    private final float[] packedU;
    private final int uStride;
    private final int filterPanels;
    private final float[] zeroBias = new float[MicroKernel.MR];
    /** Tiles per row (ceil(outW / 2)), tile rows the epilogue needs, tile rows per block, blocks per sample. */
    private final int tw;
    private final int tileRows;
    private final int blockRows;
    private final int blocksPerSample;
    /** Columns of one padded parity row: the tiles' tw + 1 even columns, then as many odd ones. */
    private final int half;
    private final int rowsUsed;
    private final int outPlane;
    private final int outSize;
    private final int inSize;
    /** Tiles of a full block rounded up to whole panels (the row length of M), and a channel's V row: that plus a vector's room. */
    private final int tPad;
    private final int vRow;
    /** Where each channel's row of one V_ξ starts, for the micro-kernel: channel c at {@code c·vRow}. */
    private final int[] rowOff;
    private final Workers.Body task = this::task;

    /**
     * {@code weight} {@code [F, C, 3, 3]} and {@code bias} {@code [F]} (or null) as the conv computes with them;
     * the geometry must {@link #fits}.
     */
    public WinogradConv(ConvGeometry g, float[] weight, float[] bias, Epilogue epilogue, MicroKernel kernel) {
        if (!fits(g, epilogue, weight, bias)) {
            throw new IllegalArgumentException("Winograd F(2×2, 3×3) does not apply to this conv");
        }
        this.g = g;
        this.kernel = kernel;
        this.epilogue = epilogue;
        this.weight = weight;
        this.bias = bias;
        nr = kernel.nr();
        int c = g.channels;
        int f = g.filters;
        tw = (g.outW + 1) / 2;
        rowsUsed = epilogue.rowsUsed(g.outH);
        tileRows = (rowsUsed + 1) / 2;
        long perRow = 16L * c * tw;
        int byCache = (int) Math.max(1, V_FLOATS / perRow);
        int byPanels = (MIN_PANELS * nr + tw - 1) / tw;
        blockRows = Math.max(1, Math.min(tileRows, Math.max(byCache, byPanels)));
        blocksPerSample = tileRows == 0 ? 0 : (tileRows + blockRows - 1) / blockRows;
        half = tw + 1;
        outPlane = Math.multiplyExact(epilogue.outH(g.outH), epilogue.outW(g.outW));
        outSize = Math.multiplyExact(f, outPlane);
        inSize = g.inSize();
        tPad = (blockRows * tw + nr - 1) / nr * nr;
        vRow = tPad + kernel.lanes(); // room for the last vector of a row's tiles to run past them
        rowOff = new int[c];
        for (int ci = 0; ci < c; ci++) {
            rowOff[ci] = ci * vRow;
        }
        float[][] u = WinogradF23.filters(weight, f, c);
        PackedRows first = new PackedRows(u[0], f, c, null);
        filterPanels = first.panels;
        uStride = first.values.length;
        packedU = new float[Math.multiplyExact(16, uStride)];
        for (int xi = 0; xi < 16; xi++) {
            PackedRows p = xi == 0 ? first : new PackedRows(u[xi], f, c, null);
            System.arraycopy(p.values, 0, packedU, xi * uStride, uStride);
        }
    }

    /**
     * Whether this pass applies and pays: groups 1, a 3×3 kernel, stride 1, no dilation, at least 16 channels
     * in and out (fewer leave the transforms as large as the GEMM), no pool or a 2×2 one (a block's rows are
     * whole tiles, two conv rows each), and finite weights and biases.
     */
    public static boolean fits(ConvGeometry g, Epilogue epilogue, float[] weight, float[] bias) {
        boolean shape = g.groups == 1 && g.kh == 3 && g.kw == 3 && g.unitStride() && g.dilationH == 1
                && g.dilationW == 1 && g.channels >= 16 && g.filters >= 16 && g.outH >= 2 && g.outW >= 2
                && (!epilogue.pools() || epilogue.poolIs(2, 2));
        return shape && finite(weight) && (bias == null || finite(bias));
    }

    private static boolean finite(float[] a) {
        for (float v : a) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int outSize() {
        return outSize;
    }

    @Override
    public void forward(int batch, float[] x, float[] y) {
        long units = (long) batch * blocksPerSample;
        if (units == 0) {
            return;
        }
        int panelsPerBlock = ConvGemm.panelsPerBlock(units, filterPanels);
        int filterBlocks = (filterPanels + panelsPerBlock - 1) / panelsPerBlock;
        Workers.forEach(Math.toIntExact(units * filterBlocks), task, x, y, panelsPerBlock);
    }

    private void task(int t, float[] x, float[] y, int panelsPerBlock) {
        int filterBlocks = (filterPanels + panelsPerBlock - 1) / panelsPerBlock;
        int fb = t % filterBlocks;
        int unit = t / filterBlocks;
        int sample = unit / blocksPerSample;
        int ty0 = unit % blocksPerSample * blockRows;
        int rows = Math.min(blockRows, tileRows - ty0);
        int m0 = fb * panelsPerBlock;
        int m1 = Math.min(filterPanels, m0 + panelsPerBlock);
        int mr = MicroKernel.MR;
        int c = g.channels;
        int tiles = rows * tw;
        int convRows = Math.min(2 * rows, rowsUsed - 2 * ty0);
        int parRows = 2 * rows + 2;
        int parFloats = parRows * 2 * half;
        int blockFilters = (m1 - m0) * mr;

        int lanes = kernel.lanes();
        int xiStride = c * vRow;
        Scratch s = Scratch.get();
        float[] v = s.b(Math.multiplyExact(16, xiStride));
        float[] m = s.c(Math.multiplyExact(16 * blockFilters, tPad));
        int convAt = parFloats + 2 * lanes;
        int yAt = convAt + 2 * rows * g.outW;
        float[] w = s.w(yAt + 4 * tPad);
        int xBase = sample * inSize;
        int yBase = sample * outSize;

        // V of every channel; a non-finite input sends the block to the direct sum
        boolean finite = true;
        for (int ci = 0; ci < c; ci++) {
            finite &= parity(x, xBase + ci * g.height * g.width, 2 * ty0 - g.padTop, parRows, w);
            for (int r = 0; r < rows; r++) { // in order: a row's last vector runs into the next row's tiles
                kernel.winogradInput(w, 2 * r * 2 * half, 2 * half, half, v, ci * vRow + r * tw, xiStride, tw);
            }
            if (tiles < tPad) {
                for (int xi = 0; xi < 16; xi++) {
                    int at = xi * xiStride + ci * vRow;
                    Arrays.fill(v, at + tiles, at + tPad, 0f);
                }
            }
        }
        if (!finite) {
            direct(x, xBase, ty0, convRows, m0 * mr, Math.min(g.filters, m1 * mr), w, convAt, y, yBase);
            return;
        }
        int panels = tPad / nr;
        int mStride = blockFilters * tPad;
        for (int xi = 0; xi < 16; xi++) {
            for (int p = m0; p < m1; p++) {
                kernel.rowTiles(c, packedU, xi * uStride + p * c * mr, v, xi * xiStride, rowOff, panels, zeroBias, 0,
                        m, xi * mStride + (p - m0) * mr * tPad, tPad);
            }
        }
        int f1 = Math.min(g.filters, m1 * mr);
        for (int f = m0 * mr; f < f1; f++) {
            float b = bias == null ? 0f : bias[f];
            // every tile of the block at once (padding tiles included: tPad is whole vectors), then into rows
            kernel.winogradOutput(m, (f - m0 * mr) * tPad, mStride, b, w, yAt, tPad);
            for (int r = 0; r < rows; r++) {
                interleave(w, yAt + r * tw, tPad, 2 * r, convRows, w, convAt);
            }
            epilogue.store(w, convAt, g.outW, g.outW, 2 * ty0, convRows, y, yBase + f * outPlane);
        }
    }

    /**
     * Input rows {@code ih0 … ih0 + count − 1} of one channel plane at {@code x[plane]} as parity rows at
     * {@code w[0]} ({@code 2·half} floats each: columns −padLeft, −padLeft + 2, … then −padLeft + 1, …), zero outside
     * the input; false when a value read is NaN or ±Inf.
     */
    private boolean parity(float[] x, int plane, int ih0, int count, float[] w) {
        int width = g.width;
        int left = g.padLeft;
        boolean finite = true;
        for (int r = 0; r < count; r++) {
            int ih = ih0 + r;
            int row = r * 2 * half;
            if (ih < 0 || ih >= g.height) {
                Arrays.fill(w, row, row + 2 * half, 0f);
                continue;
            }
            int src = plane + ih * width;
            // columns inside the input need no test: q in [qa, qb) reads 2q − left ≥ 0 and 2q + 1 − left < width
            int qa = Math.min(half, (left + 1) / 2);
            int qb = Math.max(qa, Math.min(half, (width + left) / 2));
            for (int q = 0; q < qa; q++) {
                finite &= edge(x, src, 2 * q - left, w, row + q) & edge(x, src, 2 * q + 1 - left, w, row + half + q);
            }
            for (int q = qa; q < qb; q++) {
                float e = x[src + 2 * q - left];
                float o = x[src + 2 * q + 1 - left];
                finite &= Float.isFinite(e) & Float.isFinite(o);
                w[row + q] = e;
                w[row + half + q] = o;
            }
            for (int q = qb; q < half; q++) {
                finite &= edge(x, src, 2 * q - left, w, row + q) & edge(x, src, 2 * q + 1 - left, w, row + half + q);
            }
        }
        return finite;
    }

    /** {@code w[at]} = input column {@code col} of the row at {@code x[src]}, 0 outside; false if it is NaN or ±Inf. */
    private boolean edge(float[] x, int src, int col, float[] w, int at) {
        float v = col >= 0 && col < g.width ? x[src + col] : 0f;
        w[at] = v;
        return Float.isFinite(v);
    }

    /**
     * One tile row's outputs (its tiles' Y00 at {@code t[at + tx]}, Y01, Y10 and Y11 each {@code stride} further)
     * into conv rows {@code row} and {@code row + 1} of the block at {@code out[outAt]} ({@code outW} wide); an odd
     * outW drops the last tile's right column, and the second row is dropped past the block's {@code convRows}.
     */
    private void interleave(float[] t, int at, int stride, int row, int convRows, float[] out, int outAt) {
        int outW = g.outW;
        for (int a = 0; a < 2 && row + a < convRows; a++) {
            int dst = outAt + (row + a) * outW;
            int left = at + 2 * a * stride;
            int right = left + stride;
            for (int tx = 0; tx < tw; tx++) {
                out[dst + 2 * tx] = t[left + tx];
                if (2 * tx + 1 < outW) {
                    out[dst + 2 * tx + 1] = t[right + tx];
                }
            }
        }
    }

    /**
     * The block's conv rows for filters {@code [f0, f1)} summed directly (c, i, j order from +0, padding taps
     * skipped, then the bias), each filter's rows written through the epilogue.
     */
    private void direct(float[] x, int xBase, int ty0, int convRows, int f0, int f1, float[] w, int convAt,
                        float[] y, int yBase) {
        int c = g.channels;
        int oh0 = 2 * ty0;
        for (int f = f0; f < f1; f++) {
            float b = bias == null ? 0f : bias[f];
            for (int r = 0; r < convRows; r++) {
                int oh = oh0 + r;
                for (int ow = 0; ow < g.outW; ow++) {
                    float sum = 0f;
                    for (int ci = 0; ci < c; ci++) {
                        int plane = xBase + ci * g.height * g.width;
                        int wb = (f * c + ci) * 9;
                        for (int i = 0; i < 3; i++) {
                            int ih = oh - g.padTop + i;
                            if (ih < 0 || ih >= g.height) {
                                continue;
                            }
                            for (int j = 0; j < 3; j++) {
                                int iw = ow - g.padLeft + j;
                                if (iw >= 0 && iw < g.width) {
                                    sum += weight[wb + 3 * i + j] * x[plane + ih * g.width + iw];
                                }
                            }
                        }
                    }
                    w[convAt + r * g.outW + ow] = sum + b;
                }
            }
            epilogue.store(w, convAt, g.outW, g.outW, oh0, convRows, y, yBase + f * outPlane);
        }
    }
}
