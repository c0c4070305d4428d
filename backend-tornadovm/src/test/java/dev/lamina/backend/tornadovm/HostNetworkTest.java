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
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    /** What TornadoVM throws for some kernels it cannot compile is an Error (TornadoInternalError). */
    private static final class CompileError extends Error {
        private static final long serialVersionUID = 1L;

        CompileError() {
            super("unimplemented: dynamically sized array declarations are not supported");
        }
    }

    @Test
    void aPlanThatFailsIsClosedAndDroppedAndTheFailureSaysWhere() {
        Nets n = new Nets(13).input("input", Shape.of(2)).then("relu", new ReLU());
        List<JavaPlan> failing = new ArrayList<>();
        try (NetworkExecutable e = new NetworkExecutable(new Network(n.graph()), (network, batch) -> {
            JavaPlan p = new JavaPlan(network, batch) {
                @Override
                void execute(List<uk.ac.manchester.tornado.api.types.arrays.FloatArray> fetch) {
                    throw new CompileError();
                }
            };
            failing.add(p);
            return p;
        }, new ReentrantLock(), "device 9:9", x -> { })) {
            IllegalStateException ex = assertThrows(IllegalStateException.class, () -> e.run(n.batch(1), Set.of("relu")));
            assertTrue(ex.getMessage().startsWith("tornadovm: running the network (batch 1) on device 9:9 failed:"),
                    ex.getMessage());
            assertInstanceOf(CompileError.class, ex.getCause());
            assertTrue(failing.get(0).released);
            assertEquals(Set.of(), e.planned());
            assertThrows(IllegalStateException.class, () -> e.run(n.batch(1), Set.of("relu")));
            assertEquals(2, failing.size(), "the next call builds the plan again");
        }
    }

    @Test
    void aPlanThatCannotBeBuiltFailsWithWhere() {
        Nets n = new Nets(14).input("input", Shape.of(2)).then("relu", new ReLU());
        try (NetworkExecutable e = new NetworkExecutable(new Network(n.graph()), (network, batch) -> {
            throw new UnsupportedOperationException("no task graph here");
        }, new ReentrantLock(), "device 9:9", x -> { })) {
            IllegalStateException ex = assertThrows(IllegalStateException.class, () -> e.run(n.batch(2), Set.of("relu")));
            assertTrue(ex.getMessage().startsWith("tornadovm: building the task graph (batch 2) for device 9:9"),
                    ex.getMessage());
        }
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
