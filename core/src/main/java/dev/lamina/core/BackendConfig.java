package dev.lamina.core;

import java.util.Optional;

/**
 * The one place that reads the user's backend settings: system property {@code lamina.backend}, else the
 * environment variable {@code LAMINA_BACKEND} (the property wins), and {@code lamina.fallback}.
 */
public record BackendConfig(Optional<String> requested, String requestedBy, Optional<String> fallback) {
    public static final String PROPERTY = "lamina.backend";
    public static final String ENV = "LAMINA_BACKEND";
    public static final String FALLBACK_PROPERTY = "lamina.fallback";

    /** The settings of this JVM now. */
    public static BackendConfig fromEnvironment() {
        return from(System.getProperty(PROPERTY), System.getenv(ENV), System.getProperty(FALLBACK_PROPERTY));
    }

    static BackendConfig from(String property, String env, String fallback) {
        Optional<String> fb = blankToEmpty(fallback);
        if (blankToEmpty(property).isPresent()) {
            return new BackendConfig(Optional.of(property.trim()), "-D" + PROPERTY, fb);
        }
        if (blankToEmpty(env).isPresent()) {
            return new BackendConfig(Optional.of(env.trim()), ENV, fb);
        }
        return new BackendConfig(Optional.empty(), "", fb);
    }

    /** An explicit choice (e.g. a {@code --backend} option), still honouring the fallback setting. */
    public BackendConfig withRequested(String id, String by) {
        return new BackendConfig(Optional.of(id), by, fallback);
    }

    public BackendConfig withFallback(String id) {
        return new BackendConfig(requested, requestedBy, Optional.ofNullable(id));
    }

    private static Optional<String> blankToEmpty(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }
}
