package dev.lamina.backend.cpu.gemm;

/**
 * The vector primitives of the cpu backend, in one class per path (the Vector API one is loaded by name only
 * when its module is present, {@link MicroKernels}): first of all one register tile of a GEMM, {@link #MR} rows ×
 * {@link #nr()} columns of {@code C = A·B + bias}; then the row sums of a depthwise conv ({@link #taps}) and a
 * clamp ({@link #clamp}).
 *
 * <p>Operands are packed: the A panel holds {@code k} groups of {@code MR} values (row r of step p at
 * {@code aOff + p·MR + r}), the B panel {@code k} groups of {@code nr()} values (column j of step p at
 * {@code bOff + p·nr() + j}). Every element's products are summed in step order p = 0, 1, …, k − 1 starting
 * from +0, and the row's bias is added after the sum — the order of the direct kernels, so a NaN or an
 * infinity lands exactly where they put it, and a sum is never −0 (+0 plus anything is +0 or the thing).
 * The vector form rounds each step once (fused multiply-add); the scalar form rounds the product and the
 * sum separately, as the direct kernels do.
 */
public abstract class MicroKernel {
    /** Rows of A (filters) per tile. */
    public static final int MR = 4;

    MicroKernel() {
    }

    /** Columns of B (output positions) per tile. */
    public abstract int nr();

    /** Which implementation this is, for {@code lamina backends}. */
    public abstract String describe();

    /**
     * Writes {@code panels} full tiles side by side, tile t from the B panel at {@code bOff + t·k·nr()} into
     * columns {@code [t·nr(), (t + 1)·nr())}: {@code c[cOff + r·ldc + t·nr() + j] = Σ_p a[r, p]·b_t[p, j] + bias[biasOff + r]}.
     */
    public abstract void tiles(int k, float[] a, int aOff, float[] b, int bOff, int panels, float[] bias, int biasOff,
                               float[] c, int cOff, int ldc);

    /**
     * As {@link #tiles}, with the right operand read where it lies instead of from packed panels: step p of
     * tile t, column j, is {@code b[bOff + rowOff[p] + t·nr() + j]} (an input plane, or a zero-padded window of
     * one, whose rows the steps address). The same order of additions.
     */
    public abstract void rowTiles(int k, float[] a, int aOff, float[] b, int bOff, int[] rowOff, int panels, float[] bias,
                                  int biasOff, float[] c, int cOff, int ldc);

    /**
     * Depthwise conv rows: for each of {@code rows} rows r and each column x < {@code len} (a multiple of
     * {@link #lanes()}), {@code out[outOff + r·outStep + x] = Σ_t w[wOff + t]·src[srcOff + r·srcStep + tapOff[t] + x] + bias},
     * the taps summed in order t = 0, 1, … from +0 and the bias added last (the vector form fuses each
     * multiply-add, the scalar one rounds product and sum separately, as {@link #tiles} does).
     */
    public abstract void taps(int taps, float[] w, int wOff, int[] tapOff, float[] src, int srcOff, int srcStep, float bias,
                              float[] out, int outOff, int outStep, int rows, int len);

    /** Columns {@link #taps} computes at once: its rows' lengths are multiples of this. */
    public abstract int lanes();

    /**
     * {@code out[outOff + i] = v < min ? min : v > max ? max : v} for {@code v = x[xOff + i]}, {@code i < len}: NaN
     * stays NaN (it fails both tests), a value inside the bounds is kept with its bits (−0 stays −0), as
     * PyTorch's clamp. {@code x} and {@code out} may be one array at one offset.
     */
    public abstract void clamp(float[] x, int xOff, float[] out, int outOff, int len, float min, float max);

