package dev.lamina.backend.tornadovm;

import dev.lamina.conformance.BackendConformanceTest;
import dev.lamina.core.BackendRegistry;
import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;
import dev.lamina.spi.BackendProvider;
import dev.lamina.spi.Executable;
import dev.lamina.spi.Graph;
import dev.lamina.spi.Node;
import dev.lamina.spi.Support;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The whole conformance kit on tornadovm's host path, on any JVM 25: the backend's real table, networks,
 * plans and kernels, every task run as plain Java ({@link JavaPlan}) instead of on a device. What it checks
 * is the kernels' logic and arithmetic against the kit's reference and tolerances, for every rule; what only
 * a device run checks (TornadoVM's compilation, the device's math library, its NaN handling) is
 * {@link TornadoVmConformanceTest}'s. Report: {@code target/lamina-conformance/tornadovm-host/}.
 */
class HostConformanceTest extends BackendConformanceTest {
    static final String ID = "tornadovm-host";

    @Override
    protected String backendId() {
        return ID;
    }

    @Override
    protected BackendRegistry registry() {
        return BackendRegistry.of(List.of(new HostProvider()));
    }

    /** tornadovm with plain-Java plans: one lock per backend, as the device backend holds one per JVM. */
    private static final class HostProvider implements BackendProvider {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public Availability probe() {
            return Availability.available("tornadovm's tasks run as plain Java on the JVM (no device)");
        }

        @Override
        public Backend create() {
            TornadoVmBackend host = new TornadoVmBackend("the JVM (tasks as plain Java)", JavaPlan::new,
                    new ReentrantLock());
            // the same backend under its own id, so that the kit's canary finds the backend it asked for
            return new Backend() {
                @Override
                public String id() {
                    return ID;
                }

                @Override
                public Support supports(Node node) {
                    return host.supports(node);
                }

                @Override
                public Executable compile(Graph graph) {
                    return host.compile(graph);
                }

                @Override
                public void close() {
                    host.close();
                }
            };
        }
    }
}
