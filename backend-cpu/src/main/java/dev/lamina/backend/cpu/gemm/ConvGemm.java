package dev.lamina.backend.cpu.gemm;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Shape;

/**
 * A groups = 1 convolution as GEMM, with its epilogue: per sample, {@code Y[F × N] = W[F × K] · X̂[K × N] + bias}
 * with {@code K = C·kh·kw} (PyTorch's weight order c, kh, kw) and {@code N = outH·outW}, then the fused
 * activation and max-pool ({@link Epilogue}). The weights are packed once into panels of {@link MicroKernel#MR}
 * filters. The input is never expanded as a whole: a task takes one tile — a block of whole output rows of one
 * sample, sized so its right operand stays in the L2 cache — prepares that operand ({@link RightOperand}: im2col
 * panels, a zero-padded window of input rows for stride 1, or the input planes themselves for 1×1), and for each
 * filter panel of its block runs the micro-kernel over the tile into a per-thread buffer, from which the
 * epilogue writes the output while it is in cache. Tasks are (sample, tile, filter block) triples spread over
 * {@link Workers}; a call splits the filters into blocks only when samples × tiles would leave threads idle.
 *
 * <p>Each output sums its K products in c, kh, kw order from +0 and adds the bias last, the order of the
 * direct kernel; padding taps contribute {@code w·0}, as in PyTorch's im2col (a NaN or infinite weight there
 * gives NaN, as it does in PyTorch).
 */
public final class ConvGemm implements ConvPass {
    /** Input floats a tile's operand may span (256 KiB), unless one block of rows alone spans more. */
    private static final long TILE_FLOATS = 64 * 1024;
    /** Tasks per thread a call aims for, so that a thread slowed by another process takes fewer. */
    private static final int TASKS_PER_THREAD = 2;

    private final ConvGeometry g;
    private final MicroKernel kernel;
    private final Epilogue epilogue;
    private final RightOperand operand;
    private final int nr;
    private final int k;
    private final int inSize;
    private final int outSize;
    private final int outPlane;
    /** Panels of MR filters: panel m, step p, row r at {@code m·K·MR + p·MR + r}; rows past the last filter are 0. */
    private final float[] packedWeight;
    /** The bias per filter, zero-padded to whole panels (+0 when the layer has none: sum + 0 = sum, never −0). */
    private final float[] packedBias;
    private final int filterPanels;
    /** Conv rows the epilogue reads, and the rows of one tile (a multiple of the pool's height). */
    private final int rowsUsed;
    private final int tileRows;
    private final int tiles;
    private final int bufferFloats;
    private final int ldc;
    /** The task body, made once: a call hands it the buffers and its filter block size (no allocation per call). */
    private final Workers.Body task = this::task;

    /** The conv's own output (no epilogue beyond the bias). */
    public ConvGemm(Conv2d conv, Shape in, Shape out, float[] weight, float[] bias, MicroKernel kernel) {
        this(new ConvGeometry(conv, in, out), weight, bias, Epilogue.NONE, kernel);
    }

