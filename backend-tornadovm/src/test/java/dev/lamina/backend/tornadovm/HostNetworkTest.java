package dev.lamina.backend.tornadovm;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Flatten;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.spi.Executable;
import dev.lamina.spi.Graph;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link NetworkContract} with every task run as plain Java, on any JVM: the plan without the device. */
class HostNetworkTest extends NetworkContract {
    private final List<JavaPlan> built = new ArrayList<>();

    @Override
    Executable compile(Graph graph) {
        return new NetworkExecutable(new Network(graph), (network, batch) -> {
            JavaPlan p = new JavaPlan(network, batch);
            built.add(p);
            return p;
        }, new ReentrantLock(), "the JVM", e -> { });
    }

    @Test
    void onePlanPerBatchSizeTheLeastRecentlyUsedClosedBeyondTheLimit() {
        Nets n = new Nets(11).input("input", Shape.of(2)).then("relu", new ReLU());
        built.clear();
        try (NetworkExecutable e = (NetworkExecutable) compile(n.graph())) {
            for (int b : new int[] {1, 2, 1, 3, 4, 5}) {
                e.run(n.batch(b), Set.of("relu"));
            }
            assertEquals(5, built.size(), "batch 1 was built once");
            assertEquals(List.of(1, 3, 4, 5), new ArrayList<>(e.planned()));
            assertTrue(built.get(1).released, "batch 2, least recently used, was closed");
            assertFalse(built.get(0).released);
        }
        assertTrue(built.stream().allMatch(p -> p.released), "closing the network closes every plan");
    }

    @Test
    void flattenIsAViewAndHasNoTask() {
        Nets n = new Nets(12).input("input", Shape.of(1, 3, 3))
                .then("conv", Conv2d.of(2, 2, 2)).then("flat", new Flatten()).then("relu", new ReLU());
        Network network = new Network(n.graph());
        assertEquals("conv", network.holder("flat"));
        assertEquals(Set.of("conv", "relu"), network.nodeBuffers());
        assertEquals(Set.of("input"), network.deviceInputs());
        assertEquals(2, network.weights().size());
        HostSink sink = new HostSink();
        network.emit(sink, network.allocate(1), 1);
        assertEquals(List.of("conv", "relu"), sink.tasks);
    }
}
