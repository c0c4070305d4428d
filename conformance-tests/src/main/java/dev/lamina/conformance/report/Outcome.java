package dev.lamina.conformance.report;

/** How one case ended on one backend. */
public enum Outcome {
    /** Every compared value is within the case's tolerance. */
    PASSED,
    /** A value is outside the tolerance, the backend threw, or a required case was refused. */
    FAILED,
    /** The backend declared a layer or parameter of the case unsupported, and the case is not required. */
    UNSUPPORTED,
    /** The case could not run here, e.g. the backend is unavailable on this machine. */
    SKIPPED;

    /** Lower case, as reports print it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
