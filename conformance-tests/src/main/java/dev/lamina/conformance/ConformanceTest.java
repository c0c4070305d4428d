package dev.lamina.conformance;

import org.junit.jupiter.api.Assumptions;

/**
 * The "one property" route: a concrete test class inside the kit's jar, run by Surefire when the jar is in
 * {@code <dependenciesToScan>}, testing the backend that {@code -Dlamina.conformance.backend} names. With
 * the property unset it is skipped, with the reason, rather than guessing a backend.
 */
public final class ConformanceTest extends BackendConformanceTest {
    @Override
    protected String backendId() {
        String id = System.getProperty(PROPERTY);
        Assumptions.assumeTrue(id != null && !id.isBlank(),
                "set -D" + PROPERTY + "=<backend id> to run the Lamina conformance kit");
        return id.trim();
    }
}
