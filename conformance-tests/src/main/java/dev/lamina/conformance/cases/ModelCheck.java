package dev.lamina.conformance.cases;

import dev.lamina.api.Tensor;
import dev.lamina.conformance.reference.ReferenceImplementation;
import dev.lamina.conformance.reference.ReferenceRun;
import dev.lamina.conformance.reference.Tolerance;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.LayerNode;
import dev.lamina.core.LayerOutputs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs a fixture on the backend and compares every layer's output with the expected one: the kit's
 * reference implementation under its derived bounds, or PyTorch's golden outputs — exactly, or under twice
 * the derived bounds (PyTorch and the backend are both float32 implementations, each within the bound of
 * the exact result, so of each other within twice that).
 */
final class ModelCheck implements Check {
    enum Expect { REFERENCE, GOLDEN_EXACT, GOLDEN }

    private final Lazy<Fixture> fixture;
    private final Supplier<Map<String, Tensor>> golden;
    private final Expect expect;

    private ModelCheck(Supplier<Fixture> fixture, Supplier<Map<String, Tensor>> golden, Expect expect) {
        this.fixture = Lazy.of(fixture);
        this.golden = golden;
        this.expect = expect;
    }

    /** Every layer against the kit's reference implementation. */
    static ModelCheck reference(Supplier<Fixture> fixture) {
        return new ModelCheck(fixture, null, Expect.REFERENCE);
    }

    /** The golden layers against PyTorch's outputs, exactly or within twice the derived bounds. */
    static ModelCheck golden(Supplier<Fixture> fixture, Supplier<Map<String, Tensor>> expected, boolean exact) {
        return new ModelCheck(fixture, expected, exact ? Expect.GOLDEN_EXACT : Expect.GOLDEN);
    }

    @Override
    public List<Fixture> fixtures() {
        return List.of(fixture.get());
    }

    @Override
    public Verdict run(CaseContext context) {
        Fixture f = fixture.get();
        ReferenceRun ref;
        Map<String, Tensor> expected;
        try {
            ref = expect == Expect.GOLDEN_EXACT ? null : ReferenceImplementation.run(f.model(), f.weights(), f.input());
            expected = expect == Expect.REFERENCE ? ref.outputs() : golden.get();
        } catch (RuntimeException e) {
            throw new KitException("the kit could not compute the expected values: " + e, e);
        }
        LayerOutputs actual;
        try (CompiledModel compiled = context.compile(f)) {
            actual = compiled.forwardAll(f.input());
        }
        List<LayerCheck> checks = new ArrayList<>();
        for (LayerNode node : f.model().layers()) {
            Tensor want = expected.get(node.name());
            if (want == null) {
                continue;
            }
            Tolerance tol = switch (expect) {
                case REFERENCE -> ref.tolerance(node.name());
                case GOLDEN -> ref.tolerance(node.name()).scaled(2);
                case GOLDEN_EXACT -> Tolerance.EXACT;
            };
            checks.add(LayerCheck.compare(node.name(), want, actual.outputs().get(node.name()), tol));
        }
        return Verdict.of(checks);
    }
}
