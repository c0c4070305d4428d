package dev.lamina.backend.cpu.gemm;

import java.util.Arrays;

/**
 * The micro-kernel without the Vector API: for each step the 4 row values of A times the step's B row are
 * added into a 4 × 32 accumulator block, one contiguous multiply-add loop per row that C2 turns into SIMD
 * code. The product and the sum are rounded separately (no fused multiply-add), as in the direct kernels.
 */
final class ScalarMicroKernel extends MicroKernel {
    static final int NR = 32;

    /** Each thread's accumulator block, reused by every call: steady-state inference allocates nothing. */
    private static final ThreadLocal<float[]> ACCUMULATORS = ThreadLocal.withInitial(() -> new float[MR * NR]);

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
        float[] acc = ACCUMULATORS.get();
        for (int t = 0; t < panels; t++) {
            Arrays.fill(acc, 0f);
            int bt = bOff + t * k * NR;
            for (int p = 0; p < k; p++) {
                int bi = bt + p * NR;
                int ai = aOff + p * MR;
                float a0 = a[ai];
                float a1 = a[ai + 1];
                float a2 = a[ai + 2];
                float a3 = a[ai + 3];
                for (int j = 0; j < NR; j++) {
                    float bj = b[bi + j];
                    acc[j] += a0 * bj;
                    acc[NR + j] += a1 * bj;
                    acc[2 * NR + j] += a2 * bj;
                    acc[3 * NR + j] += a3 * bj;
                }
            }
            int ct = cOff + t * NR;
            for (int r = 0; r < MR; r++) {
                float br = bias[biasOff + r];
                int row = ct + r * ldc;
                for (int j = 0; j < NR; j++) {
                    c[row + j] = acc[r * NR + j] + br;
                }
            }
        }
    }

    @Override
    public void rowTiles(int k, float[] a, int aOff, float[] b, int bOff, int[] rowOff, int panels, float[] bias,
                         int biasOff, float[] c, int cOff, int ldc) {
        float[] acc = ACCUMULATORS.get();
        for (int t = 0; t < panels; t++) {
            Arrays.fill(acc, 0f);
            int bt = bOff + t * NR;
            for (int p = 0; p < k; p++) {
                int bi = bt + rowOff[p];
                int ai = aOff + p * MR;
                float a0 = a[ai];
                float a1 = a[ai + 1];
                float a2 = a[ai + 2];
                float a3 = a[ai + 3];
                for (int j = 0; j < NR; j++) {
                    float bj = b[bi + j];
                    acc[j] += a0 * bj;
                    acc[NR + j] += a1 * bj;
                    acc[2 * NR + j] += a2 * bj;
                    acc[3 * NR + j] += a3 * bj;
                }
            }
            int ct = cOff + t * NR;
            for (int r = 0; r < MR; r++) {
                float br = bias[biasOff + r];
                int row = ct + r * ldc;
                for (int j = 0; j < NR; j++) {
                    c[row + j] = acc[r * NR + j] + br;
                }
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
