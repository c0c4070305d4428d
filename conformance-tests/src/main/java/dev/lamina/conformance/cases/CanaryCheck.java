package dev.lamina.conformance.cases;

import dev.lamina.core.CompiledModel;
import dev.lamina.spi.Backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The canary: proves that the backend under test is the one that runs. A run misconfigured to test
 * {@code cpu} under another name — a provider creating someone else's backend, a fallback taking layers
 * over — fails here instead of passing every other case on the wrong backend.
 */
final class CanaryCheck implements Check {
    private final Lazy<Fixture> fixture;

    CanaryCheck(Supplier<Fixture> fixture) {
        this.fixture = Lazy.of(fixture);
    }

    @Override
    public List<Fixture> fixtures() {
        return List.of(fixture.get());
    }

    @Override
    public Verdict run(CaseContext context) {
        String id = context.backendId();
        List<String> problems = new ArrayList<>();
        String implementation;
        try (Backend b = context.registry().open(id)) {
            implementation = b.getClass().getName();
            if (!id.equals(b.id())) {
                problems.add("the provider of '" + id + "' created a backend that calls itself '" + b.id()
                        + "' (" + implementation + ")");
            }
        }
        Fixture f = fixture.get();
        try (CompiledModel compiled = context.compile(f)) {
            for (Map.Entry<String, String> e : compiled.backendByLayer().entrySet()) {
                if (!id.equals(e.getValue())) {
                    problems.add("layer " + e.getKey() + " runs on '" + e.getValue() + "', not on '" + id + "'");
                }
            }
            if (compiled.backendByLayer().size() != f.model().layers().size()) {
                problems.add("the compiled model assigns " + compiled.backendByLayer().size() + " of "
                        + f.model().layers().size() + " layers to a backend");
            }
            compiled.forward(f.input());
        }
        return problems.isEmpty()
                ? Verdict.pass("every layer ran on '" + id + "' (" + implementation + ")")
                : Verdict.fail("the backend under test is not the one requested: " + String.join("; ", problems));
    }
}
