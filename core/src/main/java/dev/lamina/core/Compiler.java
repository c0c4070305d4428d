package dev.lamina.core;

import dev.lamina.spi.Backend;

import java.util.LinkedHashMap;
import java.util.Map;

/** Compiles models on the backend that the configuration selects. Injectable; {@link Lamina} wraps one. */
public final class Compiler {
    private final BackendRegistry registry;
    private final BackendConfig config;

    public Compiler(BackendRegistry registry, BackendConfig config) {
        this.registry = registry;
        this.config = config;
    }

    public BackendRegistry registry() {
        return registry;
    }

    public BackendConfig config() {
        return config;
    }

    /** Compiles on the configured backend (or the highest-priority available one). */
    public CompiledModel compile(Model model, Weights weights) {
        return compile(model, weights, config);
    }

    /** Compiles on the given backend id, keeping the configured fallback. */
    public CompiledModel compile(Model model, Weights weights, String backendId) {
        return compile(model, weights, config.withRequested(backendId, "the caller"));
    }

    public CompiledModel compile(Model model, Weights weights, BackendConfig cfg) {
        BackendRegistry.Selection s = registry.select(cfg);
        String fallback = cfg.fallback().filter(f -> !f.equals(s.id())).orElse(null);
        Map<String, Backend> open = new LinkedHashMap<>();
        try {
            open.put(s.id(), registry.open(s.id()));
            if (fallback != null) {
                open.put(fallback, registry.open(fallback));
            }
            return new CompiledModel(model, weights, open, s.id(), fallback);
        } catch (RuntimeException e) {
            open.values().forEach(Backend::close);
            throw e;
        }
    }
}
