package dev.lamina.conformance.cases;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.conformance.reference.Tolerance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One layer's output compared with its expected value, element by element.
 *
 * @param layer         the layer (or value) compared
 * @param shape         the expected shape
 * @param tolerance     the bound each value had to meet
 * @param compared      how many values were compared
 * @param mismatches    how many were outside the tolerance
 * @param firstMismatch the index of the first mismatch (n, c, h, w for images), empty when none
 * @param expected      the expected value at the first mismatch (NaN when none)
 * @param actual        the backend's value at the first mismatch (NaN when none)
 * @param maxAbs        the largest |a − b| over finite pairs (+Inf when a non-finite value is misplaced)
 * @param maxRel        the largest |a − b| / |b| over pairs with b ≠ 0
 * @param ratio         the largest error divided by what the tolerance allowed there: ≤ 1 passes
 * @param problem       why values could not be compared (missing output, wrong shape), or null
 */
public record LayerCheck(String layer, Shape shape, Tolerance tolerance, int compared, int mismatches,
                         List<Integer> firstMismatch, float expected, float actual, double maxAbs, double maxRel,
                         double ratio, String problem) {

    public LayerCheck {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(tolerance, "tolerance");
        firstMismatch = List.copyOf(firstMismatch);
    }

    /** Compares {@code actual} with {@code expected} under {@code tolerance}. */
    public static LayerCheck compare(String layer, Tensor expected, Tensor actual, Tolerance tolerance) {
        Shape shape = expected.shape();
        if (actual == null) {
            return problem(layer, shape, tolerance, "the backend returned no output for " + layer);
        }
        if (!actual.shape().equals(shape)) {
            return problem(layer, shape, tolerance, "expected shape " + shape + ", got " + actual.shape());
        }
        int n = shape.size();
        int mismatches = 0;
        int first = -1;
        double maxAbs = 0;
        double maxRel = 0;
        double ratio = 0;
        for (int i = 0; i < n; i++) {
            float b = expected.at(i);
            float a = actual.at(i);
            boolean ok = tolerance.allows(a, b);
            if (!ok) {
                mismatches++;
                if (first < 0) {
                    first = i;
                }
            }
            if (Float.isFinite(a) && Float.isFinite(b)) {
                double err = Math.abs((double) a - b);
                maxAbs = Math.max(maxAbs, err);
                if (b != 0) {
                    maxRel = Math.max(maxRel, err / Math.abs((double) b));
                }
                double allowed = tolerance.allowed(b);
                ratio = Math.max(ratio, err == 0 ? 0 : allowed == 0 ? Double.POSITIVE_INFINITY : err / allowed);
            } else if (!ok) {
                // A NaN or infinity where the other side has none (or another one): no finite error fits.
                maxAbs = Double.POSITIVE_INFINITY;
                maxRel = Double.POSITIVE_INFINITY;
                ratio = Double.POSITIVE_INFINITY;
            }
        }
        List<Integer> index = first < 0 ? List.of() : unravel(first, shape);
        return new LayerCheck(layer, shape, tolerance, n, mismatches, index,
                first < 0 ? Float.NaN : expected.at(first), first < 0 ? Float.NaN : actual.at(first),
                maxAbs, maxRel, ratio, null);
    }

    /** A comparison that could not take place, e.g. because shapes differ; it fails. */
    public static LayerCheck problem(String layer, Shape shape, Tolerance tolerance, String problem) {
        return new LayerCheck(layer, shape, tolerance, 0, 0, List.of(), Float.NaN, Float.NaN,
                Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
                Objects.requireNonNull(problem));
    }

    public boolean passed() {
        return problem == null && mismatches == 0;
    }

    static List<Integer> unravel(int flat, Shape shape) {
        int[] idx = new int[shape.rank()];
        for (int d = shape.rank() - 1; d >= 0; d--) {
            idx[d] = flat % shape.dim(d);
            flat /= shape.dim(d);
        }
        List<Integer> l = new ArrayList<>();
        for (int i : idx) {
            l.add(i);
        }
        return l;
    }

    /** The first mismatch's index with axis names: {@code (n=0, c=1, h=2, w=3)} or {@code (n=0, f=7)}. */
    public String indexText() {
        if (firstMismatch.isEmpty()) {
            return "";
        }
        String[] names = switch (firstMismatch.size()) {
            case 4 -> new String[]{"n", "c", "h", "w"};
            case 2 -> new String[]{"n", "f"};
            default -> null;
        };
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < firstMismatch.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(names == null ? "i" + i : names[i]).append('=')
                    .append(firstMismatch.get(i));
        }
        return sb.append(')').toString();
    }

    /** One line: what was compared and, when it failed, where and by how much. */
    public String describe() {
        if (problem != null) {
            return "layer " + layer + ": " + problem;
        }
        if (passed()) {
            return "layer " + layer + ": " + compared + " values within " + tolerance.describe()
                    + "; max abs error " + number(maxAbs) + ", max rel error " + number(maxRel);
        }
        return "layer " + layer + ": " + mismatches + " of " + compared + " values outside "
                + tolerance.describe() + "; first at " + indexText() + ": expected " + expected
                + ", actual " + actual + "; max abs error " + number(maxAbs) + ", max rel error " + number(maxRel);
    }

    public static String number(double v) {
        if (v == 0) {
            return "0";
        }
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3g", v) : Double.toString(v);
    }
}
