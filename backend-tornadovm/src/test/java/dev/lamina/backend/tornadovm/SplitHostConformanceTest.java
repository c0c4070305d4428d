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
 * The whole conformance kit on tornadovm's host path with every network split into a task graph per step, each
 * graph with its own device memory ({@link SplitJavaPlan}): every rule passing here means that for every network
 * of the kit the values cross between graphs as they must. Report: {@code target/lamina-conformance/tornadovm-split/}.
 */
class SplitHostConformanceTest extends BackendConformanceTest {
    static final String ID = "tornadovm-split";

    @Override
    protected String backendId() {
        return ID;
    }

    @Override
    protected BackendRegistry registry() {
        return BackendRegistry.of(List.of(new SplitProvider()));
    }

    private static final class SplitProvider implements BackendProvider {
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
            return Availability.available("tornadovm's tasks as plain Java, a task graph per step (no device)");
        }

        @Override
        public Backend create() {
            TornadoVmBackend host = new TornadoVmBackend("the JVM (a task graph per step)",
                    (network, batch) -> new SplitJavaPlan(network, batch, network.partition(GraphPartition.Budget.ONE_STEP)), new ReentrantLock());
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