    /**
     * {@code out[outOff + i] = Math.max(x[xOff + i], floor)} for {@code i < len} (ReLU with floor +0: NaN stays NaN,
     * −0 becomes +0); {@code x} and {@code out} may be one array at one offset.
     */
    public void maxWith(float[] x, int xOff, float[] out, int outOff, int len, float floor) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = Math.max(x[xOff + i], floor);
        }
    }

    /**
     * {@code x[to + i] = Math.max(x[to + i], x[from + i])} for {@code i < len}, two runs of one array (a pool's rows):
     * NaN wins, and of −0 and +0 +0 (the vector form's max is Math.max's). The runs do not overlap.
     */
    public void maxInto(float[] x, int to, int from, int len) {
        for (int i = 0; i < len; i++) {
            x[to + i] = Math.max(x[to + i], x[from + i]);
        }
    }

    /**
     * Winograd F(2×2, 3×3)'s input transform {@code V = Bᵀ d B} of tiles {@code tx ∈ [0, n)} of one tile row
     * of one channel. The tile row's four input rows are given as parity rows: input row i (i = 0…3) at
     * {@code par[rowOff + i·rowStride]}, its even columns first ({@code half} values), then its odd ones, so
     * tile tx reads {@code E[tx], O[tx], E[tx + 1], O[tx + 1]} of each row. Element (i, j) of tile tx's V goes to
     * {@code v[vOff + (4i + j)·xiStride + tx]}. With {@code Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]}: each
     * row's four values are combined first (d0 − d2, d1 + d2, d2 − d1, d1 − d3), then the rows the same way; every
     * value is one subtraction or addition of two, the same in both paths. The vector form runs whole vectors:
     * it may compute up to {@link #lanes()} − 1 tiles past n, reading past the rows and writing past V's rows,
     * so the caller leaves that much room after each (what lands there is scratch).
     */
    public void winogradInput(float[] par, int rowOff, int rowStride, int half, float[] v, int vOff, int xiStride,
                              int n) {
        for (int tx = 0; tx < n; tx++) {
            for (int j = 0; j < 4; j++) {
                float s0 = columnCombo(par, rowOff, half, tx, j);
                float s1 = columnCombo(par, rowOff + rowStride, half, tx, j);
                float s2 = columnCombo(par, rowOff + 2 * rowStride, half, tx, j);
                float s3 = columnCombo(par, rowOff + 3 * rowStride, half, tx, j);
                v[vOff + j * xiStride + tx] = s0 - s2;
                v[vOff + (4 + j) * xiStride + tx] = s1 + s2;
                v[vOff + (8 + j) * xiStride + tx] = s2 - s1;
                v[vOff + (12 + j) * xiStride + tx] = s1 - s3;
            }
        }
    }

    /** Column combination j of one parity row at tile tx: d0 − d2, d1 + d2, d2 − d1 or d1 − d3. */
    private static float columnCombo(float[] par, int row, int half, int tx, int j) {
        float d1 = par[row + half + tx];
        float d2 = par[row + tx + 1];
        switch (j) {
            case 0:
                return par[row + tx] - d2;
            case 1:
                return d1 + d2;
            case 2:
                return d2 - d1;
            default:
                return d1 - par[row + half + tx + 1];
        }
    }

    /**
     * Winograd F(2×2, 3×3)'s output transform {@code Y = Aᵀ M A} plus {@code bias} for tiles {@code t ∈ [0, n)}:
     * element ξ = 4i + j of tile t's M at {@code m[mOff + ξ·xiStride + t]}; Y's four values go to
     * {@code y[yOff + t]} (row 0, column 0), {@code y[yOff + n + t]} (0, 1), {@code y[yOff + 2n + t]} (1, 0) and
     * {@code y[yOff + 3n + t]} (1, 1).
     * With {@code Aᵀ = [1 1 1 0; 0 1 −1 −1]}: each row's {@code m0 + m1 + m2} and {@code m1 − m2 − m3} (summed left
     * to right), then the rows the same way, then the bias. Elementwise over the tiles: n is best a multiple of
     * {@link #lanes()}.
     */
    public void winogradOutput(float[] m, int mOff, int xiStride, float bias, float[] y, int yOff, int n) {
        tailOutput(m, mOff, xiStride, bias, y, yOff, 0, n);
    }

    /** {@link #winogradOutput} of tiles {@code [from, n)}, one at a time. */
    final void tailOutput(float[] m, int mOff, int xiStride, float bias, float[] y, int yOff, int from, int n) {
        for (int t = from; t < n; t++) {
            int o = mOff + t;
            float p00 = m[o] + m[o + xiStride] + m[o + 2 * xiStride];
            float p01 = m[o + xiStride] - m[o + 2 * xiStride] - m[o + 3 * xiStride];
            float p10 = m[o + 4 * xiStride] + m[o + 5 * xiStride] + m[o + 6 * xiStride];
            float p11 = m[o + 5 * xiStride] - m[o + 6 * xiStride] - m[o + 7 * xiStride];
            float p20 = m[o + 8 * xiStride] + m[o + 9 * xiStride] + m[o + 10 * xiStride];
            float p21 = m[o + 9 * xiStride] - m[o + 10 * xiStride] - m[o + 11 * xiStride];
            float p30 = m[o + 12 * xiStride] + m[o + 13 * xiStride] + m[o + 14 * xiStride];
            float p31 = m[o + 13 * xiStride] - m[o + 14 * xiStride] - m[o + 15 * xiStride];
            y[yOff + t] = p00 + p10 + p20 + bias;
            y[yOff + n + t] = p01 + p11 + p21 + bias;
            y[yOff + 2 * n + t] = p10 - p20 - p30 + bias;
            y[yOff + 3 * n + t] = p11 - p21 - p31 + bias;
        }
    }
}
