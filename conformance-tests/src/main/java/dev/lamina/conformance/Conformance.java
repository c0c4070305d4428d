package dev.lamina.conformance;

import dev.lamina.conformance.cases.ConformanceCase;
import dev.lamina.conformance.report.BackendRun;
import dev.lamina.conformance.report.CaseResult;
import dev.lamina.conformance.report.ConformanceReport;
import dev.lamina.core.BackendRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The kit in one call, for tools such as {@code lamina conformance}:
 * <pre>{@code
 * ConformanceReport report = Conformance.run(BackendRegistry.discover(null), List.of("cpu", "blas"));
 * report.writeTo(Path.of("target/conformance"));
 * System.out.println(report.summary());
 * }</pre>
 */
public final class Conformance {
    private Conformance() {
    }

    /** Every case on every backend, one backend after the other. */
    public static ConformanceReport run(BackendRegistry registry, List<String> backendIds) {
        return run(registry, backendIds, ConformanceSuite.all(), r -> { });
    }

    /**
     * These cases (e.g. {@link ConformanceSuite#matching(String)}) on every backend, telling
     * {@code onResult} about each result as it comes (for progress output).
     */
    public static ConformanceReport run(BackendRegistry registry, List<String> backendIds,
                                        List<ConformanceCase> cases, Consumer<CaseResult> onResult) {
        List<CaseResult> all = new ArrayList<>();
        List<BackendRun> runs = new ArrayList<>();
        for (String id : backendIds) {
            try (ConformanceRunner runner = new ConformanceRunner(registry, id)) {
                all.addAll(runner.runAll(cases, onResult));
                runs.add(runner.describeRun());
            }
        }
        return ConformanceReport.of(all, runs);
    }

    /** The ids of every backend in the registry that is available here, highest priority first. */
    public static List<String> availableBackends(BackendRegistry registry) {
        return registry.statuses().stream().filter(s -> s.available()).map(s -> s.id()).toList();
    }
}
