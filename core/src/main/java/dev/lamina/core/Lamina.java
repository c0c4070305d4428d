package dev.lamina.core;

import java.util.List;

/**
 * The front door for applications that do not use Guice:
 * <pre>{@code
 * try (CompiledModel m = Lamina.compile(model, weights)) { Tensor y = m.forward(x); }
 * }</pre>
 * The backend comes from {@code -Dlamina.backend}, {@code LAMINA_BACKEND}, or the highest-priority
 * available one; discovery runs once per JVM. No Guice here: applications that use Guice install
 * {@link LaminaModule} instead.
 */
public final class Lamina {
    private Lamina() {
    }

    /** Discovered on first use. */
    private static final class Holder {
        static final Compiler COMPILER = new Compiler(BackendRegistry.discover(null), BackendConfig.fromEnvironment());
    }

    /** The JVM-wide compiler: the backends on the class path, this JVM's settings at first use. */
    public static Compiler compiler() {
        return Holder.COMPILER;
    }

    /** Compiles on the backend that {@code lamina.backend} / {@code LAMINA_BACKEND} name now. */
    public static CompiledModel compile(Model model, Weights weights) {
        return compiler().compile(model, weights, BackendConfig.fromEnvironment());
    }

    public static CompiledModel compile(Model model, Weights weights, String backendId) {
        return compiler().compile(model, weights,
                BackendConfig.fromEnvironment().withRequested(backendId, "the caller"));
    }

    /** Every backend found, with availability and reasons. */
    public static List<BackendStatus> backends() {
        return compiler().registry().statuses();
    }
}
