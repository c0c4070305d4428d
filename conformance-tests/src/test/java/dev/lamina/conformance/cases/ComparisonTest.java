package dev.lamina.conformance.cases;

import dev.lamina.conformance.Backends;
import dev.lamina.conformance.Comparison;
import dev.lamina.conformance.reference.ReferenceBackend;
import dev.lamina.core.BackendConfig;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.Compiler;
import dev.lamina.core.LayerOutputs;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonTest {
    private static LayerOutputs run(ReferenceBackend backend, Fixture f) {
        Compiler compiler = new Compiler(Backends.registry(backend), BackendConfig.fromEnvironment());
        try (CompiledModel m = compiler.compile(f.model(), f.weights(), backend.id())) {
            return m.forwardAll(f.input());
        }
    }

    @Test
    void comparesLayerByLayerAndNamesTheFirstThatDiffers() {
        Fixture f = Fixtures.model(ModelCases::branches, 2, 5).get();
        LayerOutputs good = run(Backends.reference(), f);
        LayerOutputs bad = run(Backends.droppedBias(), f);
        Comparison ok = Comparison.againstReference(f.model(), f.weights(), f.input(), good);
        assertTrue(ok.passed(), ok.describe());
        Comparison c = Comparison.between(f.model(), f.weights(), f.input(), good, bad);
        assertFalse(c.passed());
        assertEquals("conv_a", c.firstFailure().orElseThrow().layer());
        assertTrue(c.describe().endsWith("conv_a is the first layer that differs"), c.describe());
    }
}
