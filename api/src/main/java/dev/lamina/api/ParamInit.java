package dev.lamina.api;

/**
 * How a parameter is drawn for random weights (examples and tests, not training): uniformly in
 * {@code [low, high]}. {@code low == high} gives a constant. See {@link Layer#initialisation}.
 */
public record ParamInit(double low, double high) {
    public ParamInit {
        if (!Double.isFinite(low) || !Double.isFinite(high) || low > high) {
            throw new IllegalArgumentException("ParamInit: expected finite low <= high, got [" + low + ", " + high
                    + "]");
        }
    }

    /** Uniform in {@code [-bound, bound]}. */
    public static ParamInit symmetric(double bound) {
        return new ParamInit(-bound, bound);
    }
}
