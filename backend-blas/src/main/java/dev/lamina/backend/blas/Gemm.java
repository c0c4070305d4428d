package dev.lamina.backend.blas;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Row-major {@code cblas_sgemm} calls cut along N into pieces of at most about a million multiply-adds:
 * below that OpenBLAS takes its small-matrix path, which is two to three times faster for the skinny
 * products of convolutions (measured: [16 × 150] × [150 × 6144] at 46 GFLOP/s in one call, 95–100 in
 * pieces of 384–416 columns; [6 × 25] × [25 × 43008] at 17–21 against 53–76).
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

    /**
     * C[m × n] = A[m × k] · B[k × n] (+ β·C), all row-major. {@code a} is used at its position; {@code b} and
     * {@code c} must be the caller's own (a lane's scratch, or fresh views of shared buffers): their positions
     * are set to {@code bOff}/{@code cOff} plus each piece's first column, then reset to 0.
     */
    static void nn(int m, int n, int k, FloatPointer a, int lda, FloatPointer b, long bOff, int ldb, float beta,
                   FloatPointer c, long cOff, int ldc) {
        int p = piece(m, n, k);
        for (int n0 = 0; n0 < n; n0 += p) {
            int nn = Math.min(p, n - n0);
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                    openblas_nolapack.CblasNoTrans, m, nn, k, 1f, a, lda, b.position(bOff + n0), ldb, beta,
                    c.position(cOff + n0), ldc);
        }
        b.position(0);
        c.position(0);
    }
}
