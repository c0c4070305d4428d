package dev.lamina.conformance.cases;

import dev.lamina.core.CompiledModel;
import dev.lamina.core.Summary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Compiles a model and checks its summary: total and per-layer parameter counts, output shapes as Keras
 * prints them, and the backend column naming the backend under test on every layer.
 */
final class SummaryCheck implements Check {
    private final Lazy<Fixture> fixture;
    private final long total;
    /** Layer → "output text, params", e.g. {@code (None, 3, 4, 5), 15}. */
    private final Map<String, String> rows;

    SummaryCheck(Supplier<Fixture> fixture, long total, Map<String, String> rows) {
        this.fixture = Lazy.of(fixture);
        this.total = total;
        this.rows = Map.copyOf(rows);
    }

    @Override
    public List<Fixture> fixtures() {
        return List.of(fixture.get());
    }

    @Override
    public Verdict run(CaseContext context) {
        Fixture f = fixture.get();
        List<String> problems = new ArrayList<>();
        if (f.model().parameterCount() != total) {
            problems.add("the model counts " + f.model().parameterCount() + " parameters, expected " + total);
        }
        Summary s;
        try (CompiledModel compiled = context.compile(f)) {
            s = compiled.summary();
        }
        if (s.totalParams() != total || s.trainableParams() != total) {
            problems.add("summary: total " + s.totalParams() + ", trainable " + s.trainableParams()
                    + ", expected " + total);
        }
        for (Summary.Row r : s.rows()) {
            if (r.name().equals("input")) {
                continue;
            }
            String want = rows.get(r.name());
            String got = r.outputText() + ", " + r.params();
            if (want == null) {
                problems.add("summary has an unexpected row " + r.name());
            } else if (!want.equals(got)) {
                problems.add(r.name() + ": expected " + want + ", got " + got);
            }
            if (!context.backendId().equals(r.backend())) {
                problems.add(r.name() + ": the backend column says '" + r.backend() + "', expected '"
                        + context.backendId() + "'");
            }
        }
        if (!s.toString().contains("Total params: " + total)) {
            problems.add("the printed summary lacks 'Total params: " + total + "'");
        }
        return problems.isEmpty()
                ? Verdict.pass(total + " parameters; every row's shape, count and backend as expected")
                : Verdict.fail(String.join("; ", problems));
    }
}
