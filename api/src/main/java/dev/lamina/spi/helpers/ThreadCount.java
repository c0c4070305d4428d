package dev.lamina.spi.helpers;

/**
 * The one thread setting every backend honours: {@value #PROPERTY} (threads one inference may use), with a
 * backend's own property, when set, taking precedence (e.g. {@code lamina.blas.threads}). Default: the
 * available processors.
 */
public final class ThreadCount {
    /** The setting shared by every backend. */
    public static final String PROPERTY = "lamina.threads";

    private ThreadCount() {
    }

    /**
     * The thread count: {@code -D<override>} if set, else {@code -Dlamina.threads}, else
     * {@code Runtime.availableProcessors()}; a value that is not a positive integer is an error naming the
     * property and the value.
     */
    public static int configured(String override) {
        for (String property : new String[] {override, PROPERTY}) {
            String v = property == null ? null : System.getProperty(property);
            if (v == null || v.isBlank()) {
                continue;
            }
            try {
                int n = Integer.parseInt(v.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("-D" + property + " must be a positive integer, got '" + v + "'");
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
