package dev.lamina.spi.helpers;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The filter transform, checked through Winograd's identity: Aᵀ[U ⊙ (Bᵀ d B)]A is the 2×2 valid conv of d by g. */
class WinogradF23Test {
    private static final double[][] BT = {{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}};
    private static final double[][] AT = {{1, 1, 1, 0}, {0, 1, -1, -1}};

    @Test
    void givesTheDirectConvThroughTheIdentity() {
        Random r = new Random(11);
        int filters = 3;
        int channels = 2;
        float[] w = new float[filters * channels * 9];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextFloat() * 2 - 1;
        }
        float[][] u = WinogradF23.filters(w, filters, channels);
        for (int at = 0; at < filters * channels; at++) {
            double[][] d = new double[4][4];
            for (double[] row : d) {
                for (int j = 0; j < 4; j++) {
                    row[j] = r.nextDouble() * 2 - 1;
                }
            }
            double[][] v = mul(mul(BT, d), transpose(BT));
            double[][] m = new double[4][4];
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    m[i][j] = u[4 * i + j][at] * v[i][j];
                }
            }
            double[][] y = mul(mul(AT, m), transpose(AT));
            for (int oy = 0; oy < 2; oy++) {
                for (int ox = 0; ox < 2; ox++) {
                    double direct = 0;
                    for (int i = 0; i < 3; i++) {
                        for (int j = 0; j < 3; j++) {
                            direct += w[at * 9 + 3 * i + j] * d[oy + i][ox + j];
                        }
                    }
                    assertEquals(direct, y[oy][ox], 1e-6, "filter " + at + ", output (" + oy + ", " + ox + ")");
                }
            }
        }
    }

    @Test
    void aWrongLengthIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WinogradF23.filters(new float[10], 1, 1));
        assertEquals("Winograd: expected 1 × 1 × 3 × 3 = 9 weights, got 10", e.getMessage());
    }

    private static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                for (int k = 0; k < b.length; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }
}
