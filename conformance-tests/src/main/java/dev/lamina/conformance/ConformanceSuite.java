package dev.lamina.conformance;

import dev.lamina.conformance.cases.ConformanceCase;
import dev.lamina.conformance.cases.KitCases;
import dev.lamina.conformance.cases.Rule;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Every case of the kit, in report order: canary, notebook, layers, random, whole models. */
public final class ConformanceSuite {
    private ConformanceSuite() {
    }

    /** Every case; a new list of new cases each call (fixtures are built lazily, once per case). */
    public static List<ConformanceCase> all() {
        return KitCases.all();
    }

    /**
     * The cases whose rule or id matches a glob ({@code *} any run of characters), e.g. {@code conv2d.*},
     * {@code notebook.layer-outputs} or {@code random/conv2d-*}; the canary is always kept, so that a
     * partial run still proves which backend ran.
     */
    public static List<ConformanceCase> matching(String glob) {
        Pattern p = Pattern.compile(("\\Q" + glob + "\\E").replace("*", "\\E.*\\Q"));
        Predicate<ConformanceCase> keep = c -> c.rule() == Rule.KIT_BACKEND_UNDER_TEST
                || p.matcher(c.rule().id()).matches() || p.matcher(c.id()).matches();
        return all().stream().filter(keep).toList();
    }
}
