package dev.lamina.conformance.cases;

import dev.lamina.core.BackendRegistry;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.Compiler;

/** The backend under test, as a check sees it. */
public record CaseContext(String backendId, BackendRegistry registry, Compiler compiler) {
    /** Compiles a fixture on the backend under test (never on another: the kit's config has no fallback). */
    CompiledModel compile(Fixture f) {
        return compiler.compile(f.model(), f.weights(), backendId);
    }
}
