package dev.lamina.backend.cpu.gemm;

import java.util.Arrays;

/**
 * The micro-kernel without the Vector API, written for C2's auto-vectoriser on JDK 17: each step adds its
 * A column times its B row into a 4-row accumulator block (a rank-1 update: one multiply-add loop over the
 * columns whose four statements each write one accumulator row). C2 packs such a loop into SIMD operations
 * only when it can prove that no iteration reads what an earlier one wrote: the four rows lie at fixed
 * distances in one array, and the step's B row is first copied to offset 0 of a scratch row, so that every
 * access in the loop is "array[constant + j]" (with the B operand read where it lies, at an offset only
 * known at run time, the array could be the accumulator itself and C2 kept the loop scalar: 5.7 GFLOP/s,
 * against 19 in place and 11 packed now, GemmBench). The product and the sum are rounded separately (no fused multiply-add), as in the
 * direct kernels; each element sums its products in step order from +0, the bias added last.
 */
final class ScalarMicroKernel extends MicroKernel {
    static final int NR = 32;
    /** Columns per accumulator block of {@link #rowTiles}: 4 rows × 512 floats = 8 KiB, in the L1 cache. */
    private static final int BLOCK = 512;

    /** Each thread's accumulator block and B row, reused by every call: steady-state inference allocates nothing. */
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** One thread's scratch: {@code MR} accumulator rows {@link #BLOCK} apart, and one B row. */
    private static final class Buffers {
        final float[] acc = new float[MR * BLOCK];
        final float[] row = new float[BLOCK];
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public String describe() {
        return "scalar Java loops (C2 auto-vectorised), " + MR + "×" + NR + " tile";
    }

    @Override
    public void tiles(int k, float[] a, int aOff, float[] b, int bOff, int panels, float[] bias, int biasOff,
                      float[] c, int cOff, int ldc) {
        Buffers s = BUFFERS.get();
        for (int t = 0; t < panels; t++) {
            int bt = bOff + t * k * NR;
            accumulate(k, a, aOff, b, bt, NR, null, NR, s);
            store(s.acc, bias, biasOff, c, cOff + t * NR, ldc, NR);
        }
    }

    /** The in-place operand's steps are rows that run on across the tiles: blocks of up to {@link #BLOCK} columns at once. */
    @Override
    public void rowTiles(int k, float[] a, int aOff, float[] b, int bOff, int[] rowOff, int panels, float[] bias,
                         int biasOff, float[] c, int cOff, int ldc) {
        Buffers s = BUFFERS.get();
        int width = panels * NR;
        for (int j0 = 0; j0 < width; j0 += BLOCK) {
            int len = Math.min(BLOCK, width - j0);
            accumulate(k, a, aOff, b, bOff + j0, 0, rowOff, len, s);
            store(s.acc, bias, biasOff, c, cOff + j0, ldc, len);
        }
    }

    /**
     * {@code acc[r·BLOCK + j] = Σ_p a[aOff + p·MR + r]·B(p, j)} for {@code j < len}, B's step p row at
     * {@code b[bOff + p·step]} (packed) or {@code b[bOff + rowOff[p]]} (in place, when {@code rowOff} is given).
     */
    private static void accumulate(int k, float[] a, int aOff, float[] b, int bOff, int step, int[] rowOff, int len,
                                   Buffers s) {
        float[] acc = s.acc;
        float[] row = s.row;
        for (int r = 0; r < MR; r++) {
            Arrays.fill(acc, r * BLOCK, r * BLOCK + len, 0f);
        }
        for (int p = 0; p < k; p++) {
            System.arraycopy(b, rowOff == null ? bOff + p * step : bOff + rowOff[p], row, 0, len);
            int ai = aOff + p * MR;
            float a0 = a[ai];
            float a1 = a[ai + 1];
            float a2 = a[ai + 2];
            float a3 = a[ai + 3];
            for (int j = 0; j < len; j++) {
                float bj = row[j];
                acc[j] += a0 * bj;
                acc[BLOCK + j] += a1 * bj;
                acc[2 * BLOCK + j] += a2 * bj;
                acc[3 * BLOCK + j] += a3 * bj;
            }
        }
    }

    /** Row r of the block plus its bias into {@code c[cOff + r·ldc + j]}, {@code j < len}. */
    private static void store(float[] acc, float[] bias, int biasOff, float[] c, int cOff, int ldc, int len) {
        for (int r = 0; r < MR; r++) {
            float br = bias[biasOff + r];
            int row = cOff + r * ldc;
            int from = r * BLOCK;
            for (int j = 0; j < len; j++) {
                c[row + j] = acc[from + j] + br;
            }
        }
    }

    /** As wide as the vector form, so that buffers sized for either fit both. */
    @Override
    public int lanes() {
        return 16;
    }

    /** Row by row: the row starts at +0 and each tap adds its products (a contiguous loop C2 vectorises). */
    @Override
    public void taps(int taps, float[] w, int wOff, int[] tapOff, float[] src, int srcOff, int srcStep, float bias,
                     float[] out, int outOff, int outStep, int rows, int len) {
        for (int r = 0; r < rows; r++) {
            int o = outOff + r * outStep;
            int s = srcOff + r * srcStep;
            Arrays.fill(out, o, o + len, 0f);
            for (int t = 0; t < taps; t++) {
                float wt = w[wOff + t];
                int d = s + tapOff[t];
                for (int x = 0; x < len; x++) {
                    out[o + x] += wt * src[d + x];
                }
            }
            for (int x = 0; x < len; x++) {
                out[o + x] += bias;
            }
        }
    }

    /**
     * {@code Math.min(Math.max(v, min), max)}, which C2 vectorises, differs from the clamp only on a signed zero
     * against a bound that is a zero of the other sign: with no zero bound it is the clamp; with one (ReLU6), the
     * input itself is taken back where the result equals it in value, by a conditional move, not a branch.
     */
    @Override
    public void clamp(float[] x, int xOff, float[] out, int outOff, int len, float min, float max) {
        if (min != 0f && max != 0f) {
            for (int i = 0; i < len; i++) {
                out[outOff + i] = Math.min(Math.max(x[xOff + i], min), max);
            }
            return;
        }
        for (int i = 0; i < len; i++) {
            float v = x[xOff + i];
            float r = Math.min(Math.max(v, min), max);
            out[outOff + i] = r == v ? v : r;
        }
    }
}
