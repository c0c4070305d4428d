package dev.lamina.cli;

import dev.lamina.core.BackendConfig;
import dev.lamina.core.BackendRegistry;
import dev.lamina.core.Compiler;
import picocli.CommandLine.Option;

/** Options every command takes. */
final class CommonOptions {
    @Option(names = "--backend", paramLabel = "ID",
            description = "Backend to use (same as -Dlamina.backend=ID). Default: the highest-priority available.")
    String backend;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    BackendConfig config() {
        BackendConfig env = BackendConfig.fromEnvironment();
        return backend == null ? env : env.withRequested(backend, "--backend");
    }

    Compiler compiler() {
        return new Compiler(Main.registry(), config());
    }

    BackendRegistry registry() {
        return Main.registry();
    }
}
