package dev.lamina.conformance.report;

import dev.lamina.conformance.cases.LayerCheck;
import dev.lamina.conformance.cases.Rule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The results of one or more backends, and their renderings: JSON for machines, Markdown, and one
 * self-contained HTML page. Each shows a matrix of rules × backends (every cell a status and the largest
 * error seen) and a one-line summary per backend. Immutable.
 */
public final class ConformanceReport {
    public static final String JSON_FILE = "conformance.json";
    public static final String MARKDOWN_FILE = "conformance.md";
    public static final String HTML_FILE = "conformance.html";

    private final List<CaseResult> results;
    private final Instant created;
    private final String environment;

    ConformanceReport(List<CaseResult> results, Instant created, String environment) {
        this.results = List.copyOf(results);
        this.created = created;
        this.environment = environment;
    }

    /** A report of these results, made now on this machine. */
    public static ConformanceReport of(List<CaseResult> results) {
        return new ConformanceReport(results, Instant.now().truncatedTo(ChronoUnit.SECONDS), localEnvironment());
    }

    /** One report of several, e.g. one per backend module, for the cross-backend matrix. */
    public static ConformanceReport merge(List<ConformanceReport> reports) {
        List<CaseResult> all = new ArrayList<>();
        Set<String> envs = new LinkedHashSet<>();
        reports.forEach(r -> {
            all.addAll(r.results);
            envs.add(r.environment);
        });
        return new ConformanceReport(all, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                envs.isEmpty() ? localEnvironment() : String.join("; ", envs));
    }

    /**
     * A report read back from its JSON ({@link #toJson()}), e.g. to merge the reports of several backend
     * modules into one matrix. {@code source} names the text in error messages.
     *
     * @throws dev.lamina.core.io.FormatException when the text is not such a report
     */
    public static ConformanceReport fromJson(String json, String source) {
        return ReportReader.read(json, source);
    }

    /** Reads a {@value #JSON_FILE} written by {@link #writeTo(Path)}. */
    public static ConformanceReport read(Path jsonFile) {
        try {
            return fromJson(Files.readString(jsonFile, StandardCharsets.UTF_8), jsonFile.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("reading the conformance report " + jsonFile, e);
        }
    }

    /** Where the results were produced: Java version, OS, cores. */
    public String environment() {
        return environment;
    }

    public List<CaseResult> results() {
        return results;
    }

    public Instant created() {
        return created;
    }

    /** The backends, in the order their first result appears. */
    public List<String> backends() {
        Set<String> s = new LinkedHashSet<>();
        results.forEach(r -> s.add(r.backend()));
        return List.copyOf(s);
    }

    /** The rules that have results, in the rule list's order. */
    public List<Rule> rules() {
        Set<Rule> present = new LinkedHashSet<>();
        results.forEach(r -> present.add(r.rule()));
        return java.util.Arrays.stream(Rule.values()).filter(present::contains).toList();
    }

    public List<CaseResult> results(String backend) {
        return results.stream().filter(r -> r.backend().equals(backend)).toList();
    }

    /** How many cases ended each way. */
    public record Counts(int passed, int failed, int unsupported, int skipped) {
        public int total() {
            return passed + failed + unsupported + skipped;
        }

        static Counts of(List<CaseResult> rs) {
            int p = 0, f = 0, u = 0, s = 0;
            for (CaseResult r : rs) {
                switch (r.outcome()) {
                    case PASSED -> p++;
                    case FAILED -> f++;
                    case UNSUPPORTED -> u++;
                    case SKIPPED -> s++;
                }
            }
            return new Counts(p, f, u, s);
        }
    }

    public Counts counts(String backend) {
        return Counts.of(results(backend));
    }

    /**
     * A backend is Lamina-compatible when no case failed (a required case it declined counts as failed) and
     * at least one ran: a backend skipped everywhere is unverified, not compatible.
     */
    public boolean compatible(String backend) {
        Counts c = counts(backend);
        return c.failed() == 0 && c.passed() > 0;
    }

    /** Whether every backend in the report is compatible. */
    public boolean allCompatible() {
        return !backends().isEmpty() && backends().stream().allMatch(this::compatible);
    }

    public String verdict(String backend) {
        Counts c = counts(backend);
        if (c.failed() > 0) {
            return "NOT Lamina-compatible";
        }
        return c.passed() > 0 ? "Lamina-compatible" : "not verified";
    }

    /** {@code cpu: 110 passed, 0 failed, 3 unsupported, 0 skipped — Lamina-compatible}. */
    public String summary(String backend) {
        Counts c = counts(backend);
        return backend + ": " + c.passed() + " passed, " + c.failed() + " failed, " + c.unsupported()
                + " unsupported, " + c.skipped() + " skipped — " + verdict(backend);
    }

    /** Every backend's summary, joined by "; ". */
    public String summary() {
        if (results.isEmpty()) {
            return "no results";
        }
        return String.join("; ", backends().stream().map(this::summary).toList());
    }

    /** One cell of the matrix: the cases of a rule on a backend. */
    public record Cell(Outcome status, Counts counts, boolean compared, double maxAbs, double maxRel) {
        /** {@code passed 3/3 · max err 2.4e-07}, {@code failed 1/3 · max err 0.31}, {@code unsupported 2/2}. */
        public String text() {
            int n = counts.total();
            int shown = switch (status) {
                case PASSED -> counts.passed();
                case FAILED -> counts.failed();
                case UNSUPPORTED -> counts.unsupported();
                case SKIPPED -> counts.skipped();
            };
            String err = compared ? " · max err " + LayerCheck.number(maxAbs) : "";
            return status.label() + " " + shown + "/" + n + err;
        }
    }

    /**
     * The cell for a rule and a backend, or empty when the backend has no case of that rule. Failed wins,
     * then passed, unsupported, skipped.
     */
    public Optional<Cell> cell(Rule rule, String backend) {
        List<CaseResult> rs = results.stream().filter(r -> r.rule() == rule && r.backend().equals(backend)).toList();
        if (rs.isEmpty()) {
            return Optional.empty();
        }
        Counts c = Counts.of(rs);
        Outcome status = c.failed() > 0 ? Outcome.FAILED : c.passed() > 0 ? Outcome.PASSED
                : c.unsupported() > 0 ? Outcome.UNSUPPORTED : Outcome.SKIPPED;
        double abs = 0, rel = 0;
        boolean compared = false;
        for (CaseResult r : rs) {
            compared |= !r.layers().isEmpty();
            abs = Math.max(abs, r.maxAbs());
            rel = Math.max(rel, r.maxRel());
        }
        return Optional.of(new Cell(status, c, compared, abs, rel));
    }

    public String toJson() {
        return ReportJson.render(this);
    }

    public String toMarkdown() {
        return ReportMarkdown.render(this);
    }

    public String toHtml() {
        return ReportHtml.render(this);
    }

    /** Writes {@value #JSON_FILE}, {@value #MARKDOWN_FILE} and {@value #HTML_FILE} into {@code dir}. */
    public List<Path> writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            Path json = Files.writeString(dir.resolve(JSON_FILE), toJson(), StandardCharsets.UTF_8);
            Path md = Files.writeString(dir.resolve(MARKDOWN_FILE), toMarkdown(), StandardCharsets.UTF_8);
            Path html = Files.writeString(dir.resolve(HTML_FILE), toHtml(), StandardCharsets.UTF_8);
            return List.of(json, md, html);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the conformance report to " + dir, e);
        }
    }

    static String localEnvironment() {
        return "Java " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores";
    }

    static String millis(long ms) {
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    @Override
    public String toString() {
        return summary();
    }
}
