package dev.lamina.spi.helpers;

/**
 * Winograd F(2×2, 3×3)'s filter transform, for every backend that runs 3×3 convolutions this way (Lavin &amp;
 * Gray, 2016): {@code U = G g Gᵀ} with {@code G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]}, turning each 3×3 filter g into
 * a 4×4 one. Computed in double and rounded to float once, so every backend starts from the same U.
 */
public final class WinogradF23 {
    private WinogradF23() {
    }

    /**
     * The transforms of {@code filters × channels} 3×3 filters ({@code weight} in PyTorch's {@code [F, C, 3, 3]}
     * order) as 16 matrices {@code U_ξ [F × C]}, ξ = 4i + j for element (i, j) of U:
     * {@code u[ξ][f·C + c]}.
     */
    public static float[][] filters(float[] weight, int filters, int channels) {
        int n = Math.multiplyExact(filters, channels);
        if (weight.length != Math.multiplyExact(n, 9)) {
            throw new IllegalArgumentException("Winograd: expected " + filters + " × " + channels + " × 3 × 3 = "
                    + (long) n * 9 + " weights, got " + weight.length);
        }
        float[][] u = new float[16][n];
        double[] t = new double[12];
        for (int at = 0; at < n; at++) {
            int base = at * 9;
            for (int col = 0; col < 3; col++) { // t = G g, 4 × 3
                double g0 = weight[base + col];
                double g1 = weight[base + 3 + col];
                double g2 = weight[base + 6 + col];
                t[col] = g0;
                t[3 + col] = (g0 + g1 + g2) / 2;
                t[6 + col] = (g0 - g1 + g2) / 2;
                t[9 + col] = g2;
            }
            for (int i = 0; i < 4; i++) { // U = t Gᵀ, 4 × 4
                double a = t[3 * i];
                double b = t[3 * i + 1];
                double d = t[3 * i + 2];
                u[4 * i][at] = (float) a;
                u[4 * i + 1][at] = (float) ((a + b + d) / 2);
                u[4 * i + 2][at] = (float) ((a - b + d) / 2);
                u[4 * i + 3][at] = (float) d;
            }
        }
        return u;
    }
}
