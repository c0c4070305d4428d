package dev.lamina.conformance.cases;

import java.util.List;

/** What a case does with a backend. Implementations are stateless apart from their lazily built fixtures. */
interface Check {
    /** Every model the check compiles, so that the runner can ask the backend about each node first. */
    List<Fixture> fixtures();

    Verdict run(CaseContext context) throws Exception;
}
