package dev.lamina.core;

import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;
import dev.lamina.spi.BackendProvider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every backend found on the class path, probed lazily and at most once each. Selection never falls back
 * silently: an unknown or unavailable id is an error listing every backend and why it cannot serve.
 *
 * <p>Ids and declared priorities are read when the registry is made, without probing. A requested backend
 * is the only one probed; automatic selection probes from the highest declared priority down and stops as
 * soon as an available backend's (effective) priority is at least every declared priority left, since a
 * probe may lower a priority but never raise it. Only {@link #statuses()} (e.g. {@code lamina backends})
 * and the error messages that list every backend probe them all.
 *
 * <p>Providers are other people's code (a {@code --plugin} jar): one whose constructor or static initialiser
 * throws, whose {@code id()} is null or blank, or whose {@code id()} / {@code priority()} throws is listed as
 * broken with the reason; a probe that throws, returns null or does not answer within the probe timeout
 * ({@value #PROBE_TIMEOUT_PROPERTY}, default {@value #DEFAULT_PROBE_TIMEOUT_SECONDS} s) makes its backend
 * unavailable with the reason. A hung probe's thread is a daemon, abandoned; it cannot hold the JVM.
 */
public final class BackendRegistry {
    private static final System.Logger LOG = System.getLogger(BackendRegistry.class.getName());

    /** System property: seconds a provider's {@code probe()} may take before it counts as unavailable. */
    public static final String PROBE_TIMEOUT_PROPERTY = "lamina.probe.timeout";
    static final int DEFAULT_PROBE_TIMEOUT_SECONDS = 20;

    /** A provider with the id and declared priority it gave when the registry was made. */
    private record Entry(BackendProvider provider, String id, int declaredPriority) {
    }

    private static final Comparator<Entry> DECLARED_ORDER =
            Comparator.comparingInt(Entry::declaredPriority).reversed().thenComparing(Entry::id);

    private final List<Entry> entries;
    private final List<BackendDiscovery.Broken> broken;
    private final Map<BackendProvider, BackendStatus> probed = new ConcurrentHashMap<>();
    private final Map<String, Boolean> logged = new ConcurrentHashMap<>();
    private final Duration probeTimeout;

    private BackendRegistry(List<BackendProvider> providers, List<BackendDiscovery.Broken> broken,
                            Duration probeTimeout) {
        this.probeTimeout = probeTimeout;
        List<Entry> ok = new ArrayList<>();
        List<BackendDiscovery.Broken> bad = new ArrayList<>(broken);
        for (BackendProvider p : providers) {
            String id;
            int priority;
            try {
                id = p.id();
                priority = p.priority();
            } catch (Throwable e) {
                if (BackendDiscovery.fatal(e)) {
                    throw e;
                }
                bad.add(new BackendDiscovery.Broken(p.getClass().getName(),
                        "id() or priority() failed: " + e.getClass().getSimpleName() + ": " + BackendDiscovery.reason(e)));
                continue;
            }
            if (id == null || id.isBlank()) {
                bad.add(new BackendDiscovery.Broken(p.getClass().getName(),
                        "id() returned " + (id == null ? "null" : "a blank id") + "; a backend needs an id to be chosen by"));
                continue;
            }
            ok.add(new Entry(p, id, priority));
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
        return new BackendRegistry(found.providers(), found.broken(), probeTimeoutFromEnvironment());
    }

    /** A registry of exactly these providers (tests, embedding). */
    public static BackendRegistry of(List<? extends BackendProvider> providers) {
        return of(providers, probeTimeoutFromEnvironment());
    }

    /** A registry of exactly these providers, each probe given at most {@code probeTimeout}. */
    public static BackendRegistry of(List<? extends BackendProvider> providers, Duration probeTimeout) {
        if (probeTimeout.isNegative() || probeTimeout.isZero()) {
            throw new IllegalArgumentException("probe timeout must be positive, got " + probeTimeout);
        }
        return new BackendRegistry(new ArrayList<>(providers), List.of(), probeTimeout);
    }

    /** {@value #PROBE_TIMEOUT_PROPERTY} in seconds, or the default; a bad value is an error naming it. */
    static Duration probeTimeoutFromEnvironment() {
        String v = System.getProperty(PROBE_TIMEOUT_PROPERTY);
        if (v == null || v.isBlank()) {
            return Duration.ofSeconds(DEFAULT_PROBE_TIMEOUT_SECONDS);
        }
        try {
            double seconds = Double.parseDouble(v.strip());
            if (seconds > 0 && seconds <= 3600) {
                return Duration.ofMillis(Math.round(seconds * 1000));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BackendException("-D" + PROBE_TIMEOUT_PROPERTY + "=" + v
                + ": expected seconds between 0 and 3600, e.g. 20");
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

    /**
     * Probes on a daemon thread of its own, waiting at most the probe timeout: a provider's probe may load
     * native code that never returns. Whatever it throws, or a null answer, makes it unavailable.
     */
    private BackendStatus probe(Entry e) {
        BackendProvider p = e.provider();
        String source = p.getClass().getName();
        CompletableFuture<BackendStatus> answer = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                answer.complete(probeHere(e));
            } catch (Throwable x) {
                answer.completeExceptionally(x);
            }
        }, "lamina-probe-" + e.id());
        t.setDaemon(true);
        t.start();
        try {
            return answer.get(probeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException x) {
            LOG.log(System.Logger.Level.WARNING, "backend {0}: probe() did not answer within {1} ms; left running",
                    e.id(), probeTimeout.toMillis());
            return unavailable(e, source, "probe did not answer within " + seconds(probeTimeout)
                    + " (-D" + PROBE_TIMEOUT_PROPERTY + "=SECONDS allows more)");
        } catch (ExecutionException x) {
            Throwable c = x.getCause();
            return unavailable(e, source, "probe failed: " + c.getClass().getSimpleName() + ": "
                    + BackendDiscovery.reason(c));
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            return unavailable(e, source, "interrupted while waiting for its probe");
        }
    }

    private static BackendStatus probeHere(Entry e) {
        BackendProvider p = e.provider();
        String description = p.description();
        Availability a = p.probe();
        if (a == null) {
            return unavailable(e, p.getClass().getName(), "probe() returned null instead of an Availability");
        }
        // A probe may lower the declared priority, never raise it: selection relies on that to stop early.
        int priority = Math.min(e.declaredPriority(), a.priority().orElse(e.declaredPriority()));
        List<String> details = a.available() ? p.details() : List.of();
        return new BackendStatus(e.id(), priority, e.declaredPriority(), description == null ? e.id() : description,
                a.available(), a.reason(), details == null ? List.of() : details, p.getClass().getName());
    }

    private static BackendStatus unavailable(Entry e, String description, String reason) {
        return new BackendStatus(e.id(), e.declaredPriority(), e.declaredPriority(), description, false, reason,
                List.of(), e.provider().getClass().getName());
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
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
        Backend b;
        try {
            b = e.provider().create();
        } catch (RuntimeException | LinkageError x) {
            throw new BackendException("backend " + id + " failed to start: " + x.getClass().getSimpleName() + ": "
                    + BackendDiscovery.reason(x));
        }
        if (b == null) {
            throw new BackendException("backend " + id + " failed to start: " + e.provider().getClass().getName()
                    + ".create() returned null");
        }
        return b;
    }
}
