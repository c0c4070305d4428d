package dev.lamina.backend.blas;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@link JavaKernels} on {@code jdk.incubator.vector}, in vectors of the preferred species (16 floats with
 * AVX-512). Only ever loaded by {@link JavaKernels} after it has seen the module, by reflection. Each vector
 * loop is a method of more than 325 bytecodes ({@code -XX:FreqInlineSize}), which C2 therefore never inlines
 * but compiles as a unit of its own: inlined into a deep caller, the Vector API's own calls pass C2's
 * inlining depth and run as plain Java, boxing every vector (measured: 10× slower); VectorKernelsSizeTest
 * checks the sizes. Where the caller gives slack ({@link #OVERRUN}), a range's last vector runs whole, into
 * it, so there is no scalar tail. Multiplies and adds stay separate (no fused multiply-add), so the values
 * are those of the scalar loops.
 */
final class VectorKernels extends JavaKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /*
     * Pairs are split and merged with permutations of one vector and blends, all in the preferred species:
     * every vector this class stores is of that one shape. (C2 intrinsifies FloatVector.intoArray through a
     * type profile shared by the whole JVM: once it has also seen vectors of another shape stored, say half
     * vectors after a narrowing conversion, stores compiled later are left as plain Java calls, 10× slower.)
     * EVEN / ODD: lane i takes lane 2i / 2i + 1 (mod L) of the vector it permutes; SPREAD_LO / SPREAD_HI:
     * lane i takes lane i / 2 / L/2 + i / 2; UPPER / ODD_LANES: the upper half / the odd lanes.
     */
    /**
     * Whether {@link #tile8x3}'s 28 vector registers fit: 512-bit vectors, i.e. AVX-512 and its 32 registers
     * (AVX2 has 16: the 6 × 2 tile there). Measured on AVX-512 only.
     */
    private static final boolean WIDE_TILE = S.vectorBitSize() >= 512;
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, i -> (2 * i) % L);
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(S, i -> (2 * i + 1) % L);
    private static final VectorShuffle<Float> SPREAD_LO = VectorShuffle.fromOp(S, i -> i / 2);
    private static final VectorShuffle<Float> SPREAD_HI = VectorShuffle.fromOp(S, i -> L / 2 + i / 2);
    private static final VectorMask<Float> UPPER = VectorMask.fromLong(S, ((1L << L) - 1) & ~((1L << (L / 2)) - 1));
    private static final VectorMask<Float> ODD_LANES = VectorMask.fromLong(S, 0xAAAA_AAAA_AAAA_AAAAL & ((1L << L) - 1));

    VectorKernels() {
        if (L > OVERRUN) {
            throw new IllegalStateException(S + " is wider than the " + OVERRUN + " floats of slack");
        }
        // the permutations, checked once
        float[] src = new float[2 * L];
        for (int i = 0; i < src.length; i++) {
            src[i] = i;
        }
        float[] even = new float[L];
        float[] odd = new float[L];
        deinterleave(src, 0, L, even, 0, odd, 0);
        for (int j = 0; j < L; j++) {
            if (even[j] != 2 * j || odd[j] != 2 * j + 1) {
                throw new IllegalStateException("the pair permutations do not split pairs here");
            }
        }
    }

    @Override
    String describe() {
        return "jdk.incubator.vector, " + S.vectorBitSize() + "-bit float vectors";
    }

    @Override
    int vectorBits() {
        return S.vectorBitSize();
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
        // the weights broadcast once (see relu): mul by a broadcast vector is mul(float), lane by lane
        FloatVector b0 = FloatVector.broadcast(S, a0);
        FloatVector b1 = FloatVector.broadcast(S, a1);
        FloatVector b2 = FloatVector.broadcast(S, a2);
        FloatVector b3 = FloatVector.broadcast(S, a3);
        FloatVector b4 = FloatVector.broadcast(S, a4);
        FloatVector b5 = FloatVector.broadcast(S, a5);
        FloatVector b6 = FloatVector.broadcast(S, a6);
        FloatVector b7 = FloatVector.broadcast(S, a7);
        FloatVector b8 = FloatVector.broadcast(S, a8);
        for (int q = 0; q < n; q += L) {
            FloatVector s = FloatVector.fromArray(S, src, o0 + q).mul(b0);
            s = s.add(FloatVector.fromArray(S, src, o1 + q).mul(b1));
            s = s.add(FloatVector.fromArray(S, src, o2 + q).mul(b2));
            s = s.add(FloatVector.fromArray(S, src, o3 + q).mul(b3));
            s = s.add(FloatVector.fromArray(S, src, o4 + q).mul(b4));
            s = s.add(FloatVector.fromArray(S, src, o5 + q).mul(b5));
            s = s.add(FloatVector.fromArray(S, src, o6 + q).mul(b6));
            s = s.add(FloatVector.fromArray(S, src, o7 + q).mul(b7));
            s = s.add(FloatVector.fromArray(S, src, o8 + q).mul(b8));
            s.intoArray(acc, q);
        }
    }

    /**
     * Channels in vectors: for each vector of channels its weights and bias loaded once for the row; for a 3×3
     * kernel of stride 1 or 2 the row's pixels then go two at a time, the input columns they share loaded once
     * (4 or 5 loads per kernel row for two outputs instead of 6); the channels past the last whole vector as
     * loops. Each output is still its own chain of fused multiply-adds in tap order.
     */
    @Override
    void depthwiseRow(float[] in, int[] rowAt, int kw, int sw, float[] w, float[] bias, int c, int j0, int j1,
                      Activation.Clamp clamp, float[] out, int outAt, int wout) {
        int taps = rowAt.length * kw;
        int whole = j1 - (j1 - j0) % L;
        if (taps == 9 && kw == 3) {
            for (int j = j0; j < whole; j += L) {
                row3x3(in, rowAt[0] + j, rowAt[1] + j, rowAt[2] + j, sw, w, bias, j, c, clamp, out, outAt + j, wout);
            }
        } else {
            FloatVector lo = FloatVector.broadcast(S, clamp.min());
            FloatVector hi = FloatVector.broadcast(S, clamp.max());
            for (int j = j0; j < whole; j += L) {
                FloatVector b = FloatVector.fromArray(S, bias, j);
                for (int ow = 0; ow < wout; ow++) {
                    int x = ow * sw * c + j;
                    FloatVector v = FloatVector.fromArray(S, in, rowAt[0] + x).mul(FloatVector.fromArray(S, w, j));
                    for (int t = 1; t < taps; t++) {
                        v = FloatVector.fromArray(S, in, rowAt[t / kw] + x + (t % kw) * c)
                                .fma(FloatVector.fromArray(S, w, t * c + j), v);
                    }
                    {
                        FloatVector r = v.add(b);
                        r = r.blend(lo, r.compare(VectorOperators.LT, lo));
                        r.blend(hi, r.compare(VectorOperators.GT, hi)).intoArray(out, outAt + ow * c + j);
                    }
                }
            }
        }
        if (whole < j1) {
            depthwiseRowLoops(in, rowAt, kw, sw, w, bias, c, whole, j1, clamp, out, outAt, wout);
        }
    }

    /**
     * One vector of channels of a 3×3 row: input rows at {@code a0, a1, a2} (this vector's first pixel), the
     * weights of tap {@code t} at {@code w[t·c + j]}, outputs from {@code o} on, {@code c} floats apart. (No
     * vector crosses the call: C2 would box one passed to a method it does not inline.)
     */
    private static void row3x3(float[] in, int a0, int a1, int a2, int sw, float[] w, float[] bias, int j, int c,
                               Activation.Clamp clamp, float[] out, int o, int wout) {
        FloatVector b = FloatVector.fromArray(S, bias, j);
        FloatVector lo = FloatVector.broadcast(S, clamp.min());
        FloatVector hi = FloatVector.broadcast(S, clamp.max());
        FloatVector w0 = FloatVector.fromArray(S, w, j);
        FloatVector w1 = FloatVector.fromArray(S, w, c + j);
        FloatVector w2 = FloatVector.fromArray(S, w, 2 * c + j);
        FloatVector w3 = FloatVector.fromArray(S, w, 3 * c + j);
        FloatVector w4 = FloatVector.fromArray(S, w, 4 * c + j);
        FloatVector w5 = FloatVector.fromArray(S, w, 5 * c + j);
        FloatVector w6 = FloatVector.fromArray(S, w, 6 * c + j);
        FloatVector w7 = FloatVector.fromArray(S, w, 7 * c + j);
        FloatVector w8 = FloatVector.fromArray(S, w, 8 * c + j);
        int ow = 0;
        if (sw == 1) {
            // outputs ow and ow + 1 read input columns ow … ow + 3
            for (; ow + 1 < wout; ow += 2) {
                int x = ow * c;
                FloatVector p0 = FloatVector.fromArray(S, in, a0 + x);
                FloatVector p1 = FloatVector.fromArray(S, in, a0 + x + c);
                FloatVector p2 = FloatVector.fromArray(S, in, a0 + x + 2 * c);
                FloatVector p3 = FloatVector.fromArray(S, in, a0 + x + 3 * c);
                FloatVector v = p0.mul(w0);
                FloatVector u = p1.mul(w0);
                v = p1.fma(w1, v);
                u = p2.fma(w1, u);
                v = p2.fma(w2, v);
                u = p3.fma(w2, u);
                p0 = FloatVector.fromArray(S, in, a1 + x);
                p1 = FloatVector.fromArray(S, in, a1 + x + c);
                p2 = FloatVector.fromArray(S, in, a1 + x + 2 * c);
                p3 = FloatVector.fromArray(S, in, a1 + x + 3 * c);
                v = p0.fma(w3, v);
                u = p1.fma(w3, u);
                v = p1.fma(w4, v);
                u = p2.fma(w4, u);
                v = p2.fma(w5, v);
                u = p3.fma(w5, u);
                p0 = FloatVector.fromArray(S, in, a2 + x);
                p1 = FloatVector.fromArray(S, in, a2 + x + c);
                p2 = FloatVector.fromArray(S, in, a2 + x + 2 * c);
                p3 = FloatVector.fromArray(S, in, a2 + x + 3 * c);
                v = p0.fma(w6, v);
                u = p1.fma(w6, u);
                v = p1.fma(w7, v);
                u = p2.fma(w7, u);
                v = p2.fma(w8, v);
                u = p3.fma(w8, u);
                {
                    FloatVector r = v.add(b);
                    r = r.blend(lo, r.compare(VectorOperators.LT, lo));
                    r.blend(hi, r.compare(VectorOperators.GT, hi)).intoArray(out, o + ow * c);
                }
                {
                    FloatVector r = u.add(b);
                    r = r.blend(lo, r.compare(VectorOperators.LT, lo));
                    r.blend(hi, r.compare(VectorOperators.GT, hi)).intoArray(out, o + (ow + 1) * c);
                }
            }
        } else if (sw == 2) {
            // outputs ow and ow + 1 read input columns 2·ow … 2·ow + 4
            for (; ow + 1 < wout; ow += 2) {
                int x = 2 * ow * c;
                FloatVector p0 = FloatVector.fromArray(S, in, a0 + x);
                FloatVector p1 = FloatVector.fromArray(S, in, a0 + x + c);
                FloatVector p2 = FloatVector.fromArray(S, in, a0 + x + 2 * c);
                FloatVector p3 = FloatVector.fromArray(S, in, a0 + x + 3 * c);
                FloatVector p4 = FloatVector.fromArray(S, in, a0 + x + 4 * c);
                FloatVector v = p0.mul(w0);
                FloatVector u = p2.mul(w0);
                v = p1.fma(w1, v);
                u = p3.fma(w1, u);
                v = p2.fma(w2, v);
                u = p4.fma(w2, u);
                p0 = FloatVector.fromArray(S, in, a1 + x);
                p1 = FloatVector.fromArray(S, in, a1 + x + c);
                p2 = FloatVector.fromArray(S, in, a1 + x + 2 * c);
                p3 = FloatVector.fromArray(S, in, a1 + x + 3 * c);
                p4 = FloatVector.fromArray(S, in, a1 + x + 4 * c);
                v = p0.fma(w3, v);
                u = p2.fma(w3, u);
                v = p1.fma(w4, v);
                u = p3.fma(w4, u);
                v = p2.fma(w5, v);
                u = p4.fma(w5, u);
                p0 = FloatVector.fromArray(S, in, a2 + x);
                p1 = FloatVector.fromArray(S, in, a2 + x + c);
                p2 = FloatVector.fromArray(S, in, a2 + x + 2 * c);
                p3 = FloatVector.fromArray(S, in, a2 + x + 3 * c);
                p4 = FloatVector.fromArray(S, in, a2 + x + 4 * c);
                v = p0.fma(w6, v);
                u = p2.fma(w6, u);
                v = p1.fma(w7, v);
                u = p3.fma(w7, u);
                v = p2.fma(w8, v);
                u = p4.fma(w8, u);
                {
                    FloatVector r = v.add(b);
                    r = r.blend(lo, r.compare(VectorOperators.LT, lo));
                    r.blend(hi, r.compare(VectorOperators.GT, hi)).intoArray(out, o + ow * c);
                }
                {
                    FloatVector r = u.add(b);
                    r = r.blend(lo, r.compare(VectorOperators.LT, lo));
                    r.blend(hi, r.compare(VectorOperators.GT, hi)).intoArray(out, o + (ow + 1) * c);
                }
            }
        }
        for (; ow < wout; ow++) {
            int x = ow * sw * c;
            FloatVector v = FloatVector.fromArray(S, in, a0 + x).mul(w0);
            v = FloatVector.fromArray(S, in, a0 + x + c).fma(w1, v);
            v = FloatVector.fromArray(S, in, a0 + x + 2 * c).fma(w2, v);
            v = FloatVector.fromArray(S, in, a1 + x).fma(w3, v);
            v = FloatVector.fromArray(S, in, a1 + x + c).fma(w4, v);
            v = FloatVector.fromArray(S, in, a1 + x + 2 * c).fma(w5, v);
            v = FloatVector.fromArray(S, in, a2 + x).fma(w6, v);
            v = FloatVector.fromArray(S, in, a2 + x + c).fma(w7, v);
            v = FloatVector.fromArray(S, in, a2 + x + 2 * c).fma(w8, v);
            {
                FloatVector r = v.add(b);
                r = r.blend(lo, r.compare(VectorOperators.LT, lo));
                r.blend(hi, r.compare(VectorOperators.GT, hi)).intoArray(out, o + ow * c);
            }
        }
    }

    /** Per pixel: two vectors of channels per step, then one, then the channels past the last whole vector. */
    @Override
    void addChannels(float[] a, int from, int pixels, float[] bias, int biasAt, int c, Activation.Clamp clamp) {
        FloatVector lo = FloatVector.broadcast(S, clamp.min());
        FloatVector hi = FloatVector.broadcast(S, clamp.max());
        float l = clamp.min();
        float h = clamp.max();
        int whole = c - c % L;
        for (int p = 0; p < pixels; p++) {
            int at = from + p * c;
            int j = 0;
            for (; j + 2 * L <= whole; j += 2 * L) {
                FloatVector v = FloatVector.fromArray(S, a, at + j).add(FloatVector.fromArray(S, bias, biasAt + j));
                FloatVector u = FloatVector.fromArray(S, a, at + j + L).add(FloatVector.fromArray(S, bias, biasAt + j + L));
                v = v.blend(lo, v.compare(VectorOperators.LT, lo));
                u = u.blend(lo, u.compare(VectorOperators.LT, lo));
                v.blend(hi, v.compare(VectorOperators.GT, hi)).intoArray(a, at + j);
                u.blend(hi, u.compare(VectorOperators.GT, hi)).intoArray(a, at + j + L);
            }
            for (; j < whole; j += L) {
                FloatVector v = FloatVector.fromArray(S, a, at + j).add(FloatVector.fromArray(S, bias, biasAt + j));
                v = v.blend(lo, v.compare(VectorOperators.LT, lo));
                v.blend(hi, v.compare(VectorOperators.GT, hi)).intoArray(a, at + j);
            }
            for (; j < c; j++) {
                float v = a[at + j] + bias[biasAt + j];
                a[at + j] = v < l ? l : v > h ? h : v;
            }
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
        FloatVector b = FloatVector.broadcast(S, bias);
        int i = from;
        for (; i + 2 * L <= to; i += 2 * L) {
            FloatVector v = FloatVector.fromArray(S, a, i);
            FloatVector u = FloatVector.fromArray(S, a, i + L);
            if (addBias) {
                v = v.add(b);
                u = u.add(b);
            }
            v = v.blend(lo, v.compare(VectorOperators.LT, lo));
            u = u.blend(lo, u.compare(VectorOperators.LT, lo));
            v.blend(hi, v.compare(VectorOperators.GT, hi)).intoArray(a, i);
            u.blend(hi, u.compare(VectorOperators.GT, hi)).intoArray(a, i + L);
        }
        for (; i + L <= to; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, i);
            if (addBias) {
                v = v.add(b);
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
     * Two vectors of pairs: the evens of each permuted into its lower lanes and blended, the first vector's in the
     * lower half, the second's in the upper; likewise the odds.
     */
    @Override
    void deinterleave(float[] src, int from, int pairs, float[] even, int evenAt, float[] odd, int oddAt) {
        int j = 0;
        for (; j + 2 * L <= pairs; j += 2 * L) {
            FloatVector v = FloatVector.fromArray(S, src, from + 2 * j);
            FloatVector u = FloatVector.fromArray(S, src, from + 2 * j + L);
            FloatVector x = FloatVector.fromArray(S, src, from + 2 * j + 2 * L);
            FloatVector y = FloatVector.fromArray(S, src, from + 2 * j + 3 * L);
            v.rearrange(EVEN).blend(u.rearrange(EVEN), UPPER).intoArray(even, evenAt + j);
            v.rearrange(ODD).blend(u.rearrange(ODD), UPPER).intoArray(odd, oddAt + j);
            x.rearrange(EVEN).blend(y.rearrange(EVEN), UPPER).intoArray(even, evenAt + j + L);
            x.rearrange(ODD).blend(y.rearrange(ODD), UPPER).intoArray(odd, oddAt + j + L);
        }
        for (; j + L <= pairs; j += L) {
            FloatVector v = FloatVector.fromArray(S, src, from + 2 * j);
            FloatVector u = FloatVector.fromArray(S, src, from + 2 * j + L);
            v.rearrange(EVEN).blend(u.rearrange(EVEN), UPPER).intoArray(even, evenAt + j);
            v.rearrange(ODD).blend(u.rearrange(ODD), UPPER).intoArray(odd, oddAt + j);
        }
        if (j < pairs && pairs >= L) {
            // the last vector of pairs ends at the range's end, overlapping the one before (the same values
            // again): a 56-wide row is 28 pairs, 12 of them a scalar tail otherwise
            j = pairs - L;
            FloatVector v = FloatVector.fromArray(S, src, from + 2 * j);
            FloatVector u = FloatVector.fromArray(S, src, from + 2 * j + L);
            v.rearrange(EVEN).blend(u.rearrange(EVEN), UPPER).intoArray(even, evenAt + j);
            v.rearrange(ODD).blend(u.rearrange(ODD), UPPER).intoArray(odd, oddAt + j);
            return;
        }
        for (; j < pairs; j++) {
            even[evenAt + j] = src[from + 2 * j];
            odd[oddAt + j] = src[from + 2 * j + 1];
        }
    }

    @Override
    boolean fastGemm() {
        return true;
    }

    /**
     * Where the columns suit them ({@link #gemmTiles}), the rows in tiles of eight on panels of three vectors
     * ({@link #tile8x3}); the rows left, and all of them otherwise, as follows.
     * Column panels of two vectors, each read once from B for all of C's rows: rows in tiles of six (twelve
     * accumulators, two B vectors and one broadcast: fifteen of AVX2's sixteen registers), four where six
     * would leave a remainder of two (16 = 6 + 6 + 4), then one. The last panel ends at {@code n}: where
     * {@code n} is not a whole number of panels it overlaps the one before and computes some columns again,
     * to the same values, so there is no column tail (fewer than two vectors of columns: the plain loops).
     * B's rows are wherever {@code rowAt} says: for a conv, slices of a few small input planes that stay in L1
     * (measured here on AVX-512, [16 × 150] × [150 × 96]: 142 GFLOP/s from a contiguous block, 103 across an
     * im2col of four images, rows 1.5 KB apart). Every sum is the same chain of fused multiply-adds in
     * {@code t} order.
     */
    @Override
    void gemm(float[] a, int aAt, int m, int k, float[] b, int[] rowAt, int n, float[] c, int cAt, int ldc) {
        gemmTiles(a, aAt, m, k, b, rowAt, n, c, cAt, ldc, false);
    }

    /** Tiles of eight rows on 512-bit vectors ({@link #WIDE_TILE}: the tiles of eight there are); else none. */
    @Override
    int rowTile() {
        return WIDE_TILE ? ROW_TILE : 0;
    }

    private static final int ROW_TILE = 8;

    /**
     * {@link #gemm}'s tiles of eight rows on A as {@link #tileRows} lays it out ({@link #tile8x3Tiled},
     * {@link #tile8x2Tiled}); the rows past them as {@link #gemm} takes them. Without the tiles (not
     * {@link #WIDE_TILE}) the layout is plain rows, and so is this {@link #gemm}.
     */
    @Override
    void gemmTiled(float[] a, int aAt, int m, int k, float[] b, int[] rowAt, int n, float[] c, int cAt, int ldc) {
        gemmTiles(a, aAt, m, k, b, rowAt, n, c, cAt, ldc, WIDE_TILE);
    }

    /**
     * {@link #gemm}: the eight-filter tiles first where panels of three vectors suit the columns — at least one
     * whole panel, and the columns they compute (overlap included) at most 5/4 of those of two-vector panels,
     * on 512-bit vectors ({@link #WIDE_TILE}):
     * the wider tile is ~25 % faster, so it wins unless it computes more than that many extra columns
     * ([512 × 2304] × [2304 × 56], ResNet's last strided conv: 96 columns for 56 against 64, 65 GFLOP/s against
     * 75) —, then the rows they leave (or all of them) on panels of two vectors: in 8 × 2 tiles on 512-bit
     * vectors ({@link #tile8x2}), then 6 × 2, 4 × 2 and 1 × 2 tiles.
     *
     * <p>Only loops over tiles here, no vector: each call of a tile method is one tile over all of k, a few
     * microseconds, so C2 compiles the tiles from profiles of whole calls. With a panel or a whole product per
     * call (ResNet-18's stem: 3.6 ms), the first calls ran on in on-stack-replaced code, the profile never saw
     * the outer loop end, C2 compiled that exit as never taken, and the first return deoptimised the kernel to
     * unintrinsified code for seconds (3 of 6 fresh JVMs: 20–140 MB allocated per ResNet-18 call, 3–4× slower).
     */
    private static void gemmTiles(float[] a, int aAt, int m, int k, float[] b, int[] rowAt, int n, float[] c,
                                  int cAt, int ldc, boolean tiled) {
        if (tiled && n < 2 * L) {
            gemmTiledLoops(a, aAt, m, k, ROW_TILE, b, rowAt, n, c, cAt, ldc);
            return;
        }
        long three = (long) (n + 3 * L - 1) / (3 * L) * (3 * L);
        long two = (long) (n + 2 * L - 1) / (2 * L) * (2 * L);
        int m8 = WIDE_TILE && n >= 3 * L && 4 * three <= 5 * two ? m - m % 8 : 0;
        if (m8 > 0) {
            for (int p = 0; p < n; p += 3 * L) {
                int q = Math.min(p, n - 3 * L);
                for (int i = 0; i < m8; i += 8) {
                    if (tiled) {
                        tile8x3Tiled(a, aAt + i * k, k, b, rowAt, q, c, cAt + i * ldc + q, ldc);
                    } else {
                        tile8x3(a, aAt + i * k, k, b, rowAt, q, c, cAt + i * ldc + q, ldc);
                    }
                }
            }
            aAt += m8 * k;
            cAt += m8 * ldc;
            m -= m8;
            if (m == 0) {
                return;
            }
        }
        if (n < 2 * L) {
            gemmLoops(a, aAt, m, k, b, rowAt, n, c, cAt, ldc);
            return;
        }
        for (int p = 0; p < n; p += 2 * L) {
            int q = Math.min(p, n - 2 * L);
            int i = 0;
            if (WIDE_TILE) {
                for (; i + 8 <= m; i += 8) {
                    if (tiled) {
                        tile8x2Tiled(a, aAt + i * k, k, b, rowAt, q, c, cAt + i * ldc + q, ldc);
                    } else {
                        tile8x2(a, aAt + i * k, k, b, rowAt, q, c, cAt + i * ldc + q, ldc);
                    }
                }
            }
            for (; i + 6 <= m && m - i != 8; i += 6) {
                tile6x2(a, aAt + i * k, k, b, rowAt, q, c, cAt + i * ldc + q, ldc);
            }
            if (i < m) {
                rows2(a, aAt + i * k, m - i, k, b, rowAt, q, c, cAt + i * ldc + q, ldc);
            }
        }
    }

    /**
     * One tile of eight filters (rows of {@code a} from {@code w0}, {@code k} apart) on a panel of three vectors
     * (columns {@code q …} of B's rows), into {@code c} from {@code ct}, rows {@code ldc} apart: 24 accumulators,
     * three B vectors and one broadcast, 28 of AVX-512's 32 registers; per k step 3 loads and 8 broadcasts for
     * 24 fused multiply-adds (the 6 × 2 tile: 8 for 12). Each output is one chain of fused multiply-adds in k
     * order from zero, as in every tile. Measured alone on Zen 4, one thread: [64 × 147] × [147 × 12880]
     * (ResNet's stem) 96 GFLOP/s against 75, [128 × 576] × [576 × 812] 108 against 87, [16 × 150] × [150 × 672]
     * 110 against 88 (FMA peak 113).
     */
    private static void tile8x3(float[] a, int w0, int k, float[] b, int[] rowAt, int q, float[] c, int ct,
                                int ldc) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00;
        FloatVector s40 = s00, s41 = s00, s42 = s00;
        FloatVector s50 = s00, s51 = s00, s52 = s00;
        FloatVector s60 = s00, s61 = s00, s62 = s00;
        FloatVector s70 = s00, s71 = s00, s72 = s00;
        for (int t = 0; t < k; t++) {
            int bt = rowAt[t] + q;
            FloatVector b0 = FloatVector.fromArray(S, b, bt);
            FloatVector b1 = FloatVector.fromArray(S, b, bt + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bt + 2 * L);
            int at = w0 + t;
            FloatVector x = FloatVector.broadcast(S, a[at]);
            s00 = b0.fma(x, s00); s01 = b1.fma(x, s01); s02 = b2.fma(x, s02);
            x = FloatVector.broadcast(S, a[at + k]);
            s10 = b0.fma(x, s10); s11 = b1.fma(x, s11); s12 = b2.fma(x, s12);
            x = FloatVector.broadcast(S, a[at + 2 * k]);
            s20 = b0.fma(x, s20); s21 = b1.fma(x, s21); s22 = b2.fma(x, s22);
            x = FloatVector.broadcast(S, a[at + 3 * k]);
            s30 = b0.fma(x, s30); s31 = b1.fma(x, s31); s32 = b2.fma(x, s32);
            x = FloatVector.broadcast(S, a[at + 4 * k]);
            s40 = b0.fma(x, s40); s41 = b1.fma(x, s41); s42 = b2.fma(x, s42);
            x = FloatVector.broadcast(S, a[at + 5 * k]);
            s50 = b0.fma(x, s50); s51 = b1.fma(x, s51); s52 = b2.fma(x, s52);
            x = FloatVector.broadcast(S, a[at + 6 * k]);
            s60 = b0.fma(x, s60); s61 = b1.fma(x, s61); s62 = b2.fma(x, s62);
            x = FloatVector.broadcast(S, a[at + 7 * k]);
            s70 = b0.fma(x, s70); s71 = b1.fma(x, s71); s72 = b2.fma(x, s72);
        }
        s00.intoArray(c, ct); s01.intoArray(c, ct + L); s02.intoArray(c, ct + 2 * L);
        ct += ldc;
        s10.intoArray(c, ct); s11.intoArray(c, ct + L); s12.intoArray(c, ct + 2 * L);
        ct += ldc;
        s20.intoArray(c, ct); s21.intoArray(c, ct + L); s22.intoArray(c, ct + 2 * L);
        ct += ldc;
        s30.intoArray(c, ct); s31.intoArray(c, ct + L); s32.intoArray(c, ct + 2 * L);
        ct += ldc;
        s40.intoArray(c, ct); s41.intoArray(c, ct + L); s42.intoArray(c, ct + 2 * L);
        ct += ldc;
        s50.intoArray(c, ct); s51.intoArray(c, ct + L); s52.intoArray(c, ct + 2 * L);
        ct += ldc;
        s60.intoArray(c, ct); s61.intoArray(c, ct + L); s62.intoArray(c, ct + 2 * L);
        ct += ldc;
        s70.intoArray(c, ct); s71.intoArray(c, ct + L); s72.intoArray(c, ct + 2 * L);
    }

    /**
     * {@link #tile8x3} on a tile of A as {@link #tileRows} lays it out: the eight rows' entries {@code t} side by
     * side at {@code w0 + 8t}, so the eight broadcasts of a k step read one run of 32 bytes, the tile's A one
     * stream. Measured alone on Zen 5, one thread, [128 × 576] × [576 × 812] over stride-2 phase planes (ResNet-18's
     * layer2.0.conv1): 140–160 GFLOP/s on rows {@code k} apart, 195–215 on the tile (FMA peak 245). The same sums.
     */
    private static void tile8x3Tiled(float[] a, int w0, int k, float[] b, int[] rowAt, int q, float[] c, int ct,
                                     int ldc) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00;
        FloatVector s40 = s00, s41 = s00, s42 = s00;
        FloatVector s50 = s00, s51 = s00, s52 = s00;
        FloatVector s60 = s00, s61 = s00, s62 = s00;
        FloatVector s70 = s00, s71 = s00, s72 = s00;
        for (int t = 0; t < k; t++) {
            int bt = rowAt[t] + q;
            FloatVector b0 = FloatVector.fromArray(S, b, bt);
            FloatVector b1 = FloatVector.fromArray(S, b, bt + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bt + 2 * L);
            int at = w0 + ROW_TILE * t;
            FloatVector x = FloatVector.broadcast(S, a[at]);
            s00 = b0.fma(x, s00); s01 = b1.fma(x, s01); s02 = b2.fma(x, s02);
            x = FloatVector.broadcast(S, a[at + 1]);
            s10 = b0.fma(x, s10); s11 = b1.fma(x, s11); s12 = b2.fma(x, s12);
            x = FloatVector.broadcast(S, a[at + 2]);
            s20 = b0.fma(x, s20); s21 = b1.fma(x, s21); s22 = b2.fma(x, s22);
            x = FloatVector.broadcast(S, a[at + 3]);
            s30 = b0.fma(x, s30); s31 = b1.fma(x, s31); s32 = b2.fma(x, s32);
            x = FloatVector.broadcast(S, a[at + 4]);
            s40 = b0.fma(x, s40); s41 = b1.fma(x, s41); s42 = b2.fma(x, s42);
            x = FloatVector.broadcast(S, a[at + 5]);
            s50 = b0.fma(x, s50); s51 = b1.fma(x, s51); s52 = b2.fma(x, s52);
            x = FloatVector.broadcast(S, a[at + 6]);
            s60 = b0.fma(x, s60); s61 = b1.fma(x, s61); s62 = b2.fma(x, s62);
            x = FloatVector.broadcast(S, a[at + 7]);
            s70 = b0.fma(x, s70); s71 = b1.fma(x, s71); s72 = b2.fma(x, s72);
        }
        s00.intoArray(c, ct); s01.intoArray(c, ct + L); s02.intoArray(c, ct + 2 * L);
        ct += ldc;
        s10.intoArray(c, ct); s11.intoArray(c, ct + L); s12.intoArray(c, ct + 2 * L);
        ct += ldc;
        s20.intoArray(c, ct); s21.intoArray(c, ct + L); s22.intoArray(c, ct + 2 * L);
        ct += ldc;
        s30.intoArray(c, ct); s31.intoArray(c, ct + L); s32.intoArray(c, ct + 2 * L);
        ct += ldc;
        s40.intoArray(c, ct); s41.intoArray(c, ct + L); s42.intoArray(c, ct + 2 * L);
        ct += ldc;
        s50.intoArray(c, ct); s51.intoArray(c, ct + L); s52.intoArray(c, ct + 2 * L);
        ct += ldc;
        s60.intoArray(c, ct); s61.intoArray(c, ct + L); s62.intoArray(c, ct + 2 * L);
        ct += ldc;
        s70.intoArray(c, ct); s71.intoArray(c, ct + L); s72.intoArray(c, ct + 2 * L);
    }

    /** {@link #tile8x2} on a tile of A as {@link #tileRows} lays it out, as {@link #tile8x3Tiled} reads it. */
    private static void tile8x2Tiled(float[] a, int w0, int k, float[] b, int[] rowAt, int q, float[] c, int ct,
                                     int ldc) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00;
        FloatVector s30 = s00, s31 = s00, s40 = s00, s41 = s00, s50 = s00, s51 = s00;
        FloatVector s60 = s00, s61 = s00, s70 = s00, s71 = s00;
        for (int t = 0; t < k; t++) {
            int bt = rowAt[t] + q;
            FloatVector b0 = FloatVector.fromArray(S, b, bt);
            FloatVector b1 = FloatVector.fromArray(S, b, bt + L);
            int at = w0 + ROW_TILE * t;
            FloatVector x = FloatVector.broadcast(S, a[at]);
            s00 = b0.fma(x, s00); s01 = b1.fma(x, s01);
            x = FloatVector.broadcast(S, a[at + 1]);
            s10 = b0.fma(x, s10); s11 = b1.fma(x, s11);
            x = FloatVector.broadcast(S, a[at + 2]);
            s20 = b0.fma(x, s20); s21 = b1.fma(x, s21);
            x = FloatVector.broadcast(S, a[at + 3]);
            s30 = b0.fma(x, s30); s31 = b1.fma(x, s31);
            x = FloatVector.broadcast(S, a[at + 4]);
            s40 = b0.fma(x, s40); s41 = b1.fma(x, s41);
            x = FloatVector.broadcast(S, a[at + 5]);
            s50 = b0.fma(x, s50); s51 = b1.fma(x, s51);
            x = FloatVector.broadcast(S, a[at + 6]);
            s60 = b0.fma(x, s60); s61 = b1.fma(x, s61);
            x = FloatVector.broadcast(S, a[at + 7]);
            s70 = b0.fma(x, s70); s71 = b1.fma(x, s71);
        }
        s00.intoArray(c, ct); s01.intoArray(c, ct + L);
        ct += ldc;
        s10.intoArray(c, ct); s11.intoArray(c, ct + L);
        ct += ldc;
        s20.intoArray(c, ct); s21.intoArray(c, ct + L);
        ct += ldc;
        s30.intoArray(c, ct); s31.intoArray(c, ct + L);
        ct += ldc;
        s40.intoArray(c, ct); s41.intoArray(c, ct + L);
        ct += ldc;
        s50.intoArray(c, ct); s51.intoArray(c, ct + L);
        ct += ldc;
        s60.intoArray(c, ct); s61.intoArray(c, ct + L);
        ct += ldc;
        s70.intoArray(c, ct); s71.intoArray(c, ct + L);
    }

    @Override
    boolean rowPairTiles(int w, int m) {
        return PAIR_TILES && rowPairShape(w, m);
    }

    /** Whether the row-pair tiles fit: 512-bit vectors of 16 floats (8-wide rows are half of one). */
    private static final boolean PAIR_TILES = WIDE_TILE && L == 16;

    /**
     * {@link JavaKernels#gemmRowPairs}'s tile: eight filters on two vectors of output-row pairs (two loads and
     * one blend with {@link #UPPER} per vector, 16 accumulators): rows {@code 0, 1} and {@code 2, 3} from {@code q} on, rows
     * {@code rs} apart in B; the vector of rows {@code (r, r+1)} is the slice at {@code q + r·rs} with its upper
     * half taken from the slice at {@code q + (r+1)·rs − L/2}. Into {@code c} from {@code ct}, dense (16 floats
     * per vector), filter rows {@code ldc} apart. Each output one chain of fused multiply-adds in k order from zero.
     */
    @Override
    void pairs8x2(float[] a, int w0, int k, float[] b, int[] rowAt, int q, int rs, float[] c, int ct, int ldc) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00;
        FloatVector s10 = s00, s11 = s00;
        FloatVector s20 = s00, s21 = s00;
        FloatVector s30 = s00, s31 = s00;
        FloatVector s40 = s00, s41 = s00;
        FloatVector s50 = s00, s51 = s00;
        FloatVector s60 = s00, s61 = s00;
        FloatVector s70 = s00, s71 = s00;
        int up = rs - L / 2;
        for (int t = 0; t < k; t++) {
            int bt = rowAt[t] + q;
            FloatVector b0 = FloatVector.fromArray(S, b, bt).blend(FloatVector.fromArray(S, b, bt + up), UPPER);
            FloatVector b1 = FloatVector.fromArray(S, b, bt + 2 * rs)
                    .blend(FloatVector.fromArray(S, b, bt + 2 * rs + up), UPPER);
            int at = w0 + t;
            FloatVector x = FloatVector.broadcast(S, a[at]);
            s00 = b0.fma(x, s00); s01 = b1.fma(x, s01);
            x = FloatVector.broadcast(S, a[at + k]);
            s10 = b0.fma(x, s10); s11 = b1.fma(x, s11);
            x = FloatVector.broadcast(S, a[at + 2 * k]);
            s20 = b0.fma(x, s20); s21 = b1.fma(x, s21);
            x = FloatVector.broadcast(S, a[at + 3 * k]);
            s30 = b0.fma(x, s30); s31 = b1.fma(x, s31);
            x = FloatVector.broadcast(S, a[at + 4 * k]);
            s40 = b0.fma(x, s40); s41 = b1.fma(x, s41);
            x = FloatVector.broadcast(S, a[at + 5 * k]);
            s50 = b0.fma(x, s50); s51 = b1.fma(x, s51);
            x = FloatVector.broadcast(S, a[at + 6 * k]);
            s60 = b0.fma(x, s60); s61 = b1.fma(x, s61);
            x = FloatVector.broadcast(S, a[at + 7 * k]);
            s70 = b0.fma(x, s70); s71 = b1.fma(x, s71);
        }
        s00.intoArray(c, ct); s01.intoArray(c, ct + L);
        ct += ldc;
        s10.intoArray(c, ct); s11.intoArray(c, ct + L);
        ct += ldc;
        s20.intoArray(c, ct); s21.intoArray(c, ct + L);
        ct += ldc;
        s30.intoArray(c, ct); s31.intoArray(c, ct + L);
        ct += ldc;
        s40.intoArray(c, ct); s41.intoArray(c, ct + L);
        ct += ldc;
        s50.intoArray(c, ct); s51.intoArray(c, ct + L);
        ct += ldc;
        s60.intoArray(c, ct); s61.intoArray(c, ct + L);
        ct += ldc;
        s70.intoArray(c, ct); s71.intoArray(c, ct + L);
    }

    /**
     * {@link JavaKernels#gemmRowPairs}' tile for rows 24 wide: six filters on one pair of rows, three vectors —
     * the first row's columns 0–15, its columns 16–23 with the next row's 0–7 (two loads, one blend with
     * {@link #UPPER}), the next row's 8–23 — 18 accumulators; per k step four loads, one blend, six broadcasts,
     * 18 fused multiply-adds. Into {@code c} from {@code ct}, dense, filter rows {@code ldc} apart.
     */
    @Override
    void pairs6x3(float[] a, int w0, int k, float[] b, int[] rowAt, int q, int rs, float[] c, int ct, int ldc) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00;
        FloatVector s40 = s00, s41 = s00, s42 = s00;
        FloatVector s50 = s00, s51 = s00, s52 = s00;
        int up = rs - L / 2;
        for (int t = 0; t < k; t++) {
            int bt = rowAt[t] + q;
            FloatVector b0 = FloatVector.fromArray(S, b, bt);
            FloatVector b1 = FloatVector.fromArray(S, b, bt + L).blend(FloatVector.fromArray(S, b, bt + up), UPPER);
            FloatVector b2 = FloatVector.fromArray(S, b, bt + rs + L / 2);
            int at = w0 + t;
            FloatVector x = FloatVector.broadcast(S, a[at]);
            s00 = b0.fma(x, s00); s01 = b1.fma(x, s01); s02 = b2.fma(x, s02);
            x = FloatVector.broadcast(S, a[at + k]);
            s10 = b0.fma(x, s10); s11 = b1.fma(x, s11); s12 = b2.fma(x, s12);
            x = FloatVector.broadcast(S, a[at + 2 * k]);
            s20 = b0.fma(x, s20); s21 = b1.fma(x, s21); s22 = b2.fma(x, s22);
            x = FloatVector.broadcast(S, a[at + 3 * k]);
            s30 = b0.fma(x, s30); s31 = b1.fma(x, s31); s32 = b2.fma(x, s32);
            x = FloatVector.broadcast(S, a[at + 4 * k]);
            s40 = b0.fma(x, s40); s41 = b1.fma(x, s41); s42 = b2.fma(x, s42);
            x = FloatVector.broadcast(S, a[at + 5 * k]);
            s50 = b0.fma(x, s50); s51 = b1.fma(x, s51); s52 = b2.fma(x, s52);
        }
        s00.intoArray(c, ct); s01.intoArray(c, ct + L); s02.intoArray(c, ct + 2 * L);
        ct += ldc;
        s10.intoArray(c, ct); s11.intoArray(c, ct + L); s12.intoArray(c, ct + 2 * L);
        ct += ldc;
        s20.intoArray(c, ct); s21.intoArray(c, ct + L); s22.intoArray(c, ct + 2 * L);
        ct += ldc;
        s30.intoArray(c, ct); s31.intoArray(c, ct + L); s32.intoArray(c, ct + 2 * L);
        ct += ldc;
        s40.intoArray(c, ct); s41.intoArray(c, ct + L); s42.intoArray(c, ct + 2 * L);
        ct += ldc;
        s50.intoArray(c, ct); s51.intoArray(c, ct + L); s52.intoArray(c, ct + 2 * L);
    }

    @Override
    int panelWidth() {
        return WIDE_TILE ? 3 * L : 0;
    }

    @Override
    int narrowPanelWidth() {
        return WIDE_TILE ? 2 * L : 0;
    }

    /**
     * Rows in tiles of eight ({@link #panelTile8}), then four, then one; on 512-bit vectors only
     * ({@link #panelWidth}). Measured alone on Zen 4, one thread: 16 × [16 × 512] × [512 × 528] (ResNet-18's last
     * Winograd convs, b1) 102–104 GFLOP/s, 16 × [48 × 256] × [256 × 288] 116.
     */
    @Override
    void gemmPanel(float[] a, int aAt, int[] rowAt, int m, int k, float[] b, int bAt, int w, float[] c, int cAt,
                   int ldc) {
        panelTiles(a, aAt, rowAt, m, k, b, bAt, w, c, cAt, ldc, null, 0, 0f, 0f);
    }

    /** The tiles of eight rows finish their outputs in registers ({@link #panelTile8}); the caller the rest. */
    @Override
    int gemmPanelFinishing(float[] a, int aAt, int[] rowAt, int m, int k, float[] b, int bAt, int w, float[] c,
                           int cAt, int ldc, float[] bias, int biasAt, Activation.Clamp clamp) {
        return panelTiles(a, aAt, rowAt, m, k, b, bAt, w, c, cAt, ldc, bias, biasAt, clamp.min(), clamp.max());
    }

    /**
     * {@link #gemmPanel}: tiles of eight rows, then of four, then the rows left one at a time — three
     * accumulators, the panel read again per row (from L1/L2: it is {@code k · 48} floats); on the narrow panel
     * of two vectors tiles of eight ({@link #panelTile8x2}), then single rows of two; the same sums. With
     * {@code bias} (not null), the tiles of eight finish their outputs in registers, the other rows are left to
     * the caller; returns how many rows are finished (the tiles of eight's).
     */
    private static int panelTiles(float[] a, int aAt, int[] rowAt, int m, int k, float[] b, int bAt, int w,
                                  float[] c, int cAt, int ldc, float[] bias, int biasAt, float min, float max) {
        if (w == 2 * L && WIDE_TILE) {
            // the narrow panel (narrowPanelWidth): tiles of eight rows, then the rows left one at a time
            int i = 0;
            for (; i + 8 <= m; i += 8) {
                panelTile8x2(a, aAt + i, rowAt, k, b, bAt, c, cAt + i * ldc, ldc, bias, biasAt, min, max);
            }
            for (; i < m; i++) {
                FloatVector s0 = FloatVector.zero(S), s1 = s0;
                int bt = bAt;
                for (int t = 0; t < k; t++) {
                    FloatVector x = FloatVector.broadcast(S, a[aAt + i + rowAt[t]]);
                    s0 = FloatVector.fromArray(S, b, bt).fma(x, s0);
                    s1 = FloatVector.fromArray(S, b, bt + L).fma(x, s1);
                    bt += 2 * L;
                }
                s0.intoArray(c, cAt + i * ldc);
                s1.intoArray(c, cAt + i * ldc + L);
            }
            return m - m % 8;
        }
        if (w != 3 * L) {
            throw new IllegalArgumentException("a panel of " + w + " columns, not " + 3 * L + " or " + 2 * L);
        }
        int i = 0;
        for (; i + 8 <= m; i += 8) {
            panelTile8(a, aAt + i, rowAt, k, b, bAt, c, cAt + i * ldc, ldc, bias, biasAt, min, max);
        }
        if (i + 4 <= m) {
            FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00;
            FloatVector s10 = s00, s11 = s00, s12 = s00;
            FloatVector s20 = s00, s21 = s00, s22 = s00;
            FloatVector s30 = s00, s31 = s00, s32 = s00;
            int bt = bAt;
            for (int t = 0; t < k; t++) {
                FloatVector b0 = FloatVector.fromArray(S, b, bt);
                FloatVector b1 = FloatVector.fromArray(S, b, bt + L);
                FloatVector b2 = FloatVector.fromArray(S, b, bt + 2 * L);
                bt += 3 * L;
                int at = aAt + i + rowAt[t];
                FloatVector x = FloatVector.broadcast(S, a[at]);
                s00 = b0.fma(x, s00); s01 = b1.fma(x, s01); s02 = b2.fma(x, s02);
                x = FloatVector.broadcast(S, a[at + 1]);
                s10 = b0.fma(x, s10); s11 = b1.fma(x, s11); s12 = b2.fma(x, s12);
                x = FloatVector.broadcast(S, a[at + 2]);
                s20 = b0.fma(x, s20); s21 = b1.fma(x, s21); s22 = b2.fma(x, s22);
                x = FloatVector.broadcast(S, a[at + 3]);
                s30 = b0.fma(x, s30); s31 = b1.fma(x, s31); s32 = b2.fma(x, s32);
            }
            int ct = cAt + i * ldc;
            s00.intoArray(c, ct); s01.intoArray(c, ct + L); s02.intoArray(c, ct + 2 * L);
            ct += ldc;
            s10.intoArray(c, ct); s11.intoArray(c, ct + L); s12.intoArray(c, ct + 2 * L);
            ct += ldc;
            s20.intoArray(c, ct); s21.intoArray(c, ct + L); s22.intoArray(c, ct + 2 * L);
            ct += ldc;
            s30.intoArray(c, ct); s31.intoArray(c, ct + L); s32.intoArray(c, ct + 2 * L);
            i += 4;
        }
        for (; i < m; i++) {
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0;
            int bt = bAt;
            for (int t = 0; t < k; t++) {
                FloatVector x = FloatVector.broadcast(S, a[aAt + i + rowAt[t]]);
                s0 = FloatVector.fromArray(S, b, bt).fma(x, s0);
                s1 = FloatVector.fromArray(S, b, bt + L).fma(x, s1);
                s2 = FloatVector.fromArray(S, b, bt + 2 * L).fma(x, s2);
                bt += 3 * L;
            }
            int ct = cAt + i * ldc;
            s0.intoArray(c, ct);
            s1.intoArray(c, ct + L);
            s2.intoArray(c, ct + 2 * L);
        }
        return m - m % 8;
    }

    /**
     * Eight rows of {@link #gemmPanel} on a panel of two vectors: 16 accumulators, per k step two B loads and
     * eight broadcasts; with {@code bias} (not null) each output finished in registers as {@link #panelTile8}
     * finishes it.
     */
    private static void panelTile8x2(float[] a, int aAt, int[] rowAt, int k, float[] b, int bt, float[] c, int ct,
                                     int ldc, float[] bias, int biasAt, float min, float max) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00;
        FloatVector s30 = s00, s31 = s00, s40 = s00, s41 = s00, s50 = s00, s51 = s00;
        FloatVector s60 = s00, s61 = s00, s70 = s00, s71 = s00;
        for (int t = 0; t < k; t++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bt);
            FloatVector b1 = FloatVector.fromArray(S, b, bt + L);
            bt += 2 * L;
            int at = aAt + rowAt[t];
            FloatVector x = FloatVector.broadcast(S, a[at]);
            s00 = b0.fma(x, s00); s01 = b1.fma(x, s01);
            x = FloatVector.broadcast(S, a[at + 1]);
            s10 = b0.fma(x, s10); s11 = b1.fma(x, s11);
            x = FloatVector.broadcast(S, a[at + 2]);
            s20 = b0.fma(x, s20); s21 = b1.fma(x, s21);
            x = FloatVector.broadcast(S, a[at + 3]);
            s30 = b0.fma(x, s30); s31 = b1.fma(x, s31);
            x = FloatVector.broadcast(S, a[at + 4]);
            s40 = b0.fma(x, s40); s41 = b1.fma(x, s41);
            x = FloatVector.broadcast(S, a[at + 5]);
            s50 = b0.fma(x, s50); s51 = b1.fma(x, s51);
            x = FloatVector.broadcast(S, a[at + 6]);
            s60 = b0.fma(x, s60); s61 = b1.fma(x, s61);
            x = FloatVector.broadcast(S, a[at + 7]);
            s70 = b0.fma(x, s70); s71 = b1.fma(x, s71);
        }
        if (bias != null) {
            FloatVector lo = FloatVector.broadcast(S, min);
            FloatVector hi = FloatVector.broadcast(S, max);
            FloatVector c0 = FloatVector.fromArray(S, bias, biasAt);
            FloatVector c1 = FloatVector.fromArray(S, bias, biasAt + L);
            // the bias and the clamp in registers, as panelTile8 (a helper method here ran boxed: 96 → 32 GFLOP/s)
            s00 = s00.add(c0); s00 = s00.blend(lo, s00.compare(VectorOperators.LT, lo));
            s00 = s00.blend(hi, s00.compare(VectorOperators.GT, hi));
            s01 = s01.add(c1); s01 = s01.blend(lo, s01.compare(VectorOperators.LT, lo));
            s01 = s01.blend(hi, s01.compare(VectorOperators.GT, hi));
            s10 = s10.add(c0); s10 = s10.blend(lo, s10.compare(VectorOperators.LT, lo));
            s10 = s10.blend(hi, s10.compare(VectorOperators.GT, hi));
            s11 = s11.add(c1); s11 = s11.blend(lo, s11.compare(VectorOperators.LT, lo));
            s11 = s11.blend(hi, s11.compare(VectorOperators.GT, hi));
            s20 = s20.add(c0); s20 = s20.blend(lo, s20.compare(VectorOperators.LT, lo));
            s20 = s20.blend(hi, s20.compare(VectorOperators.GT, hi));
            s21 = s21.add(c1); s21 = s21.blend(lo, s21.compare(VectorOperators.LT, lo));
            s21 = s21.blend(hi, s21.compare(VectorOperators.GT, hi));
            s30 = s30.add(c0); s30 = s30.blend(lo, s30.compare(VectorOperators.LT, lo));
            s30 = s30.blend(hi, s30.compare(VectorOperators.GT, hi));
            s31 = s31.add(c1); s31 = s31.blend(lo, s31.compare(VectorOperators.LT, lo));
            s31 = s31.blend(hi, s31.compare(VectorOperators.GT, hi));
            s40 = s40.add(c0); s40 = s40.blend(lo, s40.compare(VectorOperators.LT, lo));
            s40 = s40.blend(hi, s40.compare(VectorOperators.GT, hi));
            s41 = s41.add(c1); s41 = s41.blend(lo, s41.compare(VectorOperators.LT, lo));
            s41 = s41.blend(hi, s41.compare(VectorOperators.GT, hi));
            s50 = s50.add(c0); s50 = s50.blend(lo, s50.compare(VectorOperators.LT, lo));
            s50 = s50.blend(hi, s50.compare(VectorOperators.GT, hi));
            s51 = s51.add(c1); s51 = s51.blend(lo, s51.compare(VectorOperators.LT, lo));
            s51 = s51.blend(hi, s51.compare(VectorOperators.GT, hi));
            s60 = s60.add(c0); s60 = s60.blend(lo, s60.compare(VectorOperators.LT, lo));
            s60 = s60.blend(hi, s60.compare(VectorOperators.GT, hi));
            s61 = s61.add(c1); s61 = s61.blend(lo, s61.compare(VectorOperators.LT, lo));
            s61 = s61.blend(hi, s61.compare(VectorOperators.GT, hi));
            s70 = s70.add(c0); s70 = s70.blend(lo, s70.compare(VectorOperators.LT, lo));
            s70 = s70.blend(hi, s70.compare(VectorOperators.GT, hi));
            s71 = s71.add(c1); s71 = s71.blend(lo, s71.compare(VectorOperators.LT, lo));
            s71 = s71.blend(hi, s71.compare(VectorOperators.GT, hi));
        }
        s00.intoArray(c, ct); s01.intoArray(c, ct + L);
        ct += ldc;
        s10.intoArray(c, ct); s11.intoArray(c, ct + L);
        ct += ldc;
        s20.intoArray(c, ct); s21.intoArray(c, ct + L);
        ct += ldc;
        s30.intoArray(c, ct); s31.intoArray(c, ct + L);
        ct += ldc;
        s40.intoArray(c, ct); s41.intoArray(c, ct + L);
        ct += ldc;
        s50.intoArray(c, ct); s51.intoArray(c, ct + L);
        ct += ldc;
        s60.intoArray(c, ct); s61.intoArray(c, ct + L);
        ct += ldc;
        s70.intoArray(c, ct); s71.intoArray(c, ct + L);
    }

    /**
     * Eight rows of {@link #gemmPanel} on its panel of three vectors: 24 accumulators, per k step three B loads
     * (the panel is read in order) and eight broadcasts of A's column entries, which lie side by side.
     */
    private static void panelTile8(float[] a, int aAt, int[] rowAt, int k, float[] b, int bt, float[] c, int ct,
                                   int ldc, float[] bias, int biasAt, float min, float max) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00;
        FloatVector s40 = s00, s41 = s00, s42 = s00;
        FloatVector s50 = s00, s51 = s00, s52 = s00;
        FloatVector s60 = s00, s61 = s00, s62 = s00;
        FloatVector s70 = s00, s71 = s00, s72 = s00;
        for (int t = 0; t < k; t++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bt);
            FloatVector b1 = FloatVector.fromArray(S, b, bt + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bt + 2 * L);
            bt += 3 * L;
            int at = aAt + rowAt[t];
            FloatVector x = FloatVector.broadcast(S, a[at]);
            s00 = b0.fma(x, s00); s01 = b1.fma(x, s01); s02 = b2.fma(x, s02);
            x = FloatVector.broadcast(S, a[at + 1]);
            s10 = b0.fma(x, s10); s11 = b1.fma(x, s11); s12 = b2.fma(x, s12);
            x = FloatVector.broadcast(S, a[at + 2]);
            s20 = b0.fma(x, s20); s21 = b1.fma(x, s21); s22 = b2.fma(x, s22);
            x = FloatVector.broadcast(S, a[at + 3]);
            s30 = b0.fma(x, s30); s31 = b1.fma(x, s31); s32 = b2.fma(x, s32);
            x = FloatVector.broadcast(S, a[at + 4]);
            s40 = b0.fma(x, s40); s41 = b1.fma(x, s41); s42 = b2.fma(x, s42);
            x = FloatVector.broadcast(S, a[at + 5]);
            s50 = b0.fma(x, s50); s51 = b1.fma(x, s51); s52 = b2.fma(x, s52);
            x = FloatVector.broadcast(S, a[at + 6]);
            s60 = b0.fma(x, s60); s61 = b1.fma(x, s61); s62 = b2.fma(x, s62);
            x = FloatVector.broadcast(S, a[at + 7]);
            s70 = b0.fma(x, s70); s71 = b1.fma(x, s71); s72 = b2.fma(x, s72);
        }
        if (bias != null) {
            // the bias and the clamp in registers: addChannels' operations (NaN and −0 kept), nothing stored twice
            FloatVector lo = FloatVector.broadcast(S, min);
            FloatVector hi = FloatVector.broadcast(S, max);
            FloatVector c0 = FloatVector.fromArray(S, bias, biasAt);
            FloatVector c1 = FloatVector.fromArray(S, bias, biasAt + L);
            FloatVector c2 = FloatVector.fromArray(S, bias, biasAt + 2 * L);
            s00 = s00.add(c0); s00 = s00.blend(lo, s00.compare(VectorOperators.LT, lo));
            s00 = s00.blend(hi, s00.compare(VectorOperators.GT, hi));
            s01 = s01.add(c1); s01 = s01.blend(lo, s01.compare(VectorOperators.LT, lo));
            s01 = s01.blend(hi, s01.compare(VectorOperators.GT, hi));
            s02 = s02.add(c2); s02 = s02.blend(lo, s02.compare(VectorOperators.LT, lo));
            s02 = s02.blend(hi, s02.compare(VectorOperators.GT, hi));
            s10 = s10.add(c0); s10 = s10.blend(lo, s10.compare(VectorOperators.LT, lo));
            s10 = s10.blend(hi, s10.compare(VectorOperators.GT, hi));
            s11 = s11.add(c1); s11 = s11.blend(lo, s11.compare(VectorOperators.LT, lo));
            s11 = s11.blend(hi, s11.compare(VectorOperators.GT, hi));
            s12 = s12.add(c2); s12 = s12.blend(lo, s12.compare(VectorOperators.LT, lo));
            s12 = s12.blend(hi, s12.compare(VectorOperators.GT, hi));
            s20 = s20.add(c0); s20 = s20.blend(lo, s20.compare(VectorOperators.LT, lo));
            s20 = s20.blend(hi, s20.compare(VectorOperators.GT, hi));
            s21 = s21.add(c1); s21 = s21.blend(lo, s21.compare(VectorOperators.LT, lo));
            s21 = s21.blend(hi, s21.compare(VectorOperators.GT, hi));
            s22 = s22.add(c2); s22 = s22.blend(lo, s22.compare(VectorOperators.LT, lo));
            s22 = s22.blend(hi, s22.compare(VectorOperators.GT, hi));
            s30 = s30.add(c0); s30 = s30.blend(lo, s30.compare(VectorOperators.LT, lo));
            s30 = s30.blend(hi, s30.compare(VectorOperators.GT, hi));
            s31 = s31.add(c1); s31 = s31.blend(lo, s31.compare(VectorOperators.LT, lo));
            s31 = s31.blend(hi, s31.compare(VectorOperators.GT, hi));
            s32 = s32.add(c2); s32 = s32.blend(lo, s32.compare(VectorOperators.LT, lo));
            s32 = s32.blend(hi, s32.compare(VectorOperators.GT, hi));
            s40 = s40.add(c0); s40 = s40.blend(lo, s40.compare(VectorOperators.LT, lo));
            s40 = s40.blend(hi, s40.compare(VectorOperators.GT, hi));
            s41 = s41.add(c1); s41 = s41.blend(lo, s41.compare(VectorOperators.LT, lo));
            s41 = s41.blend(hi, s41.compare(VectorOperators.GT, hi));
            s42 = s42.add(c2); s42 = s42.blend(lo, s42.compare(VectorOperators.LT, lo));
            s42 = s42.blend(hi, s42.compare(VectorOperators.GT, hi));
            s50 = s50.add(c0); s50 = s50.blend(lo, s50.compare(VectorOperators.LT, lo));
            s50 = s50.blend(hi, s50.compare(VectorOperators.GT, hi));
            s51 = s51.add(c1); s51 = s51.blend(lo, s51.compare(VectorOperators.LT, lo));
            s51 = s51.blend(hi, s51.compare(VectorOperators.GT, hi));
            s52 = s52.add(c2); s52 = s52.blend(lo, s52.compare(VectorOperators.LT, lo));
            s52 = s52.blend(hi, s52.compare(VectorOperators.GT, hi));
            s60 = s60.add(c0); s60 = s60.blend(lo, s60.compare(VectorOperators.LT, lo));
            s60 = s60.blend(hi, s60.compare(VectorOperators.GT, hi));
            s61 = s61.add(c1); s61 = s61.blend(lo, s61.compare(VectorOperators.LT, lo));
            s61 = s61.blend(hi, s61.compare(VectorOperators.GT, hi));
            s62 = s62.add(c2); s62 = s62.blend(lo, s62.compare(VectorOperators.LT, lo));
            s62 = s62.blend(hi, s62.compare(VectorOperators.GT, hi));
            s70 = s70.add(c0); s70 = s70.blend(lo, s70.compare(VectorOperators.LT, lo));
            s70 = s70.blend(hi, s70.compare(VectorOperators.GT, hi));
            s71 = s71.add(c1); s71 = s71.blend(lo, s71.compare(VectorOperators.LT, lo));
            s71 = s71.blend(hi, s71.compare(VectorOperators.GT, hi));
            s72 = s72.add(c2); s72 = s72.blend(lo, s72.compare(VectorOperators.LT, lo));
            s72 = s72.blend(hi, s72.compare(VectorOperators.GT, hi));
        }
        s00.intoArray(c, ct); s01.intoArray(c, ct + L); s02.intoArray(c, ct + 2 * L);
        ct += ldc;
        s10.intoArray(c, ct); s11.intoArray(c, ct + L); s12.intoArray(c, ct + 2 * L);
        ct += ldc;
        s20.intoArray(c, ct); s21.intoArray(c, ct + L); s22.intoArray(c, ct + 2 * L);
        ct += ldc;
        s30.intoArray(c, ct); s31.intoArray(c, ct + L); s32.intoArray(c, ct + 2 * L);
        ct += ldc;
        s40.intoArray(c, ct); s41.intoArray(c, ct + L); s42.intoArray(c, ct + 2 * L);
        ct += ldc;
        s50.intoArray(c, ct); s51.intoArray(c, ct + L); s52.intoArray(c, ct + 2 * L);
        ct += ldc;
        s60.intoArray(c, ct); s61.intoArray(c, ct + L); s62.intoArray(c, ct + 2 * L);
        ct += ldc;
        s70.intoArray(c, ct); s71.intoArray(c, ct + L); s72.intoArray(c, ct + 2 * L);
    }

    /**
     * One tile of eight rows of {@code a} on a panel of two vectors, as {@link #tile6x2} with two rows more: 16
     * accumulators, two B vectors and one broadcast, 19 of AVX-512's 32 registers (AVX2's 16 take the 6 × 2);
     * per k step 2 loads and 8 broadcasts for 16 fused multiply-adds. Measured alone on Zen 5, one thread
     * (MobileNetV2's 32- and 64-filter project convs on the heap, 64 pixels a block): [64 × 192] × [192 × 32]
     * 103–133 → 133–170 GFLOP/s, [64 × 384] × [384 × 64] 110–125 → 154–159 against the 6 × 2 tiles.
     */
    private static void tile8x2(float[] a, int w0, int k, float[] b, int[] rowAt, int q, float[] c, int ct,
                                int ldc) {
        int w1 = w0 + k;
        int w2 = w1 + k;
        int w3 = w2 + k;
        int w4 = w3 + k;
        int w5 = w4 + k;
        int w6 = w5 + k;
        int w7 = w6 + k;
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
        FloatVector s40 = s00, s41 = s00, s50 = s00, s51 = s00, s60 = s00, s61 = s00, s70 = s00, s71 = s00;
        for (int t = 0; t < k; t++) {
            int bt = rowAt[t] + q;
            FloatVector b0 = FloatVector.fromArray(S, b, bt);
            FloatVector b1 = FloatVector.fromArray(S, b, bt + L);
            FloatVector x = FloatVector.broadcast(S, a[w0 + t]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = FloatVector.broadcast(S, a[w1 + t]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = FloatVector.broadcast(S, a[w2 + t]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = FloatVector.broadcast(S, a[w3 + t]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            x = FloatVector.broadcast(S, a[w4 + t]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            x = FloatVector.broadcast(S, a[w5 + t]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
            x = FloatVector.broadcast(S, a[w6 + t]);
            s60 = b0.fma(x, s60);
            s61 = b1.fma(x, s61);
            x = FloatVector.broadcast(S, a[w7 + t]);
            s70 = b0.fma(x, s70);
            s71 = b1.fma(x, s71);
        }
        s00.intoArray(c, ct);
        s01.intoArray(c, ct + L);
        s10.intoArray(c, ct + ldc);
        s11.intoArray(c, ct + ldc + L);
        s20.intoArray(c, ct + 2 * ldc);
        s21.intoArray(c, ct + 2 * ldc + L);
        s30.intoArray(c, ct + 3 * ldc);
        s31.intoArray(c, ct + 3 * ldc + L);
        s40.intoArray(c, ct + 4 * ldc);
        s41.intoArray(c, ct + 4 * ldc + L);
        s50.intoArray(c, ct + 5 * ldc);
        s51.intoArray(c, ct + 5 * ldc + L);
        s60.intoArray(c, ct + 6 * ldc);
        s61.intoArray(c, ct + 6 * ldc + L);
        s70.intoArray(c, ct + 7 * ldc);
        s71.intoArray(c, ct + 7 * ldc + L);
    }

    /**
     * One tile of six filters on a panel of two vectors (twelve accumulators, two B vectors and one broadcast:
     * fifteen of AVX2's sixteen registers), as {@link #tile8x3} takes its arguments.
     */
    private static void tile6x2(float[] a, int w0, int k, float[] b, int[] rowAt, int q, float[] c, int ct,
                                int ldc) {
        int w1 = w0 + k;
        int w2 = w1 + k;
        int w3 = w2 + k;
        int w4 = w3 + k;
        int w5 = w4 + k;
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00;
        FloatVector s10 = s00;
        FloatVector s11 = s00;
        FloatVector s20 = s00;
        FloatVector s21 = s00;
        FloatVector s30 = s00;
        FloatVector s31 = s00;
        FloatVector s40 = s00;
        FloatVector s41 = s00;
        FloatVector s50 = s00;
        FloatVector s51 = s00;
        for (int t = 0; t < k; t++) {
            int bt = rowAt[t] + q;
            FloatVector b0 = FloatVector.fromArray(S, b, bt);
            FloatVector b1 = FloatVector.fromArray(S, b, bt + L);
            FloatVector x = FloatVector.broadcast(S, a[w0 + t]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = FloatVector.broadcast(S, a[w1 + t]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = FloatVector.broadcast(S, a[w2 + t]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = FloatVector.broadcast(S, a[w3 + t]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            x = FloatVector.broadcast(S, a[w4 + t]);
            s40 = b0.fma(x, s40);
            s41 = b1.fma(x, s41);
            x = FloatVector.broadcast(S, a[w5 + t]);
            s50 = b0.fma(x, s50);
            s51 = b1.fma(x, s51);
        }
        s00.intoArray(c, ct);
        s01.intoArray(c, ct + L);
        s10.intoArray(c, ct + ldc);
        s11.intoArray(c, ct + ldc + L);
        s20.intoArray(c, ct + 2 * ldc);
        s21.intoArray(c, ct + 2 * ldc + L);
        s30.intoArray(c, ct + 3 * ldc);
        s31.intoArray(c, ct + 3 * ldc + L);
        s40.intoArray(c, ct + 4 * ldc);
        s41.intoArray(c, ct + 4 * ldc + L);
        s50.intoArray(c, ct + 5 * ldc);
        s51.intoArray(c, ct + 5 * ldc + L);
    }

    /**
     * The {@code rows} filters (at most nine) that tiles of six leave, on a panel of two vectors: tiles of four,
     * then one filter at a time; arguments as {@link #tile8x3}'s.
     */
    private static void rows2(float[] a, int aAt, int rows, int k, float[] b, int[] rowAt, int q, float[] c,
                              int cAt, int ldc) {
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            int w0 = aAt + i * k;
            int w1 = w0 + k;
            int w2 = w1 + k;
            int w3 = w2 + k;
            FloatVector s00 = FloatVector.zero(S);
            FloatVector s01 = s00;
            FloatVector s10 = s00;
            FloatVector s11 = s00;
            FloatVector s20 = s00;
            FloatVector s21 = s00;
            FloatVector s30 = s00;
            FloatVector s31 = s00;
            for (int t = 0; t < k; t++) {
                int bt = rowAt[t] + q;
                FloatVector b0 = FloatVector.fromArray(S, b, bt);
                FloatVector b1 = FloatVector.fromArray(S, b, bt + L);
                FloatVector x = FloatVector.broadcast(S, a[w0 + t]);
                s00 = b0.fma(x, s00);
                s01 = b1.fma(x, s01);
                x = FloatVector.broadcast(S, a[w1 + t]);
                s10 = b0.fma(x, s10);
                s11 = b1.fma(x, s11);
                x = FloatVector.broadcast(S, a[w2 + t]);
                s20 = b0.fma(x, s20);
                s21 = b1.fma(x, s21);
                x = FloatVector.broadcast(S, a[w3 + t]);
                s30 = b0.fma(x, s30);
                s31 = b1.fma(x, s31);
            }
            int ct = cAt + i * ldc;
            s00.intoArray(c, ct);
            s01.intoArray(c, ct + L);
            s10.intoArray(c, ct + ldc);
            s11.intoArray(c, ct + ldc + L);
            s20.intoArray(c, ct + 2 * ldc);
            s21.intoArray(c, ct + 2 * ldc + L);
            s30.intoArray(c, ct + 3 * ldc);
            s31.intoArray(c, ct + 3 * ldc + L);
        }
        for (; i < rows; i++) {
            int w0 = aAt + i * k;
            FloatVector s00 = FloatVector.zero(S);
            FloatVector s01 = s00;
            for (int t = 0; t < k; t++) {
                int bt = rowAt[t] + q;
                FloatVector b0 = FloatVector.fromArray(S, b, bt);
                FloatVector b1 = FloatVector.fromArray(S, b, bt + L);
                FloatVector x = FloatVector.broadcast(S, a[w0 + t]);
                s00 = b0.fma(x, s00);
                s01 = b1.fma(x, s01);
            }
            int ct = cAt + i * ldc;
            s00.intoArray(c, ct);
            s01.intoArray(c, ct + L);
        }
    }

    /**
     * Eight vectors per step, then two, one, the scalar tail; {@code lanewise(MAX)} is Math.max lane by lane
     * (adding a broadcast bias is {@code add(float)}, lane by lane).
     */
    /**
     * Four vectors a step loaded from and stored to the buffers themselves ({@code fromByteBuffer}), then one,
     * then the rest one by one: 0.15–0.2 ns a float against 0.36–0.45 through heap chunks (two copies in, one
     * out, two passes), measured on Zen 5 over 0.2 M and 1.6 M floats (ResNet-18's layer1 add at batches 1, 8).
     */
    @Override
    void addBuffers(ByteBuffer a, ByteBuffer b, ByteBuffer c, int from, int to, boolean relu) {
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        // without fromByteBuffer in this JVM's incubator module (Java 19 on), the plain loop does it all
        if (BUFFER_VECTORS && relu) {
            for (; i + 4 * L <= to; i += 4 * L) {
                int o = 4 * i;
                FloatVector.fromByteBuffer(S, a, o, NATIVE).add(FloatVector.fromByteBuffer(S, b, o, NATIVE)).max(zero)
                        .intoByteBuffer(c, o, NATIVE);
                FloatVector.fromByteBuffer(S, a, o + 4 * L, NATIVE).add(FloatVector.fromByteBuffer(S, b, o + 4 * L, NATIVE))
                        .max(zero).intoByteBuffer(c, o + 4 * L, NATIVE);
                FloatVector.fromByteBuffer(S, a, o + 8 * L, NATIVE).add(FloatVector.fromByteBuffer(S, b, o + 8 * L, NATIVE))
                        .max(zero).intoByteBuffer(c, o + 8 * L, NATIVE);
                FloatVector.fromByteBuffer(S, a, o + 12 * L, NATIVE)
                        .add(FloatVector.fromByteBuffer(S, b, o + 12 * L, NATIVE)).max(zero)
                        .intoByteBuffer(c, o + 12 * L, NATIVE);
            }
            for (; i + L <= to; i += L) {
                FloatVector.fromByteBuffer(S, a, 4 * i, NATIVE).add(FloatVector.fromByteBuffer(S, b, 4 * i, NATIVE))
                        .max(zero).intoByteBuffer(c, 4 * i, NATIVE);
            }
        } else if (BUFFER_VECTORS) {
            for (; i + 4 * L <= to; i += 4 * L) {
                int o = 4 * i;
                FloatVector.fromByteBuffer(S, a, o, NATIVE).add(FloatVector.fromByteBuffer(S, b, o, NATIVE))
                        .intoByteBuffer(c, o, NATIVE);
                FloatVector.fromByteBuffer(S, a, o + 4 * L, NATIVE).add(FloatVector.fromByteBuffer(S, b, o + 4 * L, NATIVE))
                        .intoByteBuffer(c, o + 4 * L, NATIVE);
                FloatVector.fromByteBuffer(S, a, o + 8 * L, NATIVE).add(FloatVector.fromByteBuffer(S, b, o + 8 * L, NATIVE))
                        .intoByteBuffer(c, o + 8 * L, NATIVE);
                FloatVector.fromByteBuffer(S, a, o + 12 * L, NATIVE)
                        .add(FloatVector.fromByteBuffer(S, b, o + 12 * L, NATIVE)).intoByteBuffer(c, o + 12 * L, NATIVE);
            }
            for (; i + L <= to; i += L) {
                FloatVector.fromByteBuffer(S, a, 4 * i, NATIVE).add(FloatVector.fromByteBuffer(S, b, 4 * i, NATIVE))
                        .intoByteBuffer(c, 4 * i, NATIVE);
            }
        }
        addBuffersLoop(a, b, c, i, to, relu);
    }

    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    /** Whether this JVM's {@code FloatVector} reads and writes byte buffers ({@code fromByteBuffer}: JDK 16–18). */
    private static final boolean BUFFER_VECTORS;

    static {
        boolean has;
        try {
            FloatVector.class.getMethod("fromByteBuffer", VectorSpecies.class, ByteBuffer.class, int.class,
                    ByteOrder.class);
            FloatVector.class.getMethod("intoByteBuffer", ByteBuffer.class, int.class, ByteOrder.class);
            has = true;
        } catch (NoSuchMethodException e) {
            has = false;
        }
        BUFFER_VECTORS = has;
    }

    @Override
    boolean addsBuffers() {
        return BUFFER_VECTORS;
    }

    /** Two vectors a step along each row, then one, then the rest one by one; the first row has two terms. */
    @Override
    void maxRowTriples(float[] src, int srcAt, int stride, int rows, int w, float[] dst, int dstAt) {
        for (int r = 0; r < rows; r++) {
            int mid = srcAt + 2 * r * stride;
            int up = r > 0 ? mid - stride : mid; // the first row: its own row again, max(a, a) = a
            int low = mid + stride;
            int d = dstAt + r * w;
            int x = 0;
            for (; x + 2 * L <= w; x += 2 * L) {
                FloatVector.fromArray(S, src, up + x).max(FloatVector.fromArray(S, src, mid + x))
                        .max(FloatVector.fromArray(S, src, low + x)).intoArray(dst, d + x);
                FloatVector.fromArray(S, src, up + x + L).max(FloatVector.fromArray(S, src, mid + x + L))
                        .max(FloatVector.fromArray(S, src, low + x + L)).intoArray(dst, d + x + L);
            }
            for (; x + L <= w; x += L) {
                FloatVector.fromArray(S, src, up + x).max(FloatVector.fromArray(S, src, mid + x))
                        .max(FloatVector.fromArray(S, src, low + x)).intoArray(dst, d + x);
            }
            for (; x < w; x++) {
                dst[d + x] = Math.max(Math.max(src[up + x], src[mid + x]), src[low + x]);
            }
        }
    }

    @Override
    void relu(float[] a, int from, int to, float bias) {
        // the bias and the zero broadcast once, not by every add(float) and max(float): less for C2 to parse in
        // every chain (late in a large method C2 sometimes left the last chains unintrinsified, boxing a vector
        // per operation: ResNet-18 after MobileNetV2 in one JVM, 2.4 MB per call)
        FloatVector b = FloatVector.broadcast(S, bias);
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        for (; i + 8 * L <= to; i += 8 * L) {
            FloatVector.fromArray(S, a, i).add(b).max(zero).intoArray(a, i);
            FloatVector.fromArray(S, a, i + L).add(b).max(zero).intoArray(a, i + L);
            FloatVector.fromArray(S, a, i + 2 * L).add(b).max(zero).intoArray(a, i + 2 * L);
            FloatVector.fromArray(S, a, i + 3 * L).add(b).max(zero).intoArray(a, i + 3 * L);
            FloatVector.fromArray(S, a, i + 4 * L).add(b).max(zero).intoArray(a, i + 4 * L);
            FloatVector.fromArray(S, a, i + 5 * L).add(b).max(zero).intoArray(a, i + 5 * L);
            FloatVector.fromArray(S, a, i + 6 * L).add(b).max(zero).intoArray(a, i + 6 * L);
            FloatVector.fromArray(S, a, i + 7 * L).add(b).max(zero).intoArray(a, i + 7 * L);
        }
        for (; i + 2 * L <= to; i += 2 * L) {
            FloatVector.fromArray(S, a, i).add(b).max(zero).intoArray(a, i);
            FloatVector.fromArray(S, a, i + L).add(b).max(zero).intoArray(a, i + L);
        }
        for (; i + L <= to; i += L) {
            FloatVector.fromArray(S, a, i).add(b).max(zero).intoArray(a, i);
        }
        for (; i < to; i++) {
            a[i] = Math.max(a[i] + bias, 0f);
        }
    }

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

    /**
     * A vector of each: every lane of the first half of {@code a} spread to an even lane, of {@code b} to an odd
     * lane, blended (the pairs 0 … L/2−1), then the same for the upper halves.
     */
    @Override
    void interleave(float[] a, int aAt, float[] b, int bAt, int pairs, float[] dst, int dAt) {
        int j = 0;
        for (; j + 2 * L <= pairs; j += 2 * L) {
            FloatVector x = FloatVector.fromArray(S, a, aAt + j);
            FloatVector y = FloatVector.fromArray(S, b, bAt + j);
            FloatVector z = FloatVector.fromArray(S, a, aAt + j + L);
            FloatVector w = FloatVector.fromArray(S, b, bAt + j + L);
            x.rearrange(SPREAD_LO).blend(y.rearrange(SPREAD_LO), ODD_LANES).intoArray(dst, dAt + 2 * j);
            x.rearrange(SPREAD_HI).blend(y.rearrange(SPREAD_HI), ODD_LANES).intoArray(dst, dAt + 2 * j + L);
            z.rearrange(SPREAD_LO).blend(w.rearrange(SPREAD_LO), ODD_LANES).intoArray(dst, dAt + 2 * j + 2 * L);
            z.rearrange(SPREAD_HI).blend(w.rearrange(SPREAD_HI), ODD_LANES).intoArray(dst, dAt + 2 * j + 3 * L);
        }
        for (; j + L <= pairs; j += L) {
            FloatVector x = FloatVector.fromArray(S, a, aAt + j);
            FloatVector y = FloatVector.fromArray(S, b, bAt + j);
            x.rearrange(SPREAD_LO).blend(y.rearrange(SPREAD_LO), ODD_LANES).intoArray(dst, dAt + 2 * j);
            x.rearrange(SPREAD_HI).blend(y.rearrange(SPREAD_HI), ODD_LANES).intoArray(dst, dAt + 2 * j + L);
        }
        for (; j < pairs; j++) {
            dst[dAt + 2 * j] = a[aAt + j];
            dst[dAt + 2 * j + 1] = b[bAt + j];
        }
    }

    /** {@code x·0} is ±0 for a finite x and NaN otherwise: the lanes' sums stay zero exactly when all are finite. */
    @Override
    boolean finite(float[] a, int from, int n) {
        FloatVector zero = FloatVector.zero(S); // broadcast once (see relu)
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = acc0;
        FloatVector acc2 = acc0;
        FloatVector acc3 = acc0;
        int i = from;
        int end = from + n;
        for (; i + 4 * L <= end; i += 4 * L) {
            acc0 = acc0.add(FloatVector.fromArray(S, a, i).mul(zero));
            acc1 = acc1.add(FloatVector.fromArray(S, a, i + L).mul(zero));
            acc2 = acc2.add(FloatVector.fromArray(S, a, i + 2 * L).mul(zero));
            acc3 = acc3.add(FloatVector.fromArray(S, a, i + 3 * L).mul(zero));
        }
        for (; i + 2 * L <= end; i += 2 * L) {
            acc0 = acc0.add(FloatVector.fromArray(S, a, i).mul(zero));
            acc1 = acc1.add(FloatVector.fromArray(S, a, i + L).mul(zero));
        }
        for (; i + L <= end; i += L) {
            acc0 = acc0.add(FloatVector.fromArray(S, a, i).mul(zero));
        }
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD) + acc2.add(acc3).reduceLanes(VectorOperators.ADD);
        for (; i < end; i++) {
            s += a[i] * 0f;
        }
        return s == 0f;
    }

    /**
     * Each of the four tile rows' column transforms once ({@code a, b, c, d}), then the sixteen outputs
     * ({@code V0–3 = a − c}, {@code V4–7 = b + c}, {@code V8–11 = c − b}, {@code V12–15 = b − d}): 16 loads
     * and 48 vector operations per 16 tiles. (It was two methods, each transforming again the rows it shares with
     * the other, while C2 sometimes compiled a large method with its vectors boxed; the cause was the trap
     * limit, see {@code VectorJit}.)
     */
    @Override
    void winogradInput(float[] e0, float[] o0, float[] e1, float[] o1, int tq, float[][] v, int vAt, int nt) {
        float[] v0 = v[vAt];
        float[] v1 = v[vAt + 1];
        float[] v2 = v[vAt + 2];
        float[] v3 = v[vAt + 3];
        float[] v4 = v[vAt + 4];
        float[] v5 = v[vAt + 5];
        float[] v6 = v[vAt + 6];
        float[] v7 = v[vAt + 7];
        float[] v8 = v[vAt + 8];
        float[] v9 = v[vAt + 9];
        float[] v10 = v[vAt + 10];
        float[] v11 = v[vAt + 11];
        float[] v12 = v[vAt + 12];
        float[] v13 = v[vAt + 13];
        float[] v14 = v[vAt + 14];
        float[] v15 = v[vAt + 15];
        for (int t = 0; t < nt; t += L) {
            int u = t + tq;
            FloatVector x0 = FloatVector.fromArray(S, e0, t);
            FloatVector x1 = FloatVector.fromArray(S, o0, t);
            FloatVector x2 = FloatVector.fromArray(S, e0, t + 1);
            FloatVector x3 = FloatVector.fromArray(S, o0, t + 1);
            FloatVector a0 = x0.sub(x2);
            FloatVector a1 = x1.add(x2);
            FloatVector a2 = x2.sub(x1);
            FloatVector a3 = x1.sub(x3);
            x0 = FloatVector.fromArray(S, e1, t);
            x1 = FloatVector.fromArray(S, o1, t);
            x2 = FloatVector.fromArray(S, e1, t + 1);
            x3 = FloatVector.fromArray(S, o1, t + 1);
            FloatVector b0 = x0.sub(x2);
            FloatVector b1 = x1.add(x2);
            FloatVector b2 = x2.sub(x1);
            FloatVector b3 = x1.sub(x3);
            x0 = FloatVector.fromArray(S, e0, u);
            x1 = FloatVector.fromArray(S, o0, u);
            x2 = FloatVector.fromArray(S, e0, u + 1);
            x3 = FloatVector.fromArray(S, o0, u + 1);
            FloatVector c0 = x0.sub(x2);
            FloatVector c1 = x1.add(x2);
            FloatVector c2 = x2.sub(x1);
            FloatVector c3 = x1.sub(x3);
            x0 = FloatVector.fromArray(S, e1, u);
            x1 = FloatVector.fromArray(S, o1, u);
            x2 = FloatVector.fromArray(S, e1, u + 1);
            x3 = FloatVector.fromArray(S, o1, u + 1);
            FloatVector d0 = x0.sub(x2);
            FloatVector d1 = x1.add(x2);
            FloatVector d2 = x2.sub(x1);
            FloatVector d3 = x1.sub(x3);
            a0.sub(c0).intoArray(v0, t);
            a1.sub(c1).intoArray(v1, t);
            a2.sub(c2).intoArray(v2, t);
            a3.sub(c3).intoArray(v3, t);
            b0.add(c0).intoArray(v4, t);
            b1.add(c1).intoArray(v5, t);
            b2.add(c2).intoArray(v6, t);
            b3.add(c3).intoArray(v7, t);
            c0.sub(b0).intoArray(v8, t);
            c1.sub(b1).intoArray(v9, t);
            c2.sub(b2).intoArray(v10, t);
            c3.sub(b3).intoArray(v11, t);
            b0.sub(d0).intoArray(v12, t);
            b1.sub(d1).intoArray(v13, t);
            b2.sub(d2).intoArray(v14, t);
            b3.sub(d3).intoArray(v15, t);
        }
    }

    @Override
    void winogradOutput(float[][] m, int mAt, int nt, float[] y00, float[] y01, float[] y10, float[] y11) {
        float[] m0 = m[mAt];
        float[] m1 = m[mAt + 1];
        float[] m2 = m[mAt + 2];
        float[] m3 = m[mAt + 3];
        float[] m4 = m[mAt + 4];
        float[] m5 = m[mAt + 5];
        float[] m6 = m[mAt + 6];
        float[] m7 = m[mAt + 7];
        float[] m8 = m[mAt + 8];
        float[] m9 = m[mAt + 9];
        float[] m10 = m[mAt + 10];
        float[] m11 = m[mAt + 11];
        float[] m12 = m[mAt + 12];
        float[] m13 = m[mAt + 13];
        float[] m14 = m[mAt + 14];
        float[] m15 = m[mAt + 15];
        for (int t = 0; t < nt; t += L) {
            FloatVector r4 = FloatVector.fromArray(S, m4, t);
            FloatVector r8 = FloatVector.fromArray(S, m8, t);
            FloatVector p0 = FloatVector.fromArray(S, m0, t).add(r4).add(r8);
            FloatVector q0 = r4.sub(r8).sub(FloatVector.fromArray(S, m12, t));
            FloatVector r5 = FloatVector.fromArray(S, m5, t);
            FloatVector r9 = FloatVector.fromArray(S, m9, t);
            FloatVector p1 = FloatVector.fromArray(S, m1, t).add(r5).add(r9);
            FloatVector q1 = r5.sub(r9).sub(FloatVector.fromArray(S, m13, t));
            FloatVector r6 = FloatVector.fromArray(S, m6, t);
            FloatVector r10 = FloatVector.fromArray(S, m10, t);
            FloatVector p2 = FloatVector.fromArray(S, m2, t).add(r6).add(r10);
            FloatVector q2 = r6.sub(r10).sub(FloatVector.fromArray(S, m14, t));
            FloatVector r7 = FloatVector.fromArray(S, m7, t);
            FloatVector r11 = FloatVector.fromArray(S, m11, t);
            FloatVector p3 = FloatVector.fromArray(S, m3, t).add(r7).add(r11);
            FloatVector q3 = r7.sub(r11).sub(FloatVector.fromArray(S, m15, t));
            p0.add(p1).add(p2).intoArray(y00, t);
            p1.sub(p2).sub(p3).intoArray(y01, t);
            q0.add(q1).add(q2).intoArray(y10, t);
            q1.sub(q2).sub(q3).intoArray(y11, t);
        }
    }
}
