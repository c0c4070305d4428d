package dev.lamina.backend.blas;

import java.nio.ByteBuffer;

/** {@link JavaKernels} as plain loops: what runs without the {@code jdk.incubator.vector} module. */
final class ScalarKernels extends JavaKernels {
    @Override
    String describe() {
        return "scalar loops";
    }

    @Override
    int vectorBits() {
        return 0;
    }

    @Override
    void gemm(float[] a, int aAt, int m, int k, float[] b, int[] rowAt, int n, float[] c, int cAt, int ldc) {
        gemmLoops(a, aAt, m, k, b, rowAt, n, c, cAt, ldc);
    }

    @Override
    void addBuffers(ByteBuffer a, ByteBuffer b, ByteBuffer c, int from, int to, boolean relu) {
        addBuffersLoop(a, b, c, from, to, relu);
    }

    @Override
    void maxRowTriples(float[] src, int srcAt, int stride, int rows, int w, float[] dst, int dstAt) {
        for (int r = 0; r < rows; r++) {
            int mid = srcAt + 2 * r * stride;
            for (int x = 0; x < w; x++) {
                float m = Math.max(src[mid + x], src[mid + stride + x]);
                dst[dstAt + r * w + x] = r > 0 ? Math.max(src[mid - stride + x], m) : m;
            }
        }
    }

    @Override
    void relu(float[] a, int from, int to, float bias) {
        for (int i = from; i < to; i++) {
            a[i] = Math.max(a[i] + bias, 0f);
        }
    }

    @Override
    void taps(float[] src, int[] off, float[] w, int w0, float[] acc, int n) {
        int taps = off.length;
        for (int q = 0; q < n; q++) {
            float s = w[w0] * src[off[0] + q];
            for (int t = 1; t < taps; t++) {
                s += w[w0 + t] * src[off[t] + q];
            }
            acc[q] = s;
        }
    }

    @Override
    void depthwiseRow(float[] in, int[] rowAt, int kw, int sw, float[] w, float[] bias, int c, int j0, int j1,
                      Activation.Clamp clamp, float[] out, int outAt, int wout) {
        depthwiseRowLoops(in, rowAt, kw, sw, w, bias, c, j0, j1, clamp, out, outAt, wout);
    }

    @Override
    void addChannels(float[] a, int from, int pixels, float[] bias, int biasAt, int c, Activation.Clamp clamp) {
        float lo = clamp.min();
        float hi = clamp.max();
        for (int p = 0; p < pixels; p++) {
            int at = from + p * c;
            for (int j = 0; j < c; j++) {
                float v = a[at + j] + bias[biasAt + j];
                a[at + j] = v < lo ? lo : v > hi ? hi : v;
            }
        }
    }

    @Override
    void hardtanh(float[] a, int from, int to, float bias, float min, float max) {
        for (int i = from; i < to; i++) {
            float v = a[i] + bias;
            a[i] = v < min ? min : v > max ? max : v;
        }
    }

    @Override
    void hardtanh(float[] a, int from, int to, float min, float max) {
        for (int i = from; i < to; i++) {
            float v = a[i];
            a[i] = v < min ? min : v > max ? max : v;
        }
    }

    @Override
    void deinterleave(float[] src, int from, int pairs, float[] even, int evenAt, float[] odd, int oddAt) {
        for (int j = 0; j < pairs; j++) {
            even[evenAt + j] = src[from + 2 * j];
            odd[oddAt + j] = src[from + 2 * j + 1];
        }
    }

    @Override
    void max(float[] dst, int d, float[] src, int s, int n) {
        for (int i = 0; i < n; i++) {
            dst[d + i] = Math.max(dst[d + i], src[s + i]);
        }
    }

    @Override
    void interleave(float[] a, int aAt, float[] b, int bAt, int pairs, float[] dst, int dAt) {
        for (int j = 0; j < pairs; j++) {
            dst[dAt + 2 * j] = a[aAt + j];
            dst[dAt + 2 * j + 1] = b[bAt + j];
        }
    }

