package dev.lamina.spi;

import java.util.List;

/**
 * Entry point of a backend, registered in {@code META-INF/services/dev.lamina.spi.BackendProvider}.
 * Construction must be cheap and must not load native code or start a runtime: Lamina constructs every
 * provider on the class path to list them, and only {@link #probe()} the ones it needs: the requested one,
 * or in automatic selection as few as decide the choice ({@code lamina backends} probes them all).
 */
public interface BackendProvider {

    /** Short unique id users select with {@code -Dlamina.backend=ID}, e.g. {@code cpu}. */
    String id();

    /**
     * Higher wins when no backend is requested. Ours: cpu 10, blas 20, tornadovm 30. It is the most this
     * backend can be worth: automatic selection probes providers from the highest declared priority down and
     * stops once an available one beats every declared priority left, so a probe may lower it (see
     * {@link Availability#available(String, int)}) but never raise it.
     */
    int priority();

    /** One line on what the backend is. */
    default String description() {
        return id();
    }

    /**
     * Whether the backend can run here. May load native libraries or start a runtime; must not throw
     * for an expected absence (return {@link Availability#unavailable(String)} with the reason). Lamina
     * calls it at most once per provider and reports a throwing probe as unavailable.
     */
    Availability probe();

    /** Extra lines for {@code lamina backends}, e.g. the devices found. Called only when available. */
    default List<String> details() {
        return List.of();
    }

    /** Creates the backend; called only after {@link #probe()} said it is available. */
    Backend create();
}
