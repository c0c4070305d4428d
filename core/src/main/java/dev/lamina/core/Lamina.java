package dev.lamina.core;

import com.google.inject.Guice;
import com.google.inject.Injector;

import java.util.List;

/**
 * The front door for applications that do not use Guice:
 * <pre>{@code
 * try (CompiledModel m = Lamina.compile(model, weights)) { Tensor y = m.forward(x); }
 * }</pre>
 * The backend comes from {@code -Dlamina.backend}, {@code LAMINA_BACKEND}, or the highest-priority
 * available one; discovery runs once per JVM.
 */
public final class Lamina {
    private Lamina() {
    }

    private static final class Holder {
        static final Injector INJECTOR = Guice.createInjector(new LaminaModule());
    }

    /** The JVM-wide compiler, wired by {@link LaminaModule}. */
    public static Compiler compiler() {
        return Holder.INJECTOR.getInstance(Compiler.class);
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
