package dev.lamina.backend.blas;

/**
 * Filters packed into panels for {@link JavaKernels#gemmPanel}, once, when a plan is built: panel {@code p}
 * holds filters {@code at[p] … at[p] + w − 1} as {@code k} rows of {@code w} floats,
 * {@code packed[(p·k + t)·w + j] = W[at[p] + j][t]} for weights {@code W [Cout, k]}; the last panel ends at
 * Cout, overlapping the one before where Cout is not a whole number of panels (its filters computed twice,
 * to the same values).
 */
final class Panels {
    private Panels() {
    }

    /** Where each of the panels of {@code w} filters starts, for {@code cout ≥ w} filters. */
    static int[] starts(int cout, int w) {
        if (w <= 0 || cout < w) {
            throw new IllegalArgumentException("panels of " + w + " for " + cout + " filters");
        }
        int[] at = new int[(cout + w - 1) / w];
        for (int p = 0; p < at.length; p++) {
            at[p] = Math.min(p * w, cout - w);
        }
        return at;
    }

    /** Floats of the panels at {@code at} of {@code w} filters over {@code k} inputs, checked to fit one array. */
    static int size(int[] at, int k, int w, int copies, String name) {
        long n = (long) copies * at.length * k * w;
        if (n > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(name + ": " + n + " packed weights do not fit one array");
        }
        return (int) n;
    }

    /** {@code weights [Cout, k]} into the panels at {@code at} of {@code w} filters, into {@code dest} from {@code destAt}. */
    static void pack(float[] weights, int k, int[] at, int w, float[] dest, int destAt) {
        for (int p = 0; p < at.length; p++) {
            for (int t = 0; t < k; t++) {
                int to = destAt + (p * k + t) * w;
                for (int j = 0; j < w; j++) {
                    dest[to + j] = weights[(at[p] + j) * k + t];
                }
            }
        }
    }
}
