package dev.lamina.spark;

/**
 * Scoring cannot go on: the model does not load, an option or column does not fit, or (with
 * {@link OnMalformed#FAIL}) a row is malformed. The message is Lamina's own — the file, the layer, the
 * expected and the actual value — so that it reads the same on the driver as in a failed task's report.
 */
public final class ScoringException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScoringException(String message) {
        super(message);
    }

    public ScoringException(String message, Throwable cause) {
        super(message, cause);
    }
}
