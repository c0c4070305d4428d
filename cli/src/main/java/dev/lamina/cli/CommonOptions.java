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

    @Option(names = "--plugin", paramLabel = "PATH",
            description = "A backend jar (or classes directory) to add, e.g. a third-party backend. Repeatable.")
    java.util.List<java.nio.file.Path> plugins = new java.util.ArrayList<>();

    BackendConfig config() {
        BackendConfig env = BackendConfig.fromEnvironment();
        return backend == null ? env : env.withRequested(backend, "--backend");
    }

    Compiler compiler() {
        return new Compiler(registry(), config());
    }

    /** The backends on the class path, plus those in --plugin jars. */
    BackendRegistry registry() {
        if (!plugins.isEmpty()) {
            Main.useRegistry(BackendRegistry.discover(Plugins.loader(plugins)));
        }
        return Main.registry();
    }
}
