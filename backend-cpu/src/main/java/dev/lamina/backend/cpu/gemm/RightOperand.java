package dev.lamina.backend.cpu.gemm;

/**
 * Where the right operand of a conv's GEMM comes from, for one block of whole output rows of one sample (a
 * tile): the matrix {@code X̂[K × positions]} whose column of output position (oh, ow) holds, at step
 * p = (c, i, j), the input value tap (i, j) of channel c reads (zero in the padding). Every form lays the
 * tile's positions out on a grid of rows {@link #gridWidth()} apart — position (oh, ow) of a tile that starts at
 * row r0 is grid column {@code (oh − r0)·gridWidth() + ow} — and the columns past {@code outW} in each grid
 * row are scratch, which the epilogue never reads. Three forms:
 * <ul>
 *   <li>{@link Im2colOperand}: the columns packed into micro-kernel panels (any stride); grid width outW;</li>
 *   <li>{@link WindowOperand}: stride 1: the tile's input rows copied once into a zero-padded window, which
 *       the micro-kernel reads in place, a row shift per step; grid width = the padded input width;</li>
 *   <li>{@link PlaneOperand}: 1×1, stride 1, no padding: the input planes themselves, nothing copied.</li>
 * </ul>
 */
abstract class RightOperand {
    final ConvGeometry g;
    final int k;
    final int nr;

    RightOperand(ConvGeometry g, int nr) {
        this.g = g;
        this.k = g.depth();
        this.nr = nr;
    }

    /** Grid columns per output row of the tile. */
    abstract int gridWidth();

    /** Input floats the operand of one output row spans, for sizing tiles to the cache. */
    abstract long floatsPerRow();

    /** Floats of per-thread buffer a tile of up to {@code rows} rows needs. */
    abstract int bufferFloats(int rows);

    /** Column panels of a tile of {@code rows} rows. */
    final int panels(int rows) {
        return (rows * gridWidth() + nr - 1) / nr;
    }

    /**
     * Prepares the operand of tile rows {@code [r0, r0 + rows)} of the sample at {@code x[sample]} in
     * {@code buf}; returns a value {@link #multiply} is handed back (what was prepared where, if it varies).
     */
    abstract int prepare(float[] x, int sample, int r0, int rows, float[] buf);

    /**
     * {@code c = A·X̂ + bias} for the MR filters of the packed panel at {@code a[aOff]} over every grid column of
     * the tile (whole panels: up to {@code nr − 1} scratch columns past the tile's end), row r at
     * {@code c[r·ldc + column]}.
     */
    abstract void multiply(MicroKernel mk, float[] a, int aOff, float[] bias, int biasOff, float[] x, int sample, int r0,
                           int rows, float[] buf, int prepared, float[] c, int ldc);
}
