package dev.lamina.conformance;

import dev.lamina.conformance.cases.CaseContext;
import dev.lamina.conformance.cases.ConformanceCase;
import dev.lamina.conformance.cases.Fixture;
import dev.lamina.conformance.cases.KitException;
import dev.lamina.conformance.cases.LayerCheck;
import dev.lamina.conformance.cases.Requirement;
import dev.lamina.conformance.cases.Verdict;
import dev.lamina.conformance.report.BackendRun;
import dev.lamina.conformance.report.CaseResult;
import dev.lamina.conformance.report.Outcome;
import dev.lamina.core.BackendConfig;
import dev.lamina.core.BackendException;
import dev.lamina.core.BackendRegistry;
import dev.lamina.core.BackendStatus;
import dev.lamina.core.Compiler;
import dev.lamina.core.LayerNode;
import dev.lamina.spi.Backend;
import dev.lamina.spi.Node;
import dev.lamina.spi.Support;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs conformance cases against one backend, found by id in a {@link BackendRegistry}, through core's
 * {@link Compiler} exactly as an application would run it — but with no fallback backend, whatever the
 * JVM's settings, so that every layer runs on the backend under test.
 *
 * <p>Before running a case it asks the backend whether it supports every node of the case's models
 * ({@link Backend#supports}), so an unsupported layer or parameter is known before anything runs. Not
 * thread-safe: one runner per thread; close it to release the backend it asks.
 */
public final class ConformanceRunner implements AutoCloseable {
    private final BackendRegistry registry;
    private final String backendId;
    private final List<ConformanceCase> suite;
    private final CaseContext context;
    private final Map<String, Boolean> claimed = new HashMap<>();
    private CaseResult gate;
    private boolean gated;
    private Backend asked;
    private List<BackendStatus> statuses;

    /** A runner for {@code backendId} over the whole suite. */
    public ConformanceRunner(BackendRegistry registry, String backendId) {
        this(registry, backendId, ConformanceSuite.all());
    }

    /**
     * A runner for {@code backendId}; {@code suite} is where it looks for the layer types the backend
     * claims (see {@link Requirement}), normally {@link ConformanceSuite#all()} even when running a subset.
     */
    public ConformanceRunner(BackendRegistry registry, String backendId, List<ConformanceCase> suite) {
        if (backendId == null || backendId.isBlank()) {
            throw new IllegalArgumentException("name the backend to test");
        }
        this.registry = registry;
        this.backendId = backendId.trim();
        this.suite = List.copyOf(suite);
        BackendConfig config = new BackendConfig(Optional.of(this.backendId), "the conformance kit", Optional.empty());
        this.context = new CaseContext(this.backendId, registry, new Compiler(registry, config));
    }

    public String backendId() {
        return backendId;
    }

    public List<ConformanceCase> suite() {
        return suite;
    }

    /** Runs every case of the suite, in order. */
    public List<CaseResult> runAll() {
        return runAll(suite, r -> { });
    }

    /** Runs these cases in order, telling {@code onResult} about each as it ends. */
    public List<CaseResult> runAll(List<ConformanceCase> cases, Consumer<CaseResult> onResult) {
        List<CaseResult> results = new ArrayList<>();
        for (ConformanceCase c : cases) {
            CaseResult r = run(c);
            results.add(r);
            onResult.accept(r);
        }
        return results;
    }

    /** Runs one case. Never throws for what the backend does: every problem is a result. */
    public CaseResult run(ConformanceCase c) {
        long start = System.nanoTime();
        CaseResult g = gate(c);
        if (g != null) {
            return g;
        }
        List<Fixture> fixtures;
        try {
            fixtures = c.fixtures();
        } catch (RuntimeException e) {
            return result(c, Outcome.FAILED, "the kit could not build the case: " + e, null, List.of(), start, e);
        }
        String refused;
        try {
            refused = refusals(fixtures);
        } catch (RuntimeException e) {
            return result(c, Outcome.FAILED, "asking the backend which layers it supports failed: " + e, null,
                    List.of(), start, e);
        }
        if (refused != null) {
            return unsupported(c, refused, start);
        }
        try {
            Verdict v = c.run(context);
            return result(c, v.passed() ? Outcome.PASSED : Outcome.FAILED, v.message(), v.decisive(), v.checks(),
                    start, null);
        } catch (KitException e) {
            return result(c, Outcome.FAILED, e.getMessage(), null, List.of(), start, e);
        } catch (BackendException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not support")) {
                return unsupported(c, e.getMessage(), start);
            }
            return result(c, Outcome.FAILED, "the backend failed: " + e.getMessage(), null, List.of(), start, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result(c, Outcome.FAILED, "interrupted", null, List.of(), start, e);
        } catch (Exception | Error e) {
            return result(c, Outcome.FAILED, "the backend threw " + e, null, List.of(), start, e);
        }
    }

    /**
     * What this run is: the backend as discovery found it (description, availability, details such as its
     * device), this machine and this kit, for the report.
     */
    public BackendRun describeRun() {
        List<BackendStatus> mine = statuses().stream().filter(s -> s.id().equals(backendId)).toList();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return mine.isEmpty() ? BackendRun.notFound(backendId, now) : BackendRun.of(mine.get(0), now);
    }

    /** Discovery's statuses, asked once (that probes the providers). */
    private List<BackendStatus> statuses() {
        if (statuses == null) {
            statuses = registry.statuses();
        }
        return statuses;
    }

    /** SKIPPED or FAILED for every case when the backend cannot be tested at all; null when it can. */
    private CaseResult gate(ConformanceCase c) {
        if (!gated) {
            gated = true;
            List<BackendStatus> all = statuses();
            List<BackendStatus> mine = all.stream().filter(s -> s.id().equals(backendId)).toList();
            String found = all.isEmpty() ? "none" : String.join("; ", all.stream().map(BackendStatus::line).toList());
            if (mine.isEmpty()) {
                gate = result(c, Outcome.FAILED, "unknown backend '" + backendId + "': no provider on the class path "
                        + "has this id (is it listed in META-INF/services/dev.lamina.spi.BackendProvider?); found: "
                        + found, null, List.of(), System.nanoTime(), null);
            } else if (mine.size() > 1) {
                gate = result(c, Outcome.FAILED, "duplicate backend id '" + backendId + "': provided by "
                        + mine.stream().map(BackendStatus::source).toList(), null, List.of(), System.nanoTime(), null);
            } else if (!mine.get(0).available()) {
                gate = result(c, Outcome.SKIPPED, "backend '" + backendId + "' is unavailable here: "
                        + mine.get(0).reason(), null, List.of(), System.nanoTime(), null);
            }
        }
        if (gate == null) {
            return null;
        }
        return result(c, gate.outcome(), gate.message(), null, List.of(), System.nanoTime(), null);
    }

    private Backend asked() {
        if (asked == null) {
            asked = registry.open(backendId);
        }
        return asked;
    }

    /** The refusals of the backend for these fixtures' nodes, joined, or null when it supports them all. */
    private String refusals(List<Fixture> fixtures) {
        List<String> refused = new ArrayList<>();
        for (Fixture f : fixtures) {
            for (LayerNode l : f.model().layers()) {
                Support s = asked().supports(node(f, l));
                if (!s.supported()) {
                    refused.add(l.name() + " (" + l.layer().type() + ": " + s.reason() + ")");
                }
            }
        }
        return refused.isEmpty() ? null : "backend '" + backendId + "' does not support " + String.join(", ", refused);
    }

    private static Node node(Fixture f, LayerNode l) {
        return new Node(l.name(), l.layer(), l.inputs(), l.inputShapes(), l.outputShape(), f.weights().of(l.name()));
    }

    private CaseResult unsupported(ConformanceCase c, String reason, long start) {
        Requirement req = c.requirement();
        return switch (req.kind()) {
            case OPTIONAL -> result(c, Outcome.UNSUPPORTED, reason, null, List.of(), start, null);
            case ALWAYS -> result(c, Outcome.FAILED, "required case (every backend must run it), but " + reason,
                    null, List.of(), start, null);
            case WHEN_TYPE_SUPPORTED -> claims(req.layerType())
                    ? result(c, Outcome.FAILED, "required case: the backend supports " + req.layerType()
                    + " in other cases, so it must run this basic form, but " + reason, null, List.of(), start, null)
                    : result(c, Outcome.UNSUPPORTED, reason, null, List.of(), start, null);
        };
    }

    /** Whether the backend supports any node of this layer type anywhere in the suite. */
    private boolean claims(String layerType) {
        return claimed.computeIfAbsent(layerType, t -> {
            for (ConformanceCase c : suite) {
                List<Fixture> fixtures;
                try {
                    fixtures = c.fixtures();
                } catch (RuntimeException e) {
                    continue;
                }
                for (Fixture f : fixtures) {
                    for (LayerNode l : f.model().layers()) {
                        if (l.layer().type().equals(t) && asked().supports(node(f, l)).supported()) {
                            return true;
                        }
                    }
                }
            }
            return false;
        });
    }

    private CaseResult result(ConformanceCase c, Outcome outcome, String message, LayerCheck check,
                              List<LayerCheck> checks, long start, Throwable cause) {
        // A basic case that ran was supported, so its type is claimed; one declined is required only if
        // the type is claimed elsewhere (then it failed).
        boolean required = switch (c.requirement().kind()) {
            case ALWAYS -> true;
            case OPTIONAL -> false;
            case WHEN_TYPE_SUPPORTED -> outcome == Outcome.PASSED || outcome == Outcome.FAILED;
        };
        return new CaseResult(c.id(), c.title(), c.rule(), backendId, required, outcome, message, check, checks,
                (System.nanoTime() - start) / 1_000_000, cause);
    }

    @Override
    public void close() {
        if (asked != null) {
            asked.close();
            asked = null;
        }
    }
}
