package dev.lamina.conformance.cases;

import dev.lamina.conformance.ConformanceRunner;
import dev.lamina.conformance.ConformanceSuite;

import java.util.List;
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

    /** Every model the case compiles, so that a runner can ask the backend about each node first. */
    public List<Fixture> fixtures() {
        return check.fixtures();
    }

    /**
     * Runs the case on the backend under test.
     *
     * @throws KitException when the kit itself could not prepare the case
     * @throws Exception    whatever the backend threw
     */
    public Verdict run(CaseContext context) throws Exception {
        return check.run(context);
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
