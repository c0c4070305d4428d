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
}
