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
 * on every call).
 */
final class Gemm {
    /** OpenBLAS's small-matrix threshold on M·N·K. */
    static final long SMALL = 1_000_000L;

    private Gemm() {
    }

    /** Columns per piece for an M × K by K × N product: N itself when pieces would be too narrow. */
    static int piece(int m, int n, int k) {
        long per = SMALL / Math.max(1L, (long) m * k);
        if (per < 128 || per >= n) {
            return n;
        }
        int cap = (int) Math.min(per, 2048);
        int pieces = (n + cap - 1) / cap;
        return (n + pieces - 1) / pieces;
    }

    /** Rows per piece when the columns are not cut ({@link #piece} is N): M itself unless M·N·K is large. */
    static int rows(int m, int n, int k) {
        if ((long) m * n * k <= SMALL || piece(m, n, k) < n) {
            return m;
        }
        long per = SMALL / Math.max(1L, (long) n * k);
        if (per < 32) {
            return m;
        }
        int cap = (int) (per & ~15L);
        int pieces = (m + cap - 1) / cap;
        return (((m + pieces - 1) / pieces) + 15) & ~15;
    }

    /**
     * Rows per block when one call is cut across threads: OpenBLAS's kernels here (0.3.31, SkylakeX) cover
     * the rows of a row-major C in tiles of 12, so blocks starting at multiples of 12 give every output the
     * very sum the uncut call gives, as long as every block takes the same code path as the whole call
     * ({@link #direct}) — measured on the products of ResNet-18 and MobileNetV2: cuts at multiples of 12 or
     * 24 bit for bit equal, cuts at multiples of 16 or 32 and every cut of the columns a few ulps off, and a
     * block that fell from the packed path to the direct one off too. GemmPartTest and SplitTest check it.
     */
    static final int ROW_TILE = 12;

    /**
     * Whether OpenBLAS takes its direct (unpacked) kernel for a row-major, untransposed product with α = 1
     * and β = 0: its {@code sgemm_direct_performant} test on AVX-512 machines (m·n·k below 28·512², and n a
     * multiple of 4 or m·n·k below 8·512²). A product and its row blocks must agree on it to sum alike.
     */
    static boolean direct(int m, int n, int k) {
        long mnk = (long) m * n * k;
        return mnk < 28L * 512 * 512 && ((n & 3) == 0 || mnk < 8L * 512 * 512);
    }

    /**
     * How many parts {@link #nnPart} runs an m × n × k product in, for {@code threads} threads: the pieces
     * {@link #nn} itself cuts it into when there are several (each part then one of {@code nn}'s calls), else
     * as many blocks of whole {@link #ROW_TILE}s of rows as threads (fewer when blocks that small would
     * take another path than the whole product, {@link #direct}), else 1. Either way every output is summed
     * as {@code nn} sums it.
     */
    static int parts(int m, int n, int k, int threads) {
        int p = piece(m, n, k);
        int r = p < n ? m : rows(m, n, k);
        int count = Math.multiplyExact(ceilDiv(n, p), ceilDiv(m, r));
        if (count >= 2) {
            return count;
        }
        boolean whole = direct(m, n, k);
        for (int q = Math.min(threads, m / ROW_TILE); q >= 2; q--) {
            boolean same = true;
            for (int i = 0; i < q; i++) {
                same &= direct(rowCut(m, i + 1, q) - rowCut(m, i, q), n, k) == whole;
            }
            if (same) {
                return q;
            }
        }
        return 1;
    }

    /**
     * Part {@code part} of {@code parts} ({@link #parts}) of {@link #nn}'s product with β = 0 (C overwritten),
     * same operands: one of the
     * calls {@code nn} makes, or one block of rows of its single call. Every part writes its own block of C,
     * so the parts may run at once on different threads, each with its own pointer objects (a lane's views).
     */
    static void nnPart(int part, int parts, int m, int n, int k, FloatPointer a, long aOff, int lda, FloatPointer b,
                       long bOff, int ldb, FloatPointer c, long cOff, int ldc) {
        int p = piece(m, n, k);
        int r = p < n ? m : rows(m, n, k);
        int cols = ceilDiv(n, p);
        int count = Math.multiplyExact(cols, ceilDiv(m, r));
        int m0;
        int mm;
        int n0 = 0;
        int nn = n;
        if (count >= 2) {
            m0 = part / cols * r;
            mm = Math.min(r, m - m0);
            n0 = part % cols * p;
            nn = Math.min(p, n - n0);
        } else {
            m0 = rowCut(m, part, parts);
            mm = rowCut(m, part + 1, parts) - m0;
        }
        if (part < 0 || part >= parts || count >= 2 && parts != count || mm <= 0 || nn <= 0) {
            throw new IllegalArgumentException("no part " + part + " of " + parts + " in a " + m + " × " + n + " × "
                    + k + " product");
        }
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                openblas_nolapack.CblasNoTrans, mm, nn, k, 1f, a.position(aOff + (long) m0 * lda), lda,
                b.position(bOff + n0), ldb, 0f, c.position(cOff + (long) m0 * ldc + n0), ldc);
        a.position(0);
        b.position(0);
        c.position(0);
    }

    /** Where row block {@code i} of {@code parts} starts: the nearest multiple of {@link #ROW_TILE}; m at the end. */
    private static int rowCut(int m, int i, int parts) {
        if (i >= parts) {
            return m;
        }
        long at = ((long) m * i / parts + ROW_TILE / 2) / ROW_TILE * ROW_TILE;
        return (int) Math.min(at, m);
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
