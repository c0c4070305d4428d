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
 * {@link NetworkContract} on the TornadoVM device with every network split into task graphs of at most
 * {@value #BYTES} bytes of code (one convolution and a little more): several graphs in one execution plan, the
 * activations persisted by one graph and consumed by the next, on the real runtime. Skipped unless this JVM
 * runs TornadoVM.
 */
@Tag("tornadovm")
class DeviceSplitNetworkTest extends NetworkContract {
    static final int BYTES = 150;
    private Availability availability;
    private Backend backend;

    @BeforeAll
    void openDevice() {
        availability = new TornadoVmBackendProvider().probe();
        if (availability.available()) {
            backend = TornadoVmRuntime.create(GraphPartition.Budget.bytes(BYTES));
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
