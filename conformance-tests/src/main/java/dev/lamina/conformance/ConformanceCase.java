package dev.lamina.conformance;

import java.util.Objects;

/**
 * One check of the kit: an id (unique in the suite, e.g. {@code conv2d/stride-2-pad-1}), the rule it
 * checks, a title saying what it runs, and whether a backend may decline it. The suite's cases are listed
 * by {@link ConformanceSuite#all()}; {@link ConformanceRunner} runs them.
 */
public final class ConformanceCase {
    private final String id;
    private final Rule rule;
    private final String title;
    private final Requirement requirement;
    private final Check check;

    ConformanceCase(String id, Rule rule, String title, Requirement requirement, Check check) {
        this.id = Objects.requireNonNull(id, "id");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.title = Objects.requireNonNull(title, "title");
        this.requirement = Objects.requireNonNull(requirement, "requirement");
        this.check = Objects.requireNonNull(check, "check");
    }

    public String id() {
        return id;
    }

    public Rule rule() {
        return rule;
    }

    public String title() {
        return title;
    }

    public Requirement requirement() {
        return requirement;
    }

    Check check() {
        return check;
    }

    /** {@code [rule] title}, the name JUnit shows. */
    public String displayName() {
        return "[" + rule.id() + "] " + title;
    }

    @Override
    public String toString() {
        return id + " " + displayName();
    }
}
