package dev.lamina.conformance.report;

import dev.lamina.conformance.cases.LayerCheck;
import dev.lamina.conformance.cases.Rule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changed from a baseline run (e.g. the last main build's merged report) to a new one, case by case
 * for every backend column in both:
 *
 * <ul>
 *   <li><b>regressions</b> — a case that passed and now fails or became unsupported, or any case that did
 *       not fail and now fails;</li>
 *   <li><b>new failures</b> — a failing case the baseline did not have;</li>
 *   <li><b>drift</b> — a case that passed both times whose largest absolute error grew more than
 *       {@value #GROWTH}× (or from exactly 0 to more), or whose error crossed {@value #HALF} of its tolerance
 *       (the ratio of error to bound went from ≤ {@value #HALF} to above), so that precision regressions
 *       are seen before they fail;</li>
 *   <li><b>fixed</b>, <b>no longer run</b> (passed, now skipped), cases added and gone, backends added and
 *       missing — listed, never a reason to fail.</li>
 * </ul>
 *
 * {@link #regressed()} is what a CI gate checks.
 */
public record RunDiff(List<Change> regressions, List<Change> newFailures, List<Drift> drifts, List<Change> fixed,
                      List<Change> noLongerRun, List<String> added, List<String> gone, List<String> newBackends,
                      List<String> missingBackends, int compared) {
    /** Growth of the largest absolute error beyond which a passing case is reported as drifting. */
    public static final double GROWTH = 10;
    /** The fraction of its tolerance whose crossing is reported as drift. */
    public static final double HALF = 0.5;

    public RunDiff {
        regressions = List.copyOf(regressions);
        newFailures = List.copyOf(newFailures);
        drifts = List.copyOf(drifts);
        fixed = List.copyOf(fixed);
        noLongerRun = List.copyOf(noLongerRun);
        added = List.copyOf(added);
        gone = List.copyOf(gone);
        newBackends = List.copyOf(newBackends);
        missingBackends = List.copyOf(missingBackends);
    }

    /**
     * A case whose outcome changed.
     *
     * @param was the baseline's outcome, or null for a case the baseline did not have
     */
    public record Change(String backend, String caseId, Rule rule, String title, Outcome was, Outcome now,
                         String message) {
        public Change {
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(caseId, "caseId");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(now, "now");
        }

        /** {@code cpu [conv2d.basic] conv2d/basic conv 2→4 …: passed → failed — layer conv2d: …}. */
        public String describe() {
            return backend + " [" + rule.id() + "] " + caseId + " " + title + ": "
                    + (was == null ? "new, " : was.label() + " → ") + now.label() + " — " + message;
        }
    }

    /**
     * A case that passed both times but whose error moved: {@code reasons} says how (grew, crossed half).
     * Ratios are error / bound (NaN when a {@code lamina-conformance/1} baseline could not tell).
     */
    public record Drift(String backend, String caseId, Rule rule, String title, double wasMaxAbs, double nowMaxAbs,
                        double wasRatio, double nowRatio, List<String> reasons) {
        public Drift {
            reasons = List.copyOf(reasons);
        }

        public String describe() {
            return backend + " [" + rule.id() + "] " + caseId + " " + title + ": max abs error "
                    + LayerCheck.number(wasMaxAbs) + " → " + LayerCheck.number(nowMaxAbs) + ", "
                    + ratio(wasRatio) + " → " + ratio(nowRatio) + " of its tolerance (" + String.join("; ", reasons) + ")";
        }

        private static String ratio(double r) {
            return Double.isNaN(r) ? "?" : String.format(Locale.ROOT, "%.2g", r);
        }
    }

    /** Compares {@code current} with {@code baseline}, backend column by backend column, case by case. */
    public static RunDiff between(ConformanceReport baseline, ConformanceReport current) {
        List<Change> regressions = new ArrayList<>();
        List<Change> newFailures = new ArrayList<>();
        List<Drift> drifts = new ArrayList<>();
        List<Change> fixed = new ArrayList<>();
        List<Change> noLongerRun = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        Set<String> before = new LinkedHashSet<>(baseline.backends());
        Set<String> after = new LinkedHashSet<>(current.backends());
        int compared = 0;
        for (String b : after) {
            if (!before.contains(b)) {
                continue;
            }
            Map<String, CaseResult> old = byCase(baseline.results(b));
            for (CaseResult now : current.results(b)) {
                CaseResult was = old.remove(now.caseId());
                if (was == null) {
                    added.add(b + " " + now.caseId());
                    if (now.outcome() == Outcome.FAILED) {
                        newFailures.add(change(null, now));
                    }
                    continue;
                }
                compared++;
                Outcome o = was.outcome();
                Outcome n = now.outcome();
                if ((o == Outcome.PASSED && n == Outcome.UNSUPPORTED) || (o != Outcome.FAILED && n == Outcome.FAILED)) {
                    regressions.add(change(was, now));
                } else if (o != Outcome.PASSED && n == Outcome.PASSED) {
                    fixed.add(change(was, now));
                } else if (o == Outcome.PASSED && n == Outcome.SKIPPED) {
                    noLongerRun.add(change(was, now));
                } else if (o == Outcome.PASSED) {
                    drift(b, was, now).ifPresent(drifts::add);
                }
            }
            old.keySet().forEach(id -> gone.add(b + " " + id));
        }
        List<String> newBackends = after.stream().filter(b -> !before.contains(b)).toList();
        List<String> missing = before.stream().filter(b -> !after.contains(b)).toList();
        return new RunDiff(regressions, newFailures, drifts, fixed, noLongerRun, added, gone, newBackends, missing,
                compared);
    }

    private static Map<String, CaseResult> byCase(List<CaseResult> results) {
        Map<String, CaseResult> m = new LinkedHashMap<>();
        results.forEach(r -> m.put(r.caseId(), r));
        return m;
    }

    private static Change change(CaseResult was, CaseResult now) {
        return new Change(now.backend(), now.caseId(), now.rule(), now.title(), was == null ? null : was.outcome(),
                now.outcome(), now.message());
    }

    private static java.util.Optional<Drift> drift(String backend, CaseResult was, CaseResult now) {
        List<String> reasons = new ArrayList<>();
        double a = was.maxAbs();
        double b = now.maxAbs();
        if (a == 0 ? b > 0 : b > GROWTH * a) {
            reasons.add(a == 0 ? "was exact" : String.format(Locale.ROOT, "error grew %.3g×", b / a));
        }
        double ra = was.ratio();
        double rb = now.ratio();
        if (!Double.isNaN(ra) && ra <= HALF && rb > HALF) {
            reasons.add("crossed half its tolerance");
        }
        return reasons.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(new Drift(backend, now.caseId(), now.rule(), now.title(), a, b, ra, rb, reasons));
    }

    /** Whether a CI gate should fail: a regression or a new failing case. */
    public boolean regressed() {
        return !regressions.isEmpty() || !newFailures.isEmpty();
    }

    /** The rules that regressed or newly fail, in rule order. */
    public List<Rule> regressedRules() {
        Set<Rule> s = new LinkedHashSet<>();
        regressions.forEach(c -> s.add(c.rule()));
        newFailures.forEach(c -> s.add(c.rule()));
        return java.util.Arrays.stream(Rule.values()).filter(s::contains).toList();
    }

    /** {@code 1 regression (conv2d.basic), 0 new failures, 2 drifts, 0 fixed; 234 cases compared}. */
    public String summary() {
        String rules = regressedRules().isEmpty() ? ""
                : " (" + String.join(", ", regressedRules().stream().map(Rule::id).toList()) + ")";
        return plural(regressions.size(), "regression") + rules + ", " + plural(newFailures.size(), "new failure")
                + ", " + plural(drifts.size(), "drift") + ", " + fixed.size() + " fixed; " + plural(compared, "case")
                + " compared";
    }

    private static String plural(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** Every finding, one per line, regressions first; the summary last. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        regressions.forEach(c -> sb.append("REGRESSION ").append(c.describe()).append('\n'));
        newFailures.forEach(c -> sb.append("NEW FAILURE ").append(c.describe()).append('\n'));
        drifts.forEach(d -> sb.append("drift ").append(d.describe()).append('\n'));
        fixed.forEach(c -> sb.append("fixed ").append(c.describe()).append('\n'));
        noLongerRun.forEach(c -> sb.append("no longer run ").append(c.describe()).append('\n'));
        missingBackends.forEach(b -> sb.append("missing backend ").append(b).append(": in the baseline, not in this run\n"));
        newBackends.forEach(b -> sb.append("new backend ").append(b).append(": not in the baseline\n"));
        if (!added.isEmpty()) {
            sb.append(plural(added.size(), "case")).append(" not in the baseline: ").append(abbreviated(added)).append('\n');
        }
        if (!gone.isEmpty()) {
            sb.append(plural(gone.size(), "case")).append(" of the baseline not in this run: ").append(abbreviated(gone))
                    .append('\n');
        }
        return sb.append(summary()).toString();
    }

    private static String abbreviated(List<String> l) {
        return l.size() <= 8 ? String.join(", ", l) : String.join(", ", l.subList(0, 8)) + ", …";
    }
}
