package dev.lamina.cli;

import com.google.inject.Inject;
import dev.lamina.core.BackendConfig;
import dev.lamina.core.BackendRegistry;
import dev.lamina.core.Compiler;
import picocli.CommandLine.Option;

/** Options every command takes; created by the injector, which gives it the backends and the settings. */
final class CommonOptions {
    @Option(names = "--backend", paramLabel = "ID",
            description = "Backend to use (same as -Dlamina.backend=ID). Default: the highest-priority available.")
    String backend;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Option(names = "--plugin", paramLabel = "PATH",
            description = "A backend jar (or classes directory) to add, e.g. a third-party backend. Repeatable.")
    java.util.List<java.nio.file.Path> plugins = new java.util.ArrayList<>();

    @Inject
    Backends backends;

    @Inject
    BackendConfig settings;

    /** The injected settings, with {@code --backend} when given. */
    BackendConfig config() {
        return backend == null ? settings : settings.withRequested(backend, "--backend");
    }

    Compiler compiler() {
        return new Compiler(registry(), config());
    }

    /** The backends on the class path, plus those in --plugin jars. */
    BackendRegistry registry() {
        return backends.registry(plugins);
    }
}
