package dev.lamina.backend.tornadovm;

import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;
import dev.lamina.spi.Executable;
import dev.lamina.spi.Graph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link NetworkContract} on the TornadoVM device: skipped unless this JVM runs TornadoVM (the
 * {@code tornadovm} profile runs it under TornadoVM's argfile, bailout off, so a kernel that does not
 * compile fails the test instead of running as Java).
 */
@Tag("tornadovm")
class DeviceNetworkTest extends NetworkContract {
    private Availability availability;
    private Backend backend;

    @BeforeAll
    void openDevice() {
        TornadoVmBackendProvider provider = new TornadoVmBackendProvider();
        availability = provider.probe();
        if (availability.available()) {
            backend = provider.create();
        }
    }

    @BeforeEach
    void needsTheDevice() {
        assumeTrue(availability.available(), "tornadovm unavailable: " + availability.reason());
    }

    @AfterAll
    void closeDevice() {
        if (backend != null) {
            backend.close();
        }
    }

    @Override
    Executable compile(Graph graph) {
        return backend.compile(graph);
    }
}
