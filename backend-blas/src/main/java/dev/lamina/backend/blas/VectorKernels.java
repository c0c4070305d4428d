package dev.lamina.backend.blas;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link JavaKernels} on {@code jdk.incubator.vector}, in vectors of the preferred species (16 floats with
 * AVX-512). Only ever loaded by {@link JavaKernels} after it has seen the module, by reflection. Each kernel
 * loop is a method of more than 325 bytecodes ({@code -XX:FreqInlineSize}), which C2 therefore never inlines
 * but compiles as a unit of its own: inlined into a deep caller, the Vector API's own calls pass C2's
 * inlining depth and run as plain Java, boxing every vector (measured: 10× slower). Where the caller gives
 * slack ({@link #OVERRUN}), a range's last vector runs whole, into it, so there is no scalar tail. Multiplies and adds stay separate (no fused
 * multiply-add), so the values are those of the scalar loops.
 */
final class VectorKernels extends JavaKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Ints in half a vector: what one vector of pairs narrows to. */
    private static final VectorSpecies<Integer> HALF = VectorSpecies.of(int.class,
            VectorShape.forBitSize(S.vectorBitSize() / 2));

    VectorKernels() {
        if (L > OVERRUN) {
            throw new IllegalStateException(S + " is wider than the " + OVERRUN + " floats of slack");
        }
        // deinterleave reads a pair of floats as one long, the first float in its low half: check that once
        float[] src = new float[2 * L];
        for (int i = 0; i < src.length; i++) {
            src[i] = i;
        }
        float[] even = new float[L];
        float[] odd = new float[L];
        deinterleave(src, 0, L, even, 0, odd, 0);
        for (int j = 0; j < L; j++) {
            if (even[j] != 2 * j || odd[j] != 2 * j + 1) {
                throw new IllegalStateException("pairs of floats do not reinterpret as longs low half first here");
            }
        }
    }

    @Override
    String describe() {
        return "jdk.incubator.vector, " + S.vectorBitSize() + "-bit float vectors";
    }

    @Override
    void taps(float[] src, int[] off, float[] w, int w0, float[] acc, int n) {
        if (off.length == 9) {
            taps9(src, off, w, w0, acc, n);
            return;
        }
        tapsAny(src, off, w, w0, acc, n);
    }

    /**
     * Any tap count: four vectors of outputs per step, then two, then one, the taps' weights and offsets read
     * as it goes.
     */
    private static void tapsAny(float[] src, int[] off, float[] w, int w0, float[] acc, int n) {
        int taps = off.length;
        int o0 = off[0];
        float a0 = w[w0];
        int q = 0;
        for (; q + 3 * L < n; q += 4 * L) {
            FloatVector s = FloatVector.fromArray(S, src, o0 + q).mul(a0);
            FloatVector u = FloatVector.fromArray(S, src, o0 + q + L).mul(a0);
            FloatVector v = FloatVector.fromArray(S, src, o0 + q + 2 * L).mul(a0);
            FloatVector x = FloatVector.fromArray(S, src, o0 + q + 3 * L).mul(a0);
            for (int t = 1; t < taps; t++) {
                int o = off[t] + q;
                float a = w[w0 + t];
                s = s.add(FloatVector.fromArray(S, src, o).mul(a));
                u = u.add(FloatVector.fromArray(S, src, o + L).mul(a));
                v = v.add(FloatVector.fromArray(S, src, o + 2 * L).mul(a));
                x = x.add(FloatVector.fromArray(S, src, o + 3 * L).mul(a));
            }
            s.intoArray(acc, q);
            u.intoArray(acc, q + L);
            v.intoArray(acc, q + 2 * L);
            x.intoArray(acc, q + 3 * L);
        }
        for (; q + L < n; q += 2 * L) {
            FloatVector s = FloatVector.fromArray(S, src, o0 + q).mul(a0);
            FloatVector u = FloatVector.fromArray(S, src, o0 + q + L).mul(a0);
            for (int t = 1; t < taps; t++) {
                int o = off[t] + q;
                float a = w[w0 + t];
                s = s.add(FloatVector.fromArray(S, src, o).mul(a));
                u = u.add(FloatVector.fromArray(S, src, o + L).mul(a));
            }
            s.intoArray(acc, q);
            u.intoArray(acc, q + L);
        }
        for (; q < n; q += L) {
            FloatVector s = FloatVector.fromArray(S, src, o0 + q).mul(a0);
            for (int t = 1; t < taps; t++) {
                s = s.add(FloatVector.fromArray(S, src, off[t] + q).mul(w[w0 + t]));
            }
            s.intoArray(acc, q);
        }
    }

    /** A 3×3 kernel: the nine weights and offsets in registers. */
    private static void taps9(float[] src, int[] off, float[] w, int w0, float[] acc, int n) {
        float a0 = w[w0];
        float a1 = w[w0 + 1];
        float a2 = w[w0 + 2];
        float a3 = w[w0 + 3];
        float a4 = w[w0 + 4];
        float a5 = w[w0 + 5];
        float a6 = w[w0 + 6];
        float a7 = w[w0 + 7];
        float a8 = w[w0 + 8];
        int o0 = off[0];
        int o1 = off[1];
        int o2 = off[2];
        int o3 = off[3];
        int o4 = off[4];
        int o5 = off[5];
        int o6 = off[6];
        int o7 = off[7];
        int o8 = off[8];
        for (int q = 0; q < n; q += L) {
            FloatVector s = FloatVector.fromArray(S, src, o0 + q).mul(a0);
            s = s.add(FloatVector.fromArray(S, src, o1 + q).mul(a1));
            s = s.add(FloatVector.fromArray(S, src, o2 + q).mul(a2));
            s = s.add(FloatVector.fromArray(S, src, o3 + q).mul(a3));
            s = s.add(FloatVector.fromArray(S, src, o4 + q).mul(a4));
            s = s.add(FloatVector.fromArray(S, src, o5 + q).mul(a5));
            s = s.add(FloatVector.fromArray(S, src, o6 + q).mul(a6));
            s = s.add(FloatVector.fromArray(S, src, o7 + q).mul(a7));
            s = s.add(FloatVector.fromArray(S, src, o8 + q).mul(a8));
            s.intoArray(acc, q);
        }
    }

    @Override
    void hardtanh(float[] a, int from, int to, float bias, float min, float max) {
        clamp(a, from, to, true, bias, min, max);
    }

    @Override
    void hardtanh(float[] a, int from, int to, float min, float max) {
        clamp(a, from, to, false, 0f, min, max);
    }

    /**
     * Compares and blends: a lane below {@code min} takes min, above {@code max} max; NaN fails both. Two
     * vectors per step, then one, then the scalar tail.
     */
    private static void clamp(float[] a, int from, int to, boolean addBias, float bias, float min, float max) {
        FloatVector lo = FloatVector.broadcast(S, min);
        FloatVector hi = FloatVector.broadcast(S, max);
        int i = from;
        for (; i + 2 * L <= to; i += 2 * L) {
            FloatVector v = FloatVector.fromArray(S, a, i);
            FloatVector u = FloatVector.fromArray(S, a, i + L);
            if (addBias) {
                v = v.add(bias);
                u = u.add(bias);
            }
            v = v.blend(lo, v.compare(VectorOperators.LT, lo));
            u = u.blend(lo, u.compare(VectorOperators.LT, lo));
            v.blend(hi, v.compare(VectorOperators.GT, hi)).intoArray(a, i);
            u.blend(hi, u.compare(VectorOperators.GT, hi)).intoArray(a, i + L);
        }
        for (; i + L <= to; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, i);
            if (addBias) {
                v = v.add(bias);
            }
            v = v.blend(lo, v.compare(VectorOperators.LT, lo));
            v.blend(hi, v.compare(VectorOperators.GT, hi)).intoArray(a, i);
        }
        for (; i < to; i++) {
            float v = addBias ? a[i] + bias : a[i];
            a[i] = v < min ? min : v > max ? max : v;
        }
    }

    /**
     * A vector of floats read as half as many longs, each holding a pair (the first float in its low 32 bits):
     * narrowing the longs to ints keeps the first of each pair, shifting right by 32 first keeps the second.
     */
    @Override
    void deinterleave(float[] src, int from, int pairs, float[] even, int evenAt, float[] odd, int oddAt) {
        int half = L / 2;
        int j = 0;
        for (; j + 2 * half <= pairs; j += 2 * half) {
            LongVector v = FloatVector.fromArray(S, src, from + 2 * j).reinterpretAsLongs();
            LongVector u = FloatVector.fromArray(S, src, from + 2 * j + L).reinterpretAsLongs();
            ((IntVector) v.convertShape(VectorOperators.L2I, HALF, 0)).reinterpretAsFloats().intoArray(even, evenAt + j);
            ((IntVector) u.convertShape(VectorOperators.L2I, HALF, 0)).reinterpretAsFloats()
                    .intoArray(even, evenAt + j + half);
            ((IntVector) v.lanewise(VectorOperators.LSHR, 32).convertShape(VectorOperators.L2I, HALF, 0))
                    .reinterpretAsFloats().intoArray(odd, oddAt + j);
            ((IntVector) u.lanewise(VectorOperators.LSHR, 32).convertShape(VectorOperators.L2I, HALF, 0))
                    .reinterpretAsFloats().intoArray(odd, oddAt + j + half);
        }
        for (; j + half <= pairs; j += half) {
            LongVector v = FloatVector.fromArray(S, src, from + 2 * j).reinterpretAsLongs();
            ((IntVector) v.convertShape(VectorOperators.L2I, HALF, 0)).reinterpretAsFloats().intoArray(even, evenAt + j);
            ((IntVector) v.lanewise(VectorOperators.LSHR, 32).convertShape(VectorOperators.L2I, HALF, 0))
                    .reinterpretAsFloats().intoArray(odd, oddAt + j);
        }
        for (; j < pairs; j++) {
            even[evenAt + j] = src[from + 2 * j];
            odd[oddAt + j] = src[from + 2 * j + 1];
        }
    }

    /** {@code lanewise(MAX)} is Math.max lane by lane; four vectors per step, then two, one, the scalar tail. */
    @Override
    void max(float[] dst, int d, float[] src, int s, int n) {
        int i = 0;
        for (; i + 4 * L <= n; i += 4 * L) {
            FloatVector a0 = FloatVector.fromArray(S, dst, d + i);
            FloatVector a1 = FloatVector.fromArray(S, dst, d + i + L);
            FloatVector a2 = FloatVector.fromArray(S, dst, d + i + 2 * L);
            FloatVector a3 = FloatVector.fromArray(S, dst, d + i + 3 * L);
            a0.max(FloatVector.fromArray(S, src, s + i)).intoArray(dst, d + i);
            a1.max(FloatVector.fromArray(S, src, s + i + L)).intoArray(dst, d + i + L);
            a2.max(FloatVector.fromArray(S, src, s + i + 2 * L)).intoArray(dst, d + i + 2 * L);
            a3.max(FloatVector.fromArray(S, src, s + i + 3 * L)).intoArray(dst, d + i + 3 * L);
        }
        for (; i + 2 * L <= n; i += 2 * L) {
            FloatVector a0 = FloatVector.fromArray(S, dst, d + i);
            FloatVector a1 = FloatVector.fromArray(S, dst, d + i + L);
            a0.max(FloatVector.fromArray(S, src, s + i)).intoArray(dst, d + i);
            a1.max(FloatVector.fromArray(S, src, s + i + L)).intoArray(dst, d + i + L);
        }
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, dst, d + i).max(FloatVector.fromArray(S, src, s + i)).intoArray(dst, d + i);
        }
        for (; i < n; i++) {
            dst[d + i] = Math.max(dst[d + i], src[s + i]);
        }
    }
}
