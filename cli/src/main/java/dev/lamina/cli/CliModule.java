package dev.lamina.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import dev.lamina.core.BackendConfig;
import dev.lamina.core.BackendRegistry;
import dev.lamina.core.LaminaModule;
import picocli.CommandLine;

/**
 * How the {@code lamina} command is wired: {@link LaminaModule} binds the backends found on the class path
 * and this JVM's {@link BackendConfig}; every command, and the options they share, is created by the
 * injector through {@link Factory}, so each gets the registry ({@link Backends}) and configuration injected.
 */
final class CliModule extends AbstractModule {
    private final BackendRegistry registry;
    private final BackendConfig config;

    /** The backends this jar (and its class loader) sees, and the settings of this JVM now. */
    CliModule() {
        this(BackendRegistry.discover(CliModule.class.getClassLoader()), BackendConfig.fromEnvironment());
    }

    CliModule(BackendRegistry registry, BackendConfig config) {
        this.registry = registry;
        this.config = config;
    }

    @Override
    protected void configure() {
        install(new LaminaModule(registry, config));
        bind(Backends.class).asEagerSingleton();
    }

    /**
     * picocli's factory: the command's own classes come from the injector; what picocli makes for itself
     * (collections, converters, its help command) from its default factory.
     */
    static final class Factory implements CommandLine.IFactory {
        private final Injector injector;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        Factory(Injector injector) {
            this.injector = injector;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls.getPackageName().equals(CliModule.class.getPackageName())) {
                return injector.getInstance(cls);
            }
            return fallback.create(cls);
        }
    }
}
