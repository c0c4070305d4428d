package dev.lamina.conformance;

import dev.lamina.conformance.reference.ReferenceBackend;
import dev.lamina.core.BackendRegistry;

/**
 * The kit eats its own cooking: its reference backend, set up exactly as a backend author would set up
 * theirs (plus a registry, since the reference backend is deliberately not on the service path), must
 * pass every case.
 */
class ReferenceBackendConformanceTest extends BackendConformanceTest {
    @Override
    protected String backendId() {
        return ReferenceBackend.ID;
    }

    @Override
    protected BackendRegistry registry() {
        return Backends.registry(Backends.reference());
    }
}
