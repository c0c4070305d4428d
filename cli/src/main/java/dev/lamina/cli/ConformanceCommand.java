package dev.lamina.cli;

import dev.lamina.conformance.Conformance;
import dev.lamina.conformance.ConformanceSuite;
import dev.lamina.conformance.cases.ConformanceCase;
import dev.lamina.conformance.cases.Rule;
import dev.lamina.conformance.report.CaseResult;
import dev.lamina.conformance.report.ConformanceReport;
import dev.lamina.conformance.report.Outcome;
import dev.lamina.core.BackendRegistry;
import dev.lamina.core.BackendStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

@Command(name = "conformance", mixinStandardHelpOptions = true, description = {
        "Runs the conformance kit against backends and prints the rules × backends matrix; writes",
        "conformance.json (format lamina-conformance/2), conformance-junit.xml, .md and .html.",
        "Exits 1 when any backend fails a case; a backend unavailable here is reported as skipped.",
        "  lamina conformance --all --report DIR",
        "  lamina conformance --backend naive --plugin naive.jar",
        "  lamina conformance merge RUN.json... --report DIR",
        "  lamina conformance diff --baseline OLD.json NEW.json"},
        subcommands = {ConformanceMergeCommand.class, ConformanceDiffCommand.class})
final class ConformanceCommand implements Runnable {
    @Mixin
    CommonOptions common;

    @Option(names = "--all", description = "Every backend found (the default without --backend).")
    boolean all;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Where to write conformance.json, conformance-junit.xml, .md and .html (default:"
                    + " target/conformance-report in a Maven project, i.e. beside a pom.xml, else conformance-report).")
    Path report;

    @Option(names = "--cases", paramLabel = "GLOB",
            description = "Only the cases whose rule or id matches, e.g. 'conv2d.*' (the canary always runs).")
    String cases;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        if (all && common.backend != null) {
            throw new UsageException("give either --backend ID or --all, not both");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BackendRegistry registry = common.registry();
        List<String> ids = common.backend != null ? List.of(common.backend)
                : registry.statuses().stream().map(BackendStatus::id).filter(id -> !id.equals("?")).toList();
        if (common.backend != null && registry.statuses().stream().noneMatch(s -> s.id().equals(common.backend))) {
            throw new dev.lamina.core.BackendException("unknown backend " + common.backend + "; found: "
                    + registry.statuses().stream().map(BackendStatus::line).toList());
        }
        List<ConformanceCase> suite = cases == null ? ConformanceSuite.all() : ConformanceSuite.matching(cases);
        int total = suite.size() * ids.size();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ConformanceReport result = Conformance.run(registry, ids, suite, r -> progress(err, r, done, failed, total));
        err.println();
        out.println(matrix(result));
        out.println(result.summary());
        List<Path> written = result.writeTo(report != null ? report : defaultReport(Path.of("")));
        out.println("report: " + written.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse(""));
        // A backend that cannot run here is reported as skipped, not failed: only failures fail the run.
        List<String> failing = ids.stream().filter(id -> result.counts(id).failed() > 0).toList();
        if (!failing.isEmpty()) {
            throw new ConformanceFailure(failing);
        }
    }

    /**
     * Where a report goes without {@code --report}: under {@code target/} in a Maven project (a pom.xml in
     * {@code dir}), where the build's clean removes it and it is ignored, else {@code conformance-report};
     * absolute, so the line that lists the files says where they are.
     */
    static Path defaultReport(Path dir) {
        Path d = dir.toAbsolutePath();
        return java.nio.file.Files.isRegularFile(d.resolve("pom.xml"))
                ? d.resolve("target").resolve("conformance-report") : d.resolve("conformance-report");
    }

    private static void progress(PrintWriter err, CaseResult r, AtomicInteger done, AtomicInteger failed, int total) {
        int n = done.incrementAndGet();
        if (r.outcome() == Outcome.FAILED) {
            failed.incrementAndGet();
            err.printf("%nFAILED %s [%s] %s: %s%n", r.backend(), r.rule().id(), r.caseId(), r.message());
        }
        // On a terminal one line is redrawn in place; in a log (CI) a line per tenth of the run is enough.
        boolean terminal = System.console() != null;
        if (terminal) {
            err.printf("\r[%3d/%d] %-10s %-24s %d failed", n, total, r.backend(), r.rule().id(), failed.get());
        } else if (n == total || n % Math.max(1, total / 10) == 0) {
            err.printf("[%3d/%d] %-10s %-24s %d failed%n", n, total, r.backend(), r.rule().id(), failed.get());
        }
        err.flush();
    }

    /** The rules × backends matrix as a plain-text table. */
    static String matrix(ConformanceReport report) {
        List<String> backends = report.backends();
        int ruleWidth = 6;
        for (Rule rule : report.rules()) {
            ruleWidth = Math.max(ruleWidth, rule.id().length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-" + ruleWidth + "s", "rule"));
        for (String b : backends) {
            sb.append("  ").append(String.format("%-28s", b));
        }
        sb.append('\n');
        for (Rule rule : report.rules()) {
            sb.append(String.format("%-" + ruleWidth + "s", rule.id()));
            for (String b : backends) {
                String cell = report.cell(rule, b).map(ConformanceReport.Cell::text).orElse("-");
                sb.append("  ").append(String.format("%-28s", cell));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Some backend failed the kit: exit code 1, with the list. */
    static final class ConformanceFailure extends CommandFailure {
        ConformanceFailure(List<String> backends) {
            super("not Lamina-compatible: " + String.join(", ", backends));
        }
    }
}
