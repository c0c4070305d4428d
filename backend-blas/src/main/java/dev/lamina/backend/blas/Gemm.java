package dev.lamina.backend.blas;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Row-major {@code cblas_sgemm} calls cut into pieces of at most about a million multiply-adds: below that
 * OpenBLAS takes its small-matrix path, which packs neither operand and is two to three times faster for the
 * skinny products of convolutions (measured: [16 × 150] × [150 × 6144] at 46 GFLOP/s in one call, 95–100 in
 * pieces of 384–416 columns; [6 × 25] × [25 × 43008] at 17–21 against 53–76). Cut along N when the pieces
 * keep at least 128 columns; else, for few columns and a large A (Winograd's deep layers: [512 × 512] ×
 * [512 × 20]), along M in pieces of at least 32 rows (there 72 → 110 GFLOP/s: the large path packs all of A
 * on every call). A large product left whole is cut into a few column or row blocks ({@link #BLOCKS}) so that
 * a batch of one can share it across threads; the cut depends on the shape alone.
 */
final class Gemm {
    /** OpenBLAS's small-matrix threshold on M·N·K. */
    static final long SMALL = 1_000_000L;

    private Gemm() {
    }

    /**
     * Columns per piece for an M × K by K × N product: pieces for the small-matrix path where they keep at
     * least 128 columns; else, for a large product that is not cut by rows for that path ({@link #rows}),
     * column blocks for threads ({@link #BLOCKS}) of at least {@value #BLOCK_COLUMNS} columns; else N itself.
     */
    static int piece(int m, int n, int k) {
        long mk = Math.max(1L, (long) m * k);
        long per = SMALL / mk;
        if (per >= 128 && per < n) {
            int cap = (int) Math.min(per, 2048);
            int pieces = (n + cap - 1) / cap;
            return (n + pieces - 1) / pieces;
        }
        long mnk = mk * n;
        if (per >= n || SMALL / Math.max(1L, (long) n * k) >= 32) {
            return n;
        }
        int b = blocks(n / BLOCK_COLUMNS, mnk);
        return b < 2 ? n : share16(n, b);
    }

    /**
     * Rows per piece when the columns are not cut ({@link #piece} is N). Below the small-matrix threshold, M
     * itself. Above it, for few columns and a large A, pieces of at least 32 rows that each fit the small
     * path; else row blocks for threads ({@link #BLOCKS}), at most two, of at least {@value #BLOCK_ROWS} rows.
     */
    static int rows(int m, int n, int k) {
        long mnk = (long) m * n * k;
        if (mnk <= SMALL || piece(m, n, k) < n) {
            return m;
        }
        long per = SMALL / Math.max(1L, (long) n * k);
        if (per >= 32) {
            int cap = (int) (per & ~15L);
            int pieces = (m + cap - 1) / cap;
            return share16(m, pieces);
        }
        int b = blocks(Math.min(2, m / BLOCK_ROWS), mnk);
        return b < 2 ? m : share16(m, b);
    }

    /** One of {@code parts} equal shares of {@code total}, rounded up to a multiple of 16. */
    private static int share16(int total, int parts) {
        return (ceilDiv(total, parts) + 15) & ~15;
    }

    /** A power of two of blocks, at most {@code most} and {@link #BLOCKS}, each of {@value #BLOCK_WORK} multiply-adds or more. */
    private static int blocks(long most, long mnk) {
        long b = Math.min(BLOCKS, Math.min(most, mnk / BLOCK_WORK));
        return b < 2 ? 1 : (int) Long.highestOneBit(b);
    }

    /**
     * The most blocks a large product {@link #nn} would make in one call is cut into, so that a batch of one
     * can share it across threads: by columns where there are many (measured here, OpenBLAS 0.3.31 SkylakeX,
     * one thread: ResNet-18's stem, [64 × 147] × [147 × 12880], 2.24 ms whole, 2.27 in two column blocks, 2.30
     * in four, but 3.17 in two row blocks of 32 and 4.81 in four: each call packs all of B again), else by rows
     * (its [256 × 1152] × [1152 × 210] 0.89 ms whole, 0.98 in two row blocks, 1.09 in four). The cut depends
     * on the shape alone, never on the thread count: one thread runs the blocks one after the other, several
     * run them at once, and every output is the sum the same OpenBLAS call made, so the result is bit for bit
     * the same at any thread count by construction, whatever kernels this machine's OpenBLAS picks. (An
     * earlier cut made only when several threads ran, at row multiples measured to sum like the whole call,
     * held on one AVX-512 machine and broke on another with the same OpenBLAS core.)
     */
    static final int BLOCKS = 4;
    /** Fewest columns in a column block of {@link #piece}. */
    static final int BLOCK_COLUMNS = 256;
    /** Fewest rows in a row block of {@link #rows}. */
    static final int BLOCK_ROWS = 128;
    /** Fewest multiply-adds in a block: below that one call costs less than the hand-off. */
    static final long BLOCK_WORK = 1L << 20;

    /**
     * How many calls {@link #nn} makes for an m × n × k product: {@link #nnPart}'s parts, run one after the
     * other on one thread or at once on several, each writing its own block of C.
     */
    static int parts(int m, int n, int k) {
        int p = piece(m, n, k);
        int r = p < n ? m : rows(m, n, k);
        return Math.multiplyExact(ceilDiv(n, p), ceilDiv(m, r));
    }

    /**
     * Part {@code part} of {@code parts} ({@link #parts}) of {@link #nn}'s product with β = 0 (C overwritten),
     * same operands: the very call {@code nn} makes for that block. Every part writes its own block of C, so
     * the parts may run at once on different threads, each with its own pointer objects (a lane's views).
     */
    static void nnPart(int part, int parts, int m, int n, int k, FloatPointer a, long aOff, int lda, FloatPointer b,
                       long bOff, int ldb, FloatPointer c, long cOff, int ldc) {
        int p = piece(m, n, k);
        int r = p < n ? m : rows(m, n, k);
        int cols = ceilDiv(n, p);
        int count = Math.multiplyExact(cols, ceilDiv(m, r));
        if (part < 0 || part >= count || parts != count) {
            throw new IllegalArgumentException("no part " + part + " of " + parts + " in a " + m + " × " + n + " × "
                    + k + " product (it has " + count + ")");
        }
        int m0 = part / cols * r;
        int mm = Math.min(r, m - m0);
        int n0 = part % cols * p;
        int nn = Math.min(p, n - n0);
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                openblas_nolapack.CblasNoTrans, mm, nn, k, 1f, a.position(aOff + (long) m0 * lda), lda,
                b.position(bOff + n0), ldb, 0f, c.position(cOff + (long) m0 * ldc + n0), ldc);
        a.position(0);
        b.position(0);
        c.position(0);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /**
     * C[m × n] = A[m × k] · B[k × n] (+ β·C), all row-major, each operand at its offset ({@code aOff}, {@code
     * bOff}, {@code cOff} floats). The three pointers must be the caller's own (a lane's scratch, or its views
     * of shared buffers): their positions are set for each piece, then reset to 0.
     */
    static void nn(int m, int n, int k, FloatPointer a, long aOff, int lda, FloatPointer b, long bOff, int ldb,
                   float beta, FloatPointer c, long cOff, int ldc) {
        int p = piece(m, n, k);
        int r = p < n ? m : rows(m, n, k);
        for (int m0 = 0; m0 < m; m0 += r) {
            int mm = Math.min(r, m - m0);
            for (int n0 = 0; n0 < n; n0 += p) {
                int nn = Math.min(p, n - n0);
                openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                        openblas_nolapack.CblasNoTrans, mm, nn, k, 1f, a.position(aOff + (long) m0 * lda), lda,
                        b.position(bOff + n0), ldb, beta, c.position(cOff + (long) m0 * ldc + n0), ldc);
            }
        }
        a.position(0);
        b.position(0);
        c.position(0);
    }

    /**
     * Blocks a product with one channels-last operand ({@link #channelsLastOut}, {@link #channelsLastIn}) is cut
     * into, by its shape alone: along its {@code pixels}, up to {@link #BLOCKS} of at least {@value #BLOCK_WORK}
     * multiply-adds and 64 pixels; where that leaves one block (a 7×7 map), along its output channels, blocks
     * of at least 64. OpenBLAS's small-matrix pieces were slower for these transposed forms (measured,
     * MobileNetV2's [196 × 96] × [96 × 576]: 156 µs in one call, 281 in pieces), so there are no more cuts.
     */
    record LastCut(int pixels, int channels, int pixelBlocks, int channelBlocks) {
        static LastCut of(int pixels, int channels, long mnk) {
            int p = Gemm.blocks(pixels / 64, mnk);
            return new LastCut(pixels, channels, p, p > 1 ? 1 : Gemm.blocks(channels / 64, mnk));
        }

        /** Blocks in all (one of the two counts is 1). */
        int blocks() {
            return pixelBlocks * channelBlocks;
        }

        /** Where block {@code b}'s pixels start (a cut by channels: every block has all of them). */
        int pixelFrom(int b) {
            return bound(pixels, b % pixelBlocks, pixelBlocks);
        }

        /** Where block {@code b}'s pixels end (exclusive). */
        int pixelTo(int b) {
            return bound(pixels, b % pixelBlocks + 1, pixelBlocks);
        }

        /** Where block {@code b}'s channels start (a cut by pixels: every block has all of them). */
        int channelFrom(int b) {
            return bound(channels, b % channelBlocks, channelBlocks);
        }

        /** Where block {@code b}'s channels end (exclusive). */
        int channelTo(int b) {
            return bound(channels, b % channelBlocks + 1, channelBlocks);
        }

        /** Where share {@code i} of {@code blocks} (16-aligned) of {@code total} starts; the end for the last. */
        private static int bound(int total, int i, int blocks) {
            return i >= blocks ? total : Math.min(total, i * share16(total, blocks));
        }
    }

    /**
     * Pixels {@code p0 … p1−1}, channels {@code c0 … c1−1} of a 1×1 conv's output in channels-last layout:
     * {@code Y[p][co] = Σ_ci X[ci][p] · W[co][ci]}, X the {@code [cin × pixels]} planes at {@code xOff}, W
     * {@code [cout × cin]}, Y {@code [pixels × cout]} at {@code yOff}: one {@code cblas_sgemm} with both
     * operands transposed (so no copy of either), β = 0.
     */
    static void channelsLastOut(int p0, int p1, int c0, int c1, int pixels, int cout, int cin, FloatPointer w,
                                FloatPointer x, long xOff, FloatPointer y, long yOff) {
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasTrans,
                openblas_nolapack.CblasTrans, p1 - p0, c1 - c0, cin, 1f, x.position(xOff + p0), pixels,
                w.position((long) c0 * cin), cin, 0f, y.position(yOff + (long) p0 * cout + c0), cout);
        w.position(0);
        x.position(0);
        y.position(0);
    }

    /**
     * Pixels {@code p0 … p1−1}, channels {@code c0 … c1−1} of a 1×1 conv's output planes from a channels-last
     * input: {@code Y[co][p] = Σ_ci W[co][ci] · X[p][ci]}, X {@code [pixels × cin]} at {@code xOff}, W
     * {@code [cout × cin]}, Y the {@code [cout × pixels]} planes at {@code yOff}: one {@code cblas_sgemm} with B
     * transposed, β = 0.
     */
    static void channelsLastIn(int p0, int p1, int c0, int c1, int pixels, int cin, FloatPointer w, FloatPointer x,
                               long xOff, FloatPointer y, long yOff) {
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                openblas_nolapack.CblasTrans, c1 - c0, p1 - p0, cin, 1f, w.position((long) c0 * cin), cin,
                x.position(xOff + (long) p0 * cin), cin, 0f, y.position(yOff + (long) c0 * pixels + p0), pixels);
        w.position(0);
        x.position(0);
        y.position(0);
    }

    /**
     * y[n] = Aᵀ · x (+ β·y) for a row-major A [k × n] at {@code aOff} with row stride {@code lda}: one
     * {@code cblas_sgemv}, for a batch of one through a dense layer: a [1 × k] × [k × n] {@code cblas_sgemm}
     * packs all of A (the weights) before using it once, where the matrix-vector kernel streams it (measured in
     * MobileNetV2 b1, one thread, its 1280 → 1000 classifier: 1.55 ms as a GEMM, 0.59 ms so).
     */
    static void tv(int k, int n, FloatPointer a, long aOff, int lda, FloatPointer x, long xOff, float beta,
                   FloatPointer y, long yOff) {
        openblas_nolapack.cblas_sgemv(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasTrans, k, n, 1f,
                a.position(aOff), lda, x.position(xOff), 1, beta, y.position(yOff), 1);
        a.position(0);
        x.position(0);
        y.position(0);
    }
}
