package dev.lamina.conformance.report;

import dev.lamina.conformance.cases.LayerCheck;
import dev.lamina.conformance.cases.Rule;
import dev.lamina.conformance.reference.Tolerance;

import java.util.List;
import java.util.Objects;

/**
 * How one case went on one backend.
 *
 * @param caseId   the case's id, e.g. {@code conv2d/stride-2-pad-1}
 * @param title    what the case runs, e.g. {@code conv 3×3 stride 2 pad 1 batch 3}
 * @param rule     the rule the case checks
 * @param backend  the backend id under test
 * @param required whether the backend could not decline this case
 * @param outcome  passed, failed, unsupported or skipped
 * @param message  one line a person can act on: the failure with its numbers, or the reason
 * @param check    the decisive comparison (the first failing layer, else the one closest to its bound),
 *                 or null when nothing was compared
 * @param layers   every comparison made, in model order
 * @param millis   how long the case took
 * @param cause    the exception behind a failure, if any (not serialised)
 */
public record CaseResult(String caseId, String title, Rule rule, String backend, boolean required, Outcome outcome,
                         String message, LayerCheck check, List<LayerCheck> layers, long millis, Throwable cause) {

    public CaseResult {
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
        layers = List.copyOf(layers);
    }

    /** The layer of the decisive comparison, or empty. */
    public String layer() {
        return check == null ? "" : check.layer();
    }

    public List<Integer> firstMismatch() {
        return check == null ? List.of() : check.firstMismatch();
    }

    public float expected() {
        return check == null ? Float.NaN : check.expected();
    }

    public float actual() {
        return check == null ? Float.NaN : check.actual();
    }

    /** The largest absolute error over every comparison of the case (0 when nothing was compared). */
    public double maxAbs() {
        return layers.stream().mapToDouble(LayerCheck::maxAbs).max().orElse(0);
    }

    public double maxRel() {
        return layers.stream().mapToDouble(LayerCheck::maxRel).max().orElse(0);
    }

    /**
     * How close the case came to its tolerance: the largest error divided by what the tolerance allowed
     * there, over every comparison (≤ 1 passes; 0 when nothing was compared; NaN when not known, as for
     * some results read from a {@code lamina-conformance/1} file).
     */
    public double ratio() {
        double r = 0;
        for (LayerCheck l : layers) {
            if (Double.isNaN(l.ratio())) {
                return Double.NaN;
            }
            r = Math.max(r, l.ratio());
        }
        return r;
    }

    /** The same result under another backend column id (see {@link ConformanceReport#merge(List)}). */
    public CaseResult withBackend(String id) {
        return new CaseResult(caseId, title, rule, id, required, outcome, message, check, layers, millis, cause);
    }

    /** Mismatches in the decisive comparison. */
    public int mismatches() {
        return check == null ? 0 : check.mismatches();
    }

    /** The tolerance of the decisive comparison, or null. */
    public Tolerance tolerance() {
        return check == null ? null : check.tolerance();
    }

    /** The whole story in one line: case, rule, backend, outcome and message. */
    public String describe() {
        return caseId + " [" + rule.id() + "] " + title + " on " + backend + ": " + outcome.label()
                + (required ? " (required)" : "") + " — " + message;
    }

    /** The JUnit display name: {@code [rule] title}. */
    public String displayName() {
        return "[" + rule.id() + "] " + title;
    }
}
