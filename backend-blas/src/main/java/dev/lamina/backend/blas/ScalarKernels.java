package dev.lamina.backend.blas;

/** {@link JavaKernels} as plain loops: what runs without the {@code jdk.incubator.vector} module. */
final class ScalarKernels extends JavaKernels {
    @Override
    String describe() {
        return "scalar loops";
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
}
