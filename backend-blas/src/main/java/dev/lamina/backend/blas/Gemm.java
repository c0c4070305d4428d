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
     * How many parts {@link #nnPart} runs an m × n × k product in: the pieces {@link #nn} itself cuts it into
     * (1 when it makes one call). Each part is then one of {@code nn}'s own calls, so a split product sums
     * every output in the same order as {@code nn}: a product cut otherwise (say a single call in two halves
     * of rows) came out of OpenBLAS's kernels a few ulps different here.
     */
    static int parts(int m, int n, int k) {
        int p = piece(m, n, k);
        int r = p < n ? m : rows(m, n, k);
        return Math.multiplyExact(ceilDiv(n, p), ceilDiv(m, r));
    }

    /**
     * Part {@code part} of {@link #parts} of {@link #nn}'s product, same operands: exactly one of the calls
     * {@code nn} makes. Every part writes its own block of C, so the parts may run at once on different
     * threads, each with its own pointer objects (a lane's views).
     */
    static void nnPart(int part, int m, int n, int k, FloatPointer a, long aOff, int lda, FloatPointer b,
                       long bOff, int ldb, float beta, FloatPointer c, long cOff, int ldc) {
        int p = piece(m, n, k);
        int r = p < n ? m : rows(m, n, k);
        int cols = ceilDiv(n, p);
        int m0 = part / cols * r;
        int n0 = part % cols * p;
        int mm = Math.min(r, m - m0);
        int nn = Math.min(p, n - n0);
        if (part < 0 || mm <= 0 || nn <= 0) {
            throw new IllegalArgumentException("no part " + part + " in a " + m + " × " + n + " × " + k + " product");
        }
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                openblas_nolapack.CblasNoTrans, mm, nn, k, 1f, a.position(aOff + (long) m0 * lda), lda,
                b.position(bOff + n0), ldb, beta, c.position(cOff + (long) m0 * ldc + n0), ldc);
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
}
