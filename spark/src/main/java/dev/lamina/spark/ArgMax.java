package dev.lamina.spark;

/**
 * The index of the largest value, as {@code numpy.argmax}: the first one on ties, and NaN counts as larger
 * than every number (the first NaN wins), so a broken output is visible rather than a plausible class.
 */
final class ArgMax {
    private ArgMax() {
    }

    static int of(float[] values, int from, int length) {
        int best = 0;
        float max = values[from];
        for (int i = 1; i < length && !Float.isNaN(max); i++) {
            float v = values[from + i];
            if (v > max || Float.isNaN(v)) {
                best = i;
                max = v;
            }
        }
        return best;
    }
}
