package dev.lamina.spark;

/**
 * What a malformed row does. A row is malformed when its input is null, has another number of values than
 * the model's C·H·W (for {@code .npy}: another shape, when {@link ScoringOptions#inputShape()} is set), holds
 * a null element, NaN or ±infinity, or is not a readable {@code .npy}. Rows that are fine are scored either way.
 */
public enum OnMalformed {
    /** Fail the task with the row's place (partition and position in it) and what is wrong; the default. */
    FAIL,
    /** Emit the row with null output (and null arg-max) and add one to the job's malformed-row counter. */
    NULL;

    /** Parses {@code fail} or {@code null}, in any case. */
    public static OnMalformed parse(String s) {
        for (OnMalformed m : values()) {
            if (m.name().equalsIgnoreCase(s)) {
                return m;
            }
        }
        throw new ScoringException("onMalformed must be fail or null, got " + s);
    }
}
