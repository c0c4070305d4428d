package dev.lamina.backend.tornadovm;

import dev.lamina.conformance.BackendConformanceTest;
import org.junit.jupiter.api.Tag;

/**
 * The conformance kit for tornadovm. Without TornadoVM every case is skipped with the provider's reason;
 * the {@code tornadovm} profile runs it under TornadoVM's argfile with bailout off, so every kernel is
 * compiled for and run on the device. Report: {@code target/lamina-conformance/tornadovm/}.
 */
@Tag("tornadovm")
class TornadoVmConformanceTest extends BackendConformanceTest {
    @Override
    protected String backendId() {
        return TornadoVmBackendProvider.ID;
    }
}
