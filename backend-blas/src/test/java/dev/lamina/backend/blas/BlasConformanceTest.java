package dev.lamina.backend.blas;

import dev.lamina.conformance.BackendConformanceTest;

/** The blas backend runs the conformance kit exactly as a third-party backend would. */
class BlasConformanceTest extends BackendConformanceTest {
    @Override
    protected String backendId() {
        return "blas";
    }
}
