package dev.lamina.core;

import dev.lamina.spi.Backend;
import dev.lamina.spi.Executable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles models: selects the backend the configuration names (and the fallback), places every layer
 * ({@link Placement}: weight check, {@code supports}, fallback, segments), checks that the weights and a
 * batch of one fit the memory each backend allocates from ({@link MemoryBudget}), and has each segment
 * compiled by its backend. The {@link CompiledModel} it returns only runs. Injectable; {@link Lamina} wraps one.
 */
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
        List<CompiledModel.Segment> segments = new ArrayList<>();
        try {
            open.put(s.id(), registry.open(s.id()));
            if (fallback != null) {
                open.put(fallback, registry.open(fallback));
            }
            Placement placement = Placement.of(model, weights, open, s.id(), fallback);
            // Before any plan allocates: the weights the plans copy and a batch of one must fit.
            MemoryBudget memory = MemoryBudget.of(model, weights, placement, open);
            memory.checkCompile();
            for (Placement.Part part : placement.parts()) {
                Executable plan = open.get(part.backend()).compile(part.graph());
                segments.add(new CompiledModel.Segment(part, plan));
            }
            return new CompiledModel(model, placement.backendByLayer(), segments, List.copyOf(open.values()), memory);
        } catch (RuntimeException e) {
            segments.forEach(seg -> seg.plan().close());
            open.values().forEach(Backend::close);
            throw e;
        }
    }
}
