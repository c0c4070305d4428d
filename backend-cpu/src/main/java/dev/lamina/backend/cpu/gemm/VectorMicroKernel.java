package dev.lamina.backend.cpu.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
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

    /**
     * Kept as one loop nest over the panels: C2 then compiles it as a unit of its own (it is too large to be
     * inlined into the caller), where every vector operation is intrinsified; inlined into a large caller, the
     * fused multiply-adds were left as calls that box their vectors (10 MB per LeNet batch).
     */
    @Override
    public void tiles(int k, float[] a, int aOff, float[] b, int bOff, int panels, float[] bias, int biasOff,
                      float[] c, int cOff, int ldc) {
        float bias0 = bias[biasOff];
        float bias1 = bias[biasOff + 1];
        float bias2 = bias[biasOff + 2];
        float bias3 = bias[biasOff + 3];
        for (int t = 0; t < panels; t++) {
            int bt = bOff + t * k * NR;
            FloatVector c00 = FloatVector.zero(S);
            FloatVector c01 = c00;
            FloatVector c10 = c00;
            FloatVector c11 = c00;
            FloatVector c20 = c00;
            FloatVector c21 = c00;
            FloatVector c30 = c00;
            FloatVector c31 = c00;
            for (int p = 0; p < k; p++) {
                int bi = bt + p * NR;
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
            int ct = cOff + t * NR;
            store(c00, c01, bias0, c, ct);
            store(c10, c11, bias1, c, ct + ldc);
            store(c20, c21, bias2, c, ct + 2 * ldc);
            store(c30, c31, bias3, c, ct + 3 * ldc);
        }
    }

    /** As {@link #tiles}, step p's two B vectors loaded at {@code rowOff[p]}: one loop nest for the same reason. */
    @Override
    public void rowTiles(int k, float[] a, int aOff, float[] b, int bOff, int[] rowOff, int panels, float[] bias,
                         int biasOff, float[] c, int cOff, int ldc) {
        float bias0 = bias[biasOff];
        float bias1 = bias[biasOff + 1];
        float bias2 = bias[biasOff + 2];
        float bias3 = bias[biasOff + 3];
        for (int t = 0; t < panels; t++) {
            int bt = bOff + t * NR;
            FloatVector c00 = FloatVector.zero(S);
            FloatVector c01 = c00;
            FloatVector c10 = c00;
            FloatVector c11 = c00;
            FloatVector c20 = c00;
            FloatVector c21 = c00;
            FloatVector c30 = c00;
            FloatVector c31 = c00;
            for (int p = 0; p < k; p++) {
                int bi = bt + rowOff[p];
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
            int ct = cOff + t * NR;
            store(c00, c01, bias0, c, ct);
            store(c10, c11, bias1, c, ct + ldc);
            store(c20, c21, bias2, c, ct + 2 * ldc);
            store(c30, c31, bias3, c, ct + 3 * ldc);
        }
    }

    @Override
    public int lanes() {
        return L;
    }

    /**
     * Four vectors of outputs at a time (rows × column vectors taken in order), each with its own accumulator,
     * so that four chains of dependent fused multiply-adds overlap.
     */
    @Override
    public void taps(int taps, float[] w, int wOff, int[] tapOff, float[] src, int srcOff, int srcStep, float bias,
                     float[] out, int outOff, int outStep, int rows, int len) {
        int perRow = len / L;
        int units = rows * perRow;
        int u = 0;
        for (; u + 4 <= units; u += 4) {
            int s0 = srcOff + u / perRow * srcStep + u % perRow * L;
            int s1 = srcOff + (u + 1) / perRow * srcStep + (u + 1) % perRow * L;
            int s2 = srcOff + (u + 2) / perRow * srcStep + (u + 2) % perRow * L;
            int s3 = srcOff + (u + 3) / perRow * srcStep + (u + 3) % perRow * L;
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            for (int t = 0; t < taps; t++) {
                FloatVector wt = FloatVector.broadcast(S, w[wOff + t]);
                int d = tapOff[t];
                a0 = wt.fma(FloatVector.fromArray(S, src, s0 + d), a0);
                a1 = wt.fma(FloatVector.fromArray(S, src, s1 + d), a1);
                a2 = wt.fma(FloatVector.fromArray(S, src, s2 + d), a2);
                a3 = wt.fma(FloatVector.fromArray(S, src, s3 + d), a3);
            }
            a0.add(bias).intoArray(out, outOff + u / perRow * outStep + u % perRow * L);
            a1.add(bias).intoArray(out, outOff + (u + 1) / perRow * outStep + (u + 1) % perRow * L);
            a2.add(bias).intoArray(out, outOff + (u + 2) / perRow * outStep + (u + 2) % perRow * L);
            a3.add(bias).intoArray(out, outOff + (u + 3) / perRow * outStep + (u + 3) % perRow * L);
        }
        for (; u < units; u++) {
            int s0 = srcOff + u / perRow * srcStep + u % perRow * L;
            FloatVector a0 = FloatVector.zero(S);
            for (int t = 0; t < taps; t++) {
                a0 = FloatVector.broadcast(S, w[wOff + t]).fma(FloatVector.fromArray(S, src, s0 + tapOff[t]), a0);
            }
            a0.add(bias).intoArray(out, outOff + u / perRow * outStep + u % perRow * L);
        }
    }

    /** max then min, then each lane whose result equals its input (in value) takes the input's bits back. */
    @Override
    public void clamp(float[] x, int xOff, float[] out, int outOff, int len, float min, float max) {
        int i = 0;
        for (; i + L <= len; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector r = v.max(min).min(max);
            v.blend(r, r.compare(VectorOperators.NE, v)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            float v = x[xOff + i];
            float r = Math.min(Math.max(v, min), max);
            out[outOff + i] = r == v ? v : r; // a conditional move: the tail of every short row comes here
        }
    }

    /** {@link MicroKernel#maxWith}, a vector at a time (C2 leaves the loop scalar when the offsets differ). */
    @Override
    public void maxWith(float[] x, int xOff, float[] out, int outOff, int len, float floor) {
        int i = 0;
        for (; i + L <= len; i += L) {
            FloatVector.fromArray(S, x, xOff + i).max(floor).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = Math.max(x[xOff + i], floor);
        }
    }

    /** {@link MicroKernel#maxInto}, a vector at a time (C2 does not vectorise it: two runs of one array at run-time offsets). */
    @Override
    public void maxInto(float[] x, int to, int from, int len) {
        int i = 0;
        for (; i + L <= len; i += L) {
            FloatVector.fromArray(S, x, to + i).max(FloatVector.fromArray(S, x, from + i)).intoArray(x, to + i);
        }
        for (; i < len; i++) {
            x[to + i] = Math.max(x[to + i], x[from + i]);
        }
    }

    /** {@link MicroKernel#winogradInput}, L tiles at a time (the same additions), the last vector running past n. */
    @Override
    public void winogradInput(float[] par, int rowOff, int rowStride, int half, float[] v, int vOff, int xiStride,
                              int n) {
        for (int tx = 0; tx < n; tx += L) {
            for (int j = 0; j < 4; j++) {
                FloatVector s0 = combo(par, rowOff, half, tx, j);
                FloatVector s1 = combo(par, rowOff + rowStride, half, tx, j);
                FloatVector s2 = combo(par, rowOff + 2 * rowStride, half, tx, j);
                FloatVector s3 = combo(par, rowOff + 3 * rowStride, half, tx, j);
                s0.sub(s2).intoArray(v, vOff + j * xiStride + tx);
                s1.add(s2).intoArray(v, vOff + (4 + j) * xiStride + tx);
                s2.sub(s1).intoArray(v, vOff + (8 + j) * xiStride + tx);
                s1.sub(s3).intoArray(v, vOff + (12 + j) * xiStride + tx);
            }
        }
    }

    private static FloatVector combo(float[] par, int row, int half, int tx, int j) {
        switch (j) {
            case 0:
                return FloatVector.fromArray(S, par, row + tx).sub(FloatVector.fromArray(S, par, row + tx + 1));
            case 1:
                return FloatVector.fromArray(S, par, row + half + tx).add(FloatVector.fromArray(S, par, row + tx + 1));
            case 2:
                return FloatVector.fromArray(S, par, row + tx + 1).sub(FloatVector.fromArray(S, par, row + half + tx));
            default:
                return FloatVector.fromArray(S, par, row + half + tx)
                        .sub(FloatVector.fromArray(S, par, row + half + tx + 1));
        }
    }

    /** {@link MicroKernel#winogradOutput}, L tiles at a time (the same additions in the same order); the tail the scalar way. */
    @Override
    public void winogradOutput(float[] m, int mOff, int xiStride, float bias, float[] y, int yOff, int n) {
        int t = 0;
        for (; t + L <= n; t += L) {
            int o = mOff + t;
            FloatVector m1 = FloatVector.fromArray(S, m, o + xiStride);
            FloatVector m2 = FloatVector.fromArray(S, m, o + 2 * xiStride);
            FloatVector p00 = FloatVector.fromArray(S, m, o).add(m1).add(m2);
            FloatVector p01 = m1.sub(m2).sub(FloatVector.fromArray(S, m, o + 3 * xiStride));
            FloatVector m5 = FloatVector.fromArray(S, m, o + 5 * xiStride);
            FloatVector m6 = FloatVector.fromArray(S, m, o + 6 * xiStride);
            FloatVector p10 = FloatVector.fromArray(S, m, o + 4 * xiStride).add(m5).add(m6);
            FloatVector p11 = m5.sub(m6).sub(FloatVector.fromArray(S, m, o + 7 * xiStride));
            FloatVector m9 = FloatVector.fromArray(S, m, o + 9 * xiStride);
            FloatVector m10 = FloatVector.fromArray(S, m, o + 10 * xiStride);
            FloatVector p20 = FloatVector.fromArray(S, m, o + 8 * xiStride).add(m9).add(m10);
            FloatVector p21 = m9.sub(m10).sub(FloatVector.fromArray(S, m, o + 11 * xiStride));
            FloatVector m13 = FloatVector.fromArray(S, m, o + 13 * xiStride);
            FloatVector m14 = FloatVector.fromArray(S, m, o + 14 * xiStride);
            FloatVector p30 = FloatVector.fromArray(S, m, o + 12 * xiStride).add(m13).add(m14);
            FloatVector p31 = m13.sub(m14).sub(FloatVector.fromArray(S, m, o + 15 * xiStride));
            p00.add(p10).add(p20).add(bias).intoArray(y, yOff + t);
            p01.add(p11).add(p21).add(bias).intoArray(y, yOff + n + t);
            p10.sub(p20).sub(p30).add(bias).intoArray(y, yOff + 2 * n + t);
            p11.sub(p21).sub(p31).add(bias).intoArray(y, yOff + 3 * n + t);
        }
        tailOutput(m, mOff, xiStride, bias, y, yOff, t, n);
    }

    private static void store(FloatVector lo, FloatVector hi, float bias, float[] c, int off) {
        lo.add(bias).intoArray(c, off);
        hi.add(bias).intoArray(c, off + L);
    }
}
