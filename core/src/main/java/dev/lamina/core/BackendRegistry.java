package dev.lamina.core;

import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;
import dev.lamina.spi.BackendProvider;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every backend found on the class path, probed lazily and at most once each. Selection never falls back
 * silently: an unknown or unavailable id is an error listing every backend and why it cannot serve.
 *
 * <p>Ids and declared priorities are read when the registry is made, without probing. A requested backend
 * is the only one probed; automatic selection probes from the highest declared priority down and stops as
 * soon as an available backend's (effective) priority is at least every declared priority left, since a
 * probe may lower a priority but never raise it. Only {@link #statuses()} (e.g. {@code lamina backends})
 * and the error messages that list every backend probe them all.
 */
public final class BackendRegistry {
    private static final System.Logger LOG = System.getLogger(BackendRegistry.class.getName());

    /** A provider with the id and declared priority it gave when the registry was made. */
    private record Entry(BackendProvider provider, String id, int declaredPriority) {
    }

    private static final Comparator<Entry> DECLARED_ORDER =
            Comparator.comparingInt(Entry::declaredPriority).reversed().thenComparing(Entry::id);

    private final List<Entry> entries;
    private final List<BackendDiscovery.Broken> broken;
    private final Map<BackendProvider, BackendStatus> probed = new ConcurrentHashMap<>();
    private final Map<String, Boolean> logged = new ConcurrentHashMap<>();

    private BackendRegistry(List<BackendProvider> providers, List<BackendDiscovery.Broken> broken) {
        List<Entry> ok = new ArrayList<>();
        List<BackendDiscovery.Broken> bad = new ArrayList<>(broken);
        for (BackendProvider p : providers) {
            try {
                ok.add(new Entry(p, p.id(), p.priority()));
            } catch (RuntimeException | LinkageError e) {
                bad.add(new BackendDiscovery.Broken(p.getClass().getName(),
                        "id() or priority() failed: " + e.getClass().getSimpleName() + ": " + BackendDiscovery.reason(e)));
            }
        }
        ok.sort(DECLARED_ORDER);
        this.entries = List.copyOf(ok);
        this.broken = List.copyOf(bad);
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

    /** Every provider that gave an id, highest declared priority first. Probes nothing. */
    List<BackendProvider> providers() {
        return entries.stream().map(Entry::provider).toList();
    }

    /** The id of every provider, highest declared priority first. Probes nothing. */
    public List<String> ids() {
        return entries.stream().map(Entry::id).toList();
    }

    /** Every backend found, highest priority first, each probed; broken providers are listed too. */
    public List<BackendStatus> statuses() {
        List<BackendStatus> all = new ArrayList<>();
        for (Entry e : entries) {
            all.add(status(e));
        }
        all.sort(Comparator.comparingInt(BackendStatus::priority).reversed().thenComparing(BackendStatus::id));
        for (BackendDiscovery.Broken b : broken) {
            all.add(new BackendStatus("?", Integer.MIN_VALUE, Integer.MIN_VALUE, b.source(), false,
                    "provider failed to load: " + b.reason(), List.of(), b.source()));
        }
        return all;
    }

    private BackendStatus status(Entry e) {
        return probed.computeIfAbsent(e.provider(), p -> probe(e));
    }

    private static BackendStatus probe(Entry e) {
        BackendProvider p = e.provider();
        String description = p.getClass().getName();
        try {
            description = p.description();
            Availability a = p.probe();
            // A probe may lower the declared priority, never raise it: selection relies on that to stop early.
            int priority = Math.min(e.declaredPriority(), a.priority().orElse(e.declaredPriority()));
            List<String> details = a.available() ? p.details() : List.of();
            return new BackendStatus(e.id(), priority, e.declaredPriority(), description, a.available(), a.reason(),
                    details, p.getClass().getName());
        } catch (RuntimeException | LinkageError x) {
            return new BackendStatus(e.id(), e.declaredPriority(), e.declaredPriority(), description, false,
                    "probe failed: " + x.getClass().getSimpleName() + ": " + BackendDiscovery.reason(x),
                    List.of(), p.getClass().getName());
        }
    }

    /** The entry for an id; fails listing every backend when unknown or duplicated. Probes nothing itself. */
    private Entry entry(String id) {
        List<Entry> matching = entries.stream().filter(e -> e.id().equals(id)).toList();
        if (matching.size() > 1) {
            throw duplicate(id, matching);
        }
        if (matching.isEmpty()) {
            throw new BackendException("unknown backend " + id + "; found: " + listing());
        }
        return matching.get(0);
    }

    private static BackendException duplicate(String id, List<Entry> providers) {
        return new BackendException("duplicate backend id " + id + ": provided by "
                + providers.stream().map(e -> e.provider().getClass().getName()).toList()
                + "; remove one from the class path");
    }

    /** Checks that no two providers share an id, from the ids alone. */
    private void checkDuplicates() {
        Map<String, List<Entry>> byId = new LinkedHashMap<>();
        for (Entry e : entries) {
            byId.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(e);
        }
        byId.forEach((id, same) -> {
            if (same.size() > 1) {
                throw duplicate(id, same);
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
            BackendStatus st = status(entry(id));
            if (!st.available()) {
                throw new BackendException("backend " + id + " (requested by " + config.requestedBy()
                        + ") is unavailable: " + st.reason() + "; found: " + listing());
            }
            s = new Selection(id, "requested by " + config.requestedBy());
        } else {
            s = automatic();
        }
        if (logged.putIfAbsent(s.id() + s.reason(), Boolean.TRUE) == null) {
            LOG.log(System.Logger.Level.INFO, "Lamina backend: {0}, {1}", s.id(), s.reason());
        }
        return s;
    }

    /** The available backend of highest effective priority, probing in declared order only as far as needed. */
    private Selection automatic() {
        BackendStatus best = null;
        List<BackendStatus> lowered = new ArrayList<>();
        for (Entry e : entries) {
            if (best != null && best.priority() >= e.declaredPriority()) {
                break; // nothing left can beat it
            }
            BackendStatus st = status(e);
            if (st.available() && st.lowered()) {
                lowered.add(st);
            }
            if (st.available() && (best == null || st.priority() > best.priority())) {
                best = st;
            }
        }
        if (best == null) {
            throw new BackendException("no backend is available; found: " + listing());
        }
        StringBuilder why = new StringBuilder("highest priority available (priority " + best.priority());
        for (BackendStatus l : lowered) {
            if (!l.id().equals(best.id())) {
                why.append("; ").append(l.id()).append(" lowered from ").append(l.declaredPriority()).append(" to ")
                        .append(l.priority()).append(": ").append(l.reason());
            }
        }
        why.append("; set -D").append(BackendConfig.PROPERTY).append(" to choose)");
        return new Selection(best.id(), why.toString());
    }

    /** A new instance of an available backend; the caller closes it. */
    public Backend open(String id) {
        Entry e = entry(id);
        BackendStatus st = status(e);
        if (!st.available()) {
            throw new BackendException("backend " + id + " is unavailable: " + st.reason());
        }
        return e.provider().create();
    }
}
