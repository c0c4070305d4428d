package dev.lamina.conformance.reference;

import java.util.Locale;

/**
 * How far a backend's value {@code a} may be from the expected value {@code b}:
 * {@code |a − b| ≤ atol + rtol·|b|}. A NaN must be matched by a NaN and an infinity by the same infinity,
 * whatever the tolerance: PyTorch propagates them exactly, and so must a backend.
 */
public record Tolerance(double atol, double rtol) {
    /** Bit-for-bit equal values (except that −0 equals +0 and any NaN equals any NaN). */
    public static final Tolerance EXACT = new Tolerance(0, 0);

    /** Unit roundoff of float32 round-to-nearest: 2^−24. Every bound in the kit is a multiple of it. */
    public static final double U = 0x1p-24;

    public Tolerance {
        if (!(atol >= 0) || !(rtol >= 0) || Double.isInfinite(atol) || Double.isInfinite(rtol)) {
            throw new IllegalArgumentException("tolerances must be finite and non-negative, got atol " + atol
                    + ", rtol " + rtol);
        }
    }

    public static Tolerance of(double atol, double rtol) {
        return new Tolerance(atol, rtol);
    }

    public boolean exact() {
        return atol == 0 && rtol == 0;
    }

    /** The largest difference allowed around {@code expected} (finite expected values only). */
    public double allowed(float expected) {
        return atol + rtol * Math.abs((double) expected);
    }

    /** Whether {@code actual} is close enough to {@code expected}. */
    public boolean allows(float actual, float expected) {
        if (Float.isNaN(expected) || Float.isNaN(actual)) {
            return Float.isNaN(expected) && Float.isNaN(actual);
        }
        if (Float.isInfinite(expected) || Float.isInfinite(actual)) {
            return actual == expected;
        }
        return Math.abs((double) actual - expected) <= allowed(expected);
    }

    /** Both bounds multiplied by {@code k}, e.g. 2 when both sides of a comparison carry rounding error. */
    public Tolerance scaled(double k) {
        return new Tolerance(atol * k, rtol * k);
    }

    /** "exact" or the inequality with its numbers, as reports print it. */
    public String describe() {
        if (exact()) {
            return "exact";
        }
        return String.format(Locale.ROOT, "|a − b| ≤ %.3g + %.3g·|b|", atol, rtol);
    }

    @Override
    public String toString() {
        return describe();
    }
}
