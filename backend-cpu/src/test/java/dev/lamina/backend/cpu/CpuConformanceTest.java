package dev.lamina.backend.cpu;

import dev.lamina.conformance.BackendConformanceTest;

/** The cpu backend runs the conformance kit exactly as a third-party backend would. */
class CpuConformanceTest extends BackendConformanceTest {
    @Override
    protected String backendId() {
        return "cpu";
    }
}
