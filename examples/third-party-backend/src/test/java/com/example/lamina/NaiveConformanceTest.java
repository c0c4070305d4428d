package com.example.lamina;

import dev.lamina.conformance.BackendConformanceTest;

/** The whole conformance setup of a third-party backend: this class and one test dependency. */
class NaiveConformanceTest extends BackendConformanceTest {
    @Override
    protected String backendId() {
        return "naive";
    }
}
