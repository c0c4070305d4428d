package dev.lamina.conformance.cases;

import java.util.Comparator;
import java.util.List;

/** What a check concluded: passed or not, one line saying why, and the comparisons behind it. */
public record Verdict(boolean passed, String message, LayerCheck decisive, List<LayerCheck> checks) {
    public Verdict {
        checks = List.copyOf(checks);
    }

    static Verdict pass(String message) {
        return new Verdict(true, message, null, List.of());
    }

    static Verdict fail(String message) {
        return new Verdict(false, message, null, List.of());
    }

    /**
     * From layer comparisons: fails at the first failing layer in model order (the later ones usually fail
     * because of it), and otherwise names the layer closest to its bound.
     */
    static Verdict of(List<LayerCheck> checks) {
        if (checks.isEmpty()) {
            return fail("nothing was compared");
        }
        for (LayerCheck c : checks) {
            if (!c.passed()) {
                long failing = checks.stream().filter(x -> !x.passed()).count();
                String more = failing > 1 ? " (" + (failing - 1) + " later layer" + (failing > 2 ? "s" : "")
                        + " also differ)" : "";
                return new Verdict(false, c.describe() + more, c, checks);
            }
        }
        LayerCheck worst = checks.stream().max(Comparator.comparingDouble(LayerCheck::ratio)).orElseThrow();
        return new Verdict(true, checks.size() + " layer" + (checks.size() > 1 ? "s" : "") + " compared; closest to its bound: "
                + worst.describe(), worst, checks);
    }
}
