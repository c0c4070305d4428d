package dev.lamina.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The core's fused multiply-add ceiling as the JVM reaches it, for {@link GemmBench} to set the micro-kernel
 * against: twelve independent FMA chains on vectors of the preferred species, all in registers (enough chains
 * to cover the FMA latency on every core of today), no memory traffic. Loaded only when the Vector API module
 * is present.
 */
final class FmaPeak {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private FmaPeak() {
    }

    /** GFLOP/s of the best of eight rounds (2 flops per lane per FMA). */
    static double measure() {
        long n = 20_000_000;
        double best = 0;
        float sink = 0;
        for (int round = 0; round < 8; round++) {
            long t0 = System.nanoTime();
            sink += chains(n);
            double seconds = (System.nanoTime() - t0) / 1e9;
            best = Math.max(best, 12.0 * n * S.length() * 2 / seconds / 1e9);
        }
        return sink == 42 ? -best : best; // the sum is used, so the JIT keeps the chains
    }

    private static float chains(long n) {
        FloatVector a = FloatVector.broadcast(S, 0.999f);
        FloatVector b = FloatVector.broadcast(S, 1e-7f);
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        FloatVector c4 = c0;
        FloatVector c5 = c0;
        FloatVector c6 = c0;
        FloatVector c7 = c0;
        FloatVector c8 = c0;
        FloatVector c9 = c0;
        FloatVector c10 = c0;
        FloatVector c11 = c0;
        for (long i = 0; i < n; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
            c8 = c8.fma(a, b);
            c9 = c9.fma(a, b);
            c10 = c10.fma(a, b);
            c11 = c11.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }
}
