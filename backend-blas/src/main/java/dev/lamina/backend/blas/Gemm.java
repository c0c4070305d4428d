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
     * C[m × n] = A[m × k] · B[k × n] (+ β·C), all row-major; {@code a} at position 0 (shared, never moved),
     * {@code b} and {@code c} owned by the caller's lane (their positions are set, then reset to 0).
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

    /**
     * C[m × n] = X[m × k] · W[n × k]ᵀ (+ β·C), row-major: a dense layer. {@code x}, {@code w}, {@code c} are
     * fresh views (shared buffers are never moved); their positions are the block's origin.
     */
    static void nt(int m, int n, int k, FloatPointer x, FloatPointer w, float beta, FloatPointer c, int ldc) {
        int p = piece(m, n, k);
        long w0 = w.position();
        long c0 = c.position();
        for (int n0 = 0; n0 < n; n0 += p) {
            int nn = Math.min(p, n - n0);
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                    openblas_nolapack.CblasTrans, m, nn, k, 1f, x, k, w.position(w0 + (long) n0 * k), k, beta,
                    c.position(c0 + n0), ldc);
        }
    }
}
