package dev.lamina.backend.cpu.gemm;

/**
 * {@code nn.Linear} as GEMM, computed transposed so the weights are the packed operand: per group of
 * {@code nr} samples, {@code Yᵀ[units × nr] = W[units × in] · Xᵀ[in × nr] + bias}. The weights are packed once
 * into panels of {@link MicroKernel#MR} units (as {@link ConvGemm} packs filters), each group's inputs are
 * packed transposed into a per-thread buffer, and the tile is transposed back into {@code y[sample, unit]}.
 * Groups of samples are spread over {@link Workers}. Each output sums its products in input order from +0
 * and adds the bias last, as the direct dense kernel does.
 */
public final class DenseGemm {
    /** Packed inputs per group at most (512 KiB); wider layers stay on the direct kernel. */
    private static final int MAX_PACKED = 128 * 1024;

    private final MicroKernel kernel;
    private final int nr;
    private final int in;
    private final int units;
    private final int unitPanels;
    private final float[] packedWeight;
    private final float[] packedBias;
    private final ThreadLocal<float[][]> scratch;
    /** The task body, made once (no allocation per call). */
    private final Workers.Body task = this::group;

    public DenseGemm(int in, int units, float[] weight, float[] bias, MicroKernel kernel) {
        this.kernel = kernel;
        this.nr = kernel.nr();
        this.in = in;
        this.units = units;
        PackedRows rows = new PackedRows(weight, units, in, bias);
        unitPanels = rows.panels;
        packedWeight = rows.values;
        packedBias = rows.bias;
        int mr = MicroKernel.MR;
        int packed = in * nr;
        int tile = unitPanels * mr * nr;
        scratch = ThreadLocal.withInitial(() -> new float[][] {new float[packed], new float[tile]});
    }

    /** Whether a layer of {@code in} inputs fits this path's per-thread buffer. */
    public static boolean fits(int in, MicroKernel kernel) {
        return (long) in * kernel.nr() <= MAX_PACKED;
    }

    /** The batch size from which the GEMM pays (below it most of a tile's columns would be padding). */
    public int minBatch() {
        return nr / 4;
    }

    /** {@code y[s] = W·x[s] + bias} for the first {@code batch} samples. */
    public void forward(int batch, float[] x, float[] y) {
        int groups = (batch + nr - 1) / nr;
        Workers.forEach(groups, task, x, y, batch);
    }

    /** Group g of a call on {@code batch} samples. */
    private void group(int g, float[] x, float[] y, int batch) {
        int s0 = g * nr;
        int live = Math.min(nr, batch - s0);
        float[][] s = scratch.get();
        float[] b = s[0];
        float[] t = s[1];
        for (int j = 0; j < live; j++) {
            int src = (s0 + j) * in;
            for (int p = 0; p < in; p++) {
                b[p * nr + j] = x[src + p];
            }
        }
        for (int j = live; j < nr; j++) {
            for (int p = 0; p < in; p++) {
                b[p * nr + j] = 0f;
            }
        }
        int mr = MicroKernel.MR;
        for (int m = 0; m < unitPanels; m++) {
            kernel.tiles(in, packedWeight, m * in * mr, b, 0, 1, packedBias, m * mr, t, m * mr * nr, nr);
        }
        for (int j = 0; j < live; j++) {
            int dst = (s0 + j) * units;
            for (int u = 0; u < units; u++) {
                y[dst + u] = t[u * nr + j];
            }
        }
    }
}
