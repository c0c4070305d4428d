package dev.lamina.backend.cpu;

/**
 * The error function in double, for GELU (Java 17's {@code Math} has none). Below |x| = 2 its Taylor series
 * {@code 2/√π · Σ (−1)^n x^(2n+1) / (n!·(2n+1))} (terms stay below e^4, so about 1e-15 absolute); from 2 on
 * {@code 1 − erfc(x)} with erfc from its continued fraction
 * {@code e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))}, 60 levels evaluated from the bottom
 * (relative error below 1e-15 there); beyond |x| = 6 erf is ±1 in double. Rounded to float this is within
 * one ulp of the true value, which the tests check against PyTorch's float32 {@code torch.erf}.
 * Odd: erf(−x) = −erf(x); NaN stays NaN; ±∞ gives ±1.
 */
final class Erf {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double ONE_OVER_SQRT_PI = 1 / Math.sqrt(Math.PI);
    private static final int FRACTION_LEVELS = 60;

    private Erf() {
    }

    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = Math.abs(x);
        double r;
        if (a < 2) {
            double x2 = a * a;
            double power = a; // a^(2n+1) / n!
            double sum = a;
            for (int n = 1; n < 60; n++) {
                power *= -x2 / n;
                double term = power / (2 * n + 1);
                sum += term;
                if (Math.abs(term) < 1e-17 * sum) {
                    break;
                }
            }
            r = TWO_OVER_SQRT_PI * sum;
        } else if (a < 6) {
            double f = a;
            for (int k = FRACTION_LEVELS; k > 0; k--) {
                f = a + (k * 0.5) / f;
            }
            r = 1 - Math.exp(-a * a) * ONE_OVER_SQRT_PI / f;
        } else {
            r = 1;
        }
        return Math.copySign(r, x);
    }
}