    /**
     * {@code weight} {@code [F, C, kh, kw]} and {@code bias} {@code [F]} (or null) as the conv computes with them (a
     * BatchNorm already folded in by the caller), and what follows in the same pass.
     */
    public ConvGemm(ConvGeometry g, float[] weight, float[] bias, Epilogue epilogue, MicroKernel kernel) {
        if (g.groups != 1) {
            throw new IllegalArgumentException("ConvGemm handles groups = 1 only, got " + g.groups);
        }
        this.g = g;
        this.kernel = kernel;
        this.epilogue = epilogue;
        nr = kernel.nr();
        k = g.depth();
        inSize = g.inSize();
        outPlane = Math.multiplyExact(epilogue.outH(g.outH), epilogue.outW(g.outW));
        outSize = Math.multiplyExact(g.filters, outPlane);
        PackedRows packed = new PackedRows(weight, g.filters, k, bias);
        filterPanels = packed.panels;
        packedWeight = packed.values;
        packedBias = packed.bias;

        rowsUsed = epilogue.rowsUsed(g.outH);
        int align = epilogue.rowAlign();
        long perRow = g.pointwise() ? (long) g.channels * g.width
                : WindowOperand.pays(g, nr) ? (long) g.channels * g.paddedWidth() : (long) k * g.outW;
        int fit = (int) Math.max(1, Math.min(rowsUsed, TILE_FLOATS / Math.max(1, perRow * align))) * align;
        tileRows = Math.max(align, Math.min(fit, rowsUsed));
        tiles = rowsUsed == 0 ? 0 : (rowsUsed + tileRows - 1) / tileRows;
        operand = g.pointwise() ? new PlaneOperand(g, nr)
                : WindowOperand.pays(g, nr) ? new WindowOperand(g, nr, tileRows) : new Im2colOperand(g, nr);
        bufferFloats = operand.bufferFloats(tileRows);
        ldc = operand.panels(tileRows) * nr;
    }

    /** Multiply-adds per sample, to decide whether this path pays. */
    public long macsPerSample() {
        return (long) g.filters * k * g.outH * g.outW;
    }

    @Override
    public int outSize() {
        return outSize;
    }

    /** How the right operand is formed, for tests: "im2col", "window" or "plane". */
    String operandForm() {
        return operand instanceof PlaneOperand ? "plane" : operand instanceof WindowOperand ? "window" : "im2col";
    }

    @Override
    public void forward(int batch, float[] x, float[] y) {
        long units = (long) batch * tiles;
        if (units == 0) {
            return;
        }
        int panelsPerBlock = panelsPerBlock(units, filterPanels);
        Workers.forEach(Math.toIntExact(units * blocks(panelsPerBlock)), task, x, y, panelsPerBlock);
    }

    /**
     * Filter panels per task for a call of {@code units} (sample, tile) units: all of them when the units alone
     * give every thread {@link #TASKS_PER_THREAD} tasks, else blocks small enough that they do.
     */
    static int panelsPerBlock(long units, int filterPanels) {
        long want = (long) TASKS_PER_THREAD * Workers.threads();
        int blocks = units >= want ? 1 : (int) Math.min(filterPanels, (want + units - 1) / units);
        return (filterPanels + blocks - 1) / blocks;
    }

    /** Filter blocks of {@code panelsPerBlock} panels each (the last one may be short). */
    private int blocks(int panelsPerBlock) {
        return (filterPanels + panelsPerBlock - 1) / panelsPerBlock;
    }

    private void task(int t, float[] x, float[] y, int panelsPerBlock) {
        int blocks = blocks(panelsPerBlock);
        int block = t % blocks;
        int unit = t / blocks;
        int sample = unit / tiles;
        int r0 = unit % tiles * tileRows;
        int rows = Math.min(tileRows, rowsUsed - r0);
        Scratch s = Scratch.get();
        float[] buf = s.b(bufferFloats);
        float[] c = s.c(MicroKernel.MR * ldc);
        int xBase = sample * inSize;
        int prepared = operand.prepare(x, xBase, r0, rows, buf);
        int gridW = operand.gridWidth();
        int mr = MicroKernel.MR;
        int m0 = block * panelsPerBlock;
        int m1 = Math.min(filterPanels, m0 + panelsPerBlock);
        for (int m = m0; m < m1; m++) {
            operand.multiply(kernel, packedWeight, m * k * mr, packedBias, m * mr, x, xBase, r0, rows, buf, prepared, c, ldc);
            int live = Math.min(mr, g.filters - m * mr);
            int yBase = sample * outSize + m * mr * outPlane;
            for (int r = 0; r < live; r++) {
                epilogue.store(c, r * ldc, gridW, g.outW, r0, rows, y, yBase + r * outPlane);
            }
        }
    }
}
