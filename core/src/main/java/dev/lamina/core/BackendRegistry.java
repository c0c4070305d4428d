package dev.lamina.core;

import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;
import dev.lamina.spi.BackendProvider;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every backend found on the class path, probed lazily and at most once each. Selection never falls back
 * silently: an unknown or unavailable id is an error listing every backend and why it cannot serve.
 */
public final class BackendRegistry {
    private static final System.Logger LOG = System.getLogger(BackendRegistry.class.getName());

    private final List<BackendProvider> providers;
    private final List<BackendDiscovery.Broken> broken;
    private final Map<BackendProvider, BackendStatus> probed = new ConcurrentHashMap<>();
    private final Map<String, Boolean> logged = new ConcurrentHashMap<>();

    private BackendRegistry(List<BackendProvider> providers, List<BackendDiscovery.Broken> broken) {
        this.providers = List.copyOf(providers);
        this.broken = List.copyOf(broken);
    }

    /** The backends visible to this class loader (or the thread's context class loader when null). */
    public static BackendRegistry discover(ClassLoader loader) {
        ClassLoader cl = loader != null ? loader
                : Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : BackendRegistry.class.getClassLoader();
        BackendDiscovery.Found found = BackendDiscovery.load(cl);
        return new BackendRegistry(found.providers(), found.broken());
    }

    /** A registry of exactly these providers (tests, embedding). */
    public static BackendRegistry of(List<? extends BackendProvider> providers) {
        return new BackendRegistry(new ArrayList<>(providers), List.of());
    }

    List<BackendProvider> providers() {
        return providers;
    }

    /** Every backend found, highest priority first, each probed; broken providers are listed too. */
    public List<BackendStatus> statuses() {
        List<BackendStatus> all = new ArrayList<>();
        for (BackendProvider p : providers) {
            all.add(status(p));
        }
        all.sort(Comparator.comparingInt(BackendStatus::priority).reversed().thenComparing(BackendStatus::id));
        for (BackendDiscovery.Broken b : broken) {
            all.add(new BackendStatus("?", Integer.MIN_VALUE, b.source(), false,
                    "provider failed to load: " + b.reason(), List.of(), b.source()));
        }
        return all;
    }

    private BackendStatus status(BackendProvider p) {
        return probed.computeIfAbsent(p, this::probe);
    }

    private BackendStatus probe(BackendProvider p) {
        String id = "?";
        int priority = Integer.MIN_VALUE;
        String description = p.getClass().getName();
        try {
            id = p.id();
            priority = p.priority();
            description = p.description();
            Availability a = p.probe();
            List<String> details = a.available() ? p.details() : List.of();
            return new BackendStatus(id, priority, description, a.available(), a.reason(), details,
                    p.getClass().getName());
        } catch (RuntimeException | LinkageError e) {
            return new BackendStatus(id, priority, description, false,
                    "probe failed: " + e.getClass().getSimpleName() + ": " + BackendDiscovery.reason(e),
                    List.of(), p.getClass().getName());
        }
    }

    /** The provider and status for an id; fails listing every backend when unknown or duplicated. */
    private BackendProvider provider(String id) {
        List<BackendProvider> matching = new ArrayList<>();
        for (BackendProvider p : providers) {
            if (id.equals(status(p).id())) {
                matching.add(p);
            }
        }
        if (matching.size() > 1) {
            throw new BackendException("duplicate backend id " + id + ": provided by "
                    + matching.stream().map(p -> p.getClass().getName()).toList() + "; remove one from the class path");
        }
        if (matching.isEmpty()) {
            throw new BackendException("unknown backend " + id + "; found: " + listing());
        }
        return matching.get(0);
    }

    /** Checks that no two providers share an id. */
    private void checkDuplicates() {
        Map<String, List<String>> byId = new LinkedHashMap<>();
        for (BackendProvider p : providers) {
            byId.computeIfAbsent(status(p).id(), k -> new ArrayList<>()).add(p.getClass().getName());
        }
        byId.forEach((id, classes) -> {
            if (classes.size() > 1) {
                throw new BackendException("duplicate backend id " + id + ": provided by " + classes
                        + "; remove one from the class path");
            }
        });
    }

    String listing() {
        List<BackendStatus> all = statuses();
        if (all.isEmpty()) {
            return "none (add a backend such as lamina-backend-cpu to the class path)";
        }
        return String.join("; ", all.stream().map(BackendStatus::line).toList());
    }

    /** The chosen backend and why it was chosen. */
    public record Selection(String id, String reason) {
    }

    /** Picks the backend these settings ask for, or the highest-priority available one. */
    public Selection select(BackendConfig config) {
        checkDuplicates();
        Selection s;
        if (config.requested().isPresent()) {
            String id = config.requested().get();
            BackendStatus st = status(provider(id));
            if (!st.available()) {
                throw new BackendException("backend " + id + " (requested by " + config.requestedBy()
                        + ") is unavailable: " + st.reason() + "; found: " + listing());
            }
            s = new Selection(id, "requested by " + config.requestedBy());
        } else {
            Optional<BackendStatus> best = statuses().stream().filter(BackendStatus::available).findFirst();
            if (best.isEmpty()) {
                throw new BackendException("no backend is available; found: " + listing());
            }
            s = new Selection(best.get().id(), "highest priority available (set -D" + BackendConfig.PROPERTY
                    + " to choose)");
        }
        if (logged.putIfAbsent(s.id() + s.reason(), Boolean.TRUE) == null) {
            LOG.log(System.Logger.Level.INFO, "Lamina backend: {0}, {1}", s.id(), s.reason());
        }
        return s;
    }

    /** A new instance of an available backend; the caller closes it. */
    public Backend open(String id) {
        BackendProvider p = provider(id);
        BackendStatus st = status(p);
        if (!st.available()) {
            throw new BackendException("backend " + id + " is unavailable: " + st.reason());
        }
        return p.create();
    }
}
