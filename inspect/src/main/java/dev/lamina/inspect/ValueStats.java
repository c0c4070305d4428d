package dev.lamina.inspect;

/**
 * Minimum, maximum and mean of a tensor's finite values, and how many values are NaN or infinite — what
 * a reader checks first ("is it all zeros? did it blow up?").
 */
public record ValueStats(int count, float min, float max, double mean, int nans, int infinities) {

    public static ValueStats of(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        double sum = 0;
        int finite = 0;
        int nans = 0;
        int inf = 0;
        for (float v : values) {
            if (Float.isNaN(v)) {
                nans++;
            } else if (Float.isInfinite(v)) {
                inf++;
            } else {
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
                finite++;
            }
        }
        if (finite == 0) {
            return new ValueStats(values.length, Float.NaN, Float.NaN, Double.NaN, nans, inf);
        }
        return new ValueStats(values.length, min, max, sum / finite, nans, inf);
    }
}
