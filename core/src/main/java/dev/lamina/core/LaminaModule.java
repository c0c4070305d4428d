package dev.lamina.core;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import dev.lamina.spi.Backend;
import dev.lamina.spi.BackendProvider;

/**
 * Guice wiring for applications that use Guice: every discovered {@link BackendProvider} in a
 * {@code Map<String, BackendProvider>} keyed by id, the {@link BackendRegistry}, the {@link BackendConfig}
 * of this JVM, and the selected {@link Backend} (selected and opened only when first asked for). The
 * {@code lamina} command is such an application (its {@code CliModule} installs this module). Applications
 * without Guice use {@link Lamina} and never see it.
 */
public final class LaminaModule extends AbstractModule {
    private final BackendRegistry registry;
    private final BackendConfig config;

    public LaminaModule() {
        this(BackendRegistry.discover(null), BackendConfig.fromEnvironment());
    }

    public LaminaModule(BackendRegistry registry, BackendConfig config) {
        this.registry = registry;
        this.config = config;
    }

    @Override
    protected void configure() {
        bind(BackendRegistry.class).toInstance(registry);
        bind(BackendConfig.class).toInstance(config);
        MapBinder<String, BackendProvider> byId = MapBinder.newMapBinder(binder(), String.class, BackendProvider.class);
        // Duplicate ids are reported by the registry with both classes named, when a backend is selected.
        byId.permitDuplicates();
        for (BackendProvider p : registry.providers()) {
            byId.addBinding(p.id()).toInstance(p);
        }
    }

    @Provides
    @Singleton
    BackendRegistry.Selection selection(BackendRegistry r, BackendConfig c) {
        return r.select(c);
    }

    /** The selected backend; the application owns it and closes it. */
    @Provides
    Backend backend(BackendRegistry r, BackendRegistry.Selection s) {
        return r.open(s.id());
    }

    @Provides
    @Singleton
    Compiler compiler(BackendRegistry r, BackendConfig c) {
        return new Compiler(r, c);
    }
}
