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
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The results of one or more backends, each run described by a {@link BackendRun} (backend, its details,
 * machine, kit version), and their renderings: JSON for machines ({@value #FORMAT}, documented by
 * {@value #SCHEMA_RESOURCE}), JUnit XML for CI systems, Markdown, and one self-contained HTML page. Each shows
 * a matrix of rules × backends (every cell a status and the largest error seen, every column labelled with
 * its machine) and a one-line summary per backend. Immutable.
 */
public final class ConformanceReport {
    public static final String JSON_FILE = "conformance.json";
    public static final String MARKDOWN_FILE = "conformance.md";
    public static final String HTML_FILE = "conformance.html";
    public static final String JUNIT_FILE = "conformance-junit.xml";
    /** The JSON format this kit writes; it reads this and {@code lamina-conformance/1}. */
    public static final String FORMAT = ReportJson.FORMAT;
    /** The JSON Schema of {@value #FORMAT}, a resource of the kit's jar. */
    public static final String SCHEMA_RESOURCE = "/dev/lamina/conformance/report/lamina-conformance-2.schema.json";

    /** A report is about 130 kB per backend; a file larger than this is not one. */
    public static final long MAX_FILE_BYTES = 256L << 20;

    private final List<CaseResult> results;
    private final Instant created;
    private final Map<String, BackendRun> runs;
    private final Map<String, Integer> unknownRules;

    ConformanceReport(List<CaseResult> results, Instant created, List<BackendRun> runs) {
        this(results, created, runs, Map.of());
    }

    ConformanceReport(List<CaseResult> results, Instant created, List<BackendRun> runs, Map<String, Integer> unknownRules) {
        this.unknownRules = Collections.unmodifiableMap(new LinkedHashMap<>(unknownRules));
        this.results = List.copyOf(results);
        this.created = Objects.requireNonNull(created, "created");
        Map<String, BackendRun> byId = new LinkedHashMap<>();
        for (BackendRun r : runs) {
            if (byId.put(r.backend(), r) != null) {
                throw new IllegalArgumentException("two runs of backend " + r.backend() + " in one report");
            }
        }
        for (CaseResult r : this.results) {
            byId.computeIfAbsent(r.backend(), b -> BackendRun.unknown(b, Machine.local(), KitVersion.get(), created));
        }
        this.runs = Collections.unmodifiableMap(byId);
    }

    /** A report of these results, made now on this machine, with nothing known about the backends. */
    public static ConformanceReport of(List<CaseResult> results) {
        return of(results, List.of());
    }

    /** A report of these results, made now, with a run description per backend (see {@link BackendRun#of}). */
    public static ConformanceReport of(List<CaseResult> results, List<BackendRun> runs) {
        return new ConformanceReport(results, Instant.now().truncatedTo(ChronoUnit.SECONDS), runs);
    }

    /**
     * One report of several — one per backend module, or per CI runner — for the cross-backend matrix. Each
     * backend keeps its run (machine, details, kit). A backend id that comes in more than one report gets a
     * column per machine, {@code id@machine} (or {@code id@N}, N counting the reports from 1, when the machine
     * has no name).
     *
     * @throws IllegalArgumentException when the same backend comes twice from the same machine
     */
    public static ConformanceReport merge(List<ConformanceReport> reports) {
        Map<String, Integer> seen = new HashMap<>();
        for (ConformanceReport r : reports) {
            for (String b : r.backends()) {
                seen.merge(b, 1, Integer::sum);
            }
        }
        List<CaseResult> all = new ArrayList<>();
        List<BackendRun> runs = new ArrayList<>();
        Set<String> columns = new HashSet<>();
        Map<String, Integer> unknown = new LinkedHashMap<>();
        reports.forEach(r -> r.unknownRules.forEach((rule, n) -> unknown.merge(rule, n, Integer::sum)));
        for (int i = 0; i < reports.size(); i++) {
            ConformanceReport r = reports.get(i);
            for (String b : r.backends()) {
                BackendRun run = r.run(b);
                String column = b;
                if (seen.get(b) > 1) {
                    column = b + "@" + (run.machine().name().isEmpty() ? String.valueOf(i + 1) : run.machine().name());
                }
                if (!columns.add(column)) {
                    throw new IllegalArgumentException("backend " + b + " comes more than once from machine "
                            + run.machine().describe() + ": merge each backend's run from a machine once");
                }
                runs.add(run.withBackend(column));
                for (CaseResult c : r.results(b)) {
                    all.add(column.equals(b) ? c : c.withBackend(column));
                }
            }
        }
        return new ConformanceReport(all, Instant.now().truncatedTo(ChronoUnit.SECONDS), runs, unknown);
    }

    /**
     * A report read back from its JSON ({@link #toJson()}, or a {@code lamina-conformance/1} file of an older
     * kit), e.g. to merge the reports of several runners into one matrix. {@code source} names the text in
     * error messages.
     *
     * @throws dev.lamina.core.io.FormatException when the text is not such a report
     */
    public static ConformanceReport fromJson(String json, String source) {
        return ReportReader.read(json, source);
    }

    /** Reads a {@value #JSON_FILE} written by {@link #writeTo(Path)} (at most {@value #MAX_FILE_BYTES} bytes). */
    public static ConformanceReport read(Path jsonFile) {
        try {
            long size = Files.size(jsonFile);
            if (size > MAX_FILE_BYTES) {
                throw new dev.lamina.core.io.FormatException(jsonFile.toString(), size
                        + " bytes is too large for a conformance report (at most " + MAX_FILE_BYTES + ")");
            }
            return fromJson(Files.readString(jsonFile, StandardCharsets.UTF_8), jsonFile.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("reading the conformance report " + jsonFile, e);
        }
    }

    /**
     * Rules this kit does not know, with how many results of each a report read from JSON left out: a report
     * of a newer kit, whose new rules an older kit cannot judge. Empty for a report made by this kit.
     */
    public Map<String, Integer> unknownRules() {
        return unknownRules;
    }

    /** Where the results were produced: each distinct machine's {@link Machine#describe()}, joined by "; ". */
    public String environment() {
        Set<String> envs = new LinkedHashSet<>();
        runs.values().forEach(r -> envs.add(r.machine().describe()));
        return envs.isEmpty() ? Machine.local().describe() : String.join("; ", envs);
    }

    /** Every backend's run, in column order. */
    public List<BackendRun> runs() {
        return List.copyOf(runs.values());
    }

    /** The run of a backend column of this report. */
    public BackendRun run(String backend) {
        BackendRun r = runs.get(backend);
        if (r == null) {
            throw new IllegalArgumentException("no backend " + backend + " in this report; backends: " + runs.keySet());
        }
        return r;
    }

    public List<CaseResult> results() {
        return results;
    }

    public Instant created() {
        return created;
    }

    /** The backends with results, in column order (the order of their runs, else of their first result). */
    public List<String> backends() {
        Set<String> withResults = new HashSet<>();
        results.forEach(r -> withResults.add(r.backend()));
        return runs.keySet().stream().filter(withResults::contains).toList();
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

    /** JUnit XML: a test suite per backend, a test case per kit case named {@code [rule] title}. */
    public String toJUnitXml() {
        return ReportJUnit.render(this);
    }

    /** What changed from {@code baseline} to this report: regressions, error drift, fixes. */
    public RunDiff diffFrom(ConformanceReport baseline) {
        return RunDiff.between(baseline, this);
    }

    /**
     * Writes {@value #JSON_FILE}, {@value #JUNIT_FILE}, {@value #MARKDOWN_FILE} and {@value #HTML_FILE} into
     * {@code dir}.
     */
    public List<Path> writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            Path json = Files.writeString(dir.resolve(JSON_FILE), toJson(), StandardCharsets.UTF_8);
            Path junit = Files.writeString(dir.resolve(JUNIT_FILE), toJUnitXml(), StandardCharsets.UTF_8);
            Path md = Files.writeString(dir.resolve(MARKDOWN_FILE), toMarkdown(), StandardCharsets.UTF_8);
            Path html = Files.writeString(dir.resolve(HTML_FILE), toHtml(), StandardCharsets.UTF_8);
            return List.of(json, junit, md, html);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the conformance report to " + dir, e);
        }
    }

    static String millis(long ms) {
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    @Override
    public String toString() {
        return summary();
    }
}