    @Override
    boolean finite(float[] a, int from, int n) {
        float s = 0f;
        for (int i = from; i < from + n; i++) {
            s += a[i] * 0f; // 0 or −0 for a finite value, NaN for NaN and ±∞
        }
        return s == 0f;
    }

    @Override
    void winogradInput(float[] e0, float[] o0, float[] e1, float[] o1, int tq, float[][] v, int vAt, int nt) {
        for (int t = 0; t < nt; t++) {
            int u = t + tq;
            // along each row: h_k of input rows 0 … 3 (rows 0 and 2 from the even-row planes, 1 and 3 the odd)
            float a0 = e0[t] - e0[t + 1];
            float a1 = o0[t] + e0[t + 1];
            float a2 = e0[t + 1] - o0[t];
            float a3 = o0[t] - o0[t + 1];
            float b0 = e1[t] - e1[t + 1];
            float b1 = o1[t] + e1[t + 1];
            float b2 = e1[t + 1] - o1[t];
            float b3 = o1[t] - o1[t + 1];
            float c0 = e0[u] - e0[u + 1];
            float c1 = o0[u] + e0[u + 1];
            float c2 = e0[u + 1] - o0[u];
            float c3 = o0[u] - o0[u + 1];
            float d0 = e1[u] - e1[u + 1];
            float d1 = o1[u] + e1[u + 1];
            float d2 = e1[u + 1] - o1[u];
            float d3 = o1[u] - o1[u + 1];
            // down each column: rows a (0), b (1), c (2), d (3)
            v[vAt][t] = a0 - c0;
            v[vAt + 1][t] = a1 - c1;
            v[vAt + 2][t] = a2 - c2;
            v[vAt + 3][t] = a3 - c3;
            v[vAt + 4][t] = b0 + c0;
            v[vAt + 5][t] = b1 + c1;
            v[vAt + 6][t] = b2 + c2;
            v[vAt + 7][t] = b3 + c3;
            v[vAt + 8][t] = c0 - b0;
            v[vAt + 9][t] = c1 - b1;
            v[vAt + 10][t] = c2 - b2;
            v[vAt + 11][t] = c3 - b3;
            v[vAt + 12][t] = b0 - d0;
            v[vAt + 13][t] = b1 - d1;
            v[vAt + 14][t] = b2 - d2;
            v[vAt + 15][t] = b3 - d3;
        }
    }

    @Override
    void winogradOutput(float[][] m, int mAt, int nt, float[] y00, float[] y01, float[] y10, float[] y11) {
        for (int t = 0; t < nt; t++) {
            // down each column k: s0_k = (M0k + M1k) + M2k, s1_k = (M1k − M2k) − M3k
            float p0 = m[mAt][t] + m[mAt + 4][t] + m[mAt + 8][t];
            float p1 = m[mAt + 1][t] + m[mAt + 5][t] + m[mAt + 9][t];
            float p2 = m[mAt + 2][t] + m[mAt + 6][t] + m[mAt + 10][t];
            float p3 = m[mAt + 3][t] + m[mAt + 7][t] + m[mAt + 11][t];
            float q0 = m[mAt + 4][t] - m[mAt + 8][t] - m[mAt + 12][t];
            float q1 = m[mAt + 5][t] - m[mAt + 9][t] - m[mAt + 13][t];
            float q2 = m[mAt + 6][t] - m[mAt + 10][t] - m[mAt + 14][t];
            float q3 = m[mAt + 7][t] - m[mAt + 11][t] - m[mAt + 15][t];
            y00[t] = p0 + p1 + p2;
            y01[t] = p1 - p2 - p3;
            y10[t] = q0 + q1 + q2;
            y11[t] = q1 - q2 - q3;
        }
    }
}
