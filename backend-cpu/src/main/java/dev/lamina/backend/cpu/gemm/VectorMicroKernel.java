package dev.lamina.backend.cpu.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernel on {@code jdk.incubator.vector}: 4 rows × 2 vectors of the preferred species (32
 * columns with AVX-512), eight accumulators held in registers; each step loads two B vectors, broadcasts
 * four A values and does eight fused multiply-adds. Only ever loaded by {@link MicroKernels} after it has
 * seen the module, by reflection, so a JVM without the module never links this class.
 */
final class VectorMicroKernel extends MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int NR = 2 * L;

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public String describe() {
        return "jdk.incubator.vector, " + S.vectorBitSize() + "-bit float vectors, " + MR + "×" + NR
                + " tile, fused multiply-add";
    }

    @Override
    public void tile(int k, float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff,
                     float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        for (int p = 0; p < k; p++) {
            int bi = bOff + p * NR;
            int ai = aOff + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        store(c00, c01, bias[biasOff], c, cOff);
        store(c10, c11, bias[biasOff + 1], c, cOff + ldc);
        store(c20, c21, bias[biasOff + 2], c, cOff + 2 * ldc);
        store(c30, c31, bias[biasOff + 3], c, cOff + 3 * ldc);
    }

    private static void store(FloatVector lo, FloatVector hi, float bias, float[] c, int off) {
        lo.add(bias).intoArray(c, off);
        hi.add(bias).intoArray(c, off + L);
    }
}
