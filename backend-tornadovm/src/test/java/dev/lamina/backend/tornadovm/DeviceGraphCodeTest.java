package dev.lamina.backend.tornadovm;

import dev.lamina.api.Add;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Flatten;
import dev.lamina.api.LeakyReLU;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.backend.cpu.CpuBackendProvider;
import dev.lamina.backend.tornadovm.GraphPartition.Budget;
import dev.lamina.spi.Backend;
import dev.lamina.spi.Executable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

import java.nio.BufferOverflowException;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Under TornadoVM: the partition's arithmetic checked against the real runtime's fixed limits — a task graph's
 * code holds exactly as many tasks as {@link GraphPartition#taskBytes} says, and a network whose graph the
 * partition counts at {@value GraphPartition#GRAPH_NODES} nodes runs in one graph while one counted a node more
 * fails there, so the count is exact for the layers in it.
 */
@Tag("tornadovm")
class DeviceGraphCodeTest {

    @Test
    void aTaskGraphHoldsTheTasksThePartitionCounts() {
        assumeTrue(new TornadoVmBackendProvider().probe().available(), "tornadovm unavailable");
        FloatArray x = new FloatArray(4);
        FloatArray w = new FloatArray(4);
        FloatArray y = new FloatArray(4);
        // 2 arguments (25 bytes) and 7 (50 bytes): both constants of the encoding
        assertEquals(GraphPartition.CODE_BYTES / GraphPartition.taskBytes(2), tasksUntilOverflow(
                (g, i) -> g.task("t" + i, Kernels::relu, x, y)), "relu tasks (2 arguments)");
        assertEquals(GraphPartition.CODE_BYTES / GraphPartition.taskBytes(7), tasksUntilOverflow(
                (g, i) -> g.task("t" + i, Kernels::dense, x, w, w, y, 1, 1, 0)), "dense tasks (7 arguments)");
    }

    @Test
    void aGraphOfTheCountedNodeLimitRunsAndOneNodeMoreDoesNot() {
        assumeTrue(new TornadoVmBackendProvider().probe().available(), "tornadovm unavailable");
        // one graph whatever the node count, so that TornadoVM's own limit decides
        Budget unbounded = new Budget(GraphPartition.CODE_BYTES, Integer.MAX_VALUE, GraphPartition.TASKS);
        Nets fits = network(GraphPartition.GRAPH_NODES);
        Nets over = network(GraphPartition.GRAPH_NODES + 1);
        try (Backend device = TornadoVmRuntime.create(unbounded); Backend cpu = new CpuBackendProvider().create();
             Executable a = device.compile(fits.graph()); Executable b = device.compile(over.graph());
             Executable c = cpu.compile(fits.graph())) {
            Map<String, Tensor> in = fits.batch(3);
            Nets.assertClose("out", c.run(in, Set.of("out")).get("out"), a.run(in, Set.of("out")).get("out"), 1e-4,
                    1e-5);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> b.run(over.batch(3), Set.of("out")));
            assertTrue(e.getMessage().contains("Tornado Graph resize not implemented"), e.getMessage());
        }
    }

    /**
     * Every kind of task (blocked convolution, batch norm, add of three, concat, pools, the work-group dense
     * kernel with its KernelContext), then ReLUs (6 nodes each) and leaky ReLUs of new slopes (7) up to
     * {@code nodes} as the partition counts them, the last named {@code out}.
     */
    private static Nets network(int nodes) {
        Nets n = new Nets(31).input("input", Shape.of(8, 12, 12))
                .then("conv", Conv2d.of(8, 3, 3).withPadding(1, 1)).then("bn", BatchNorm2d.of())
                .then("relu", new ReLU()).node("add", new Add(), "relu", "input", "conv")
                .node("cat", new Concat(), "add", "input").then("max", MaxPool2d.of(2, 2))
                .then("avg", AvgPool2d.of(1, 1)).then("flat", new Flatten()).then("wide", Dense.of(16));
        int rest = nodes - count(n) - 6; // 6 for the last ReLU, "out"
        int leaky = Math.floorMod(rest, 6);
        int relus = (rest - 7 * leaky) / 6;
        assertTrue(relus >= 0, "room for the padding");
        for (int i = 0; i < leaky; i++) {
            n.then("leaky" + i, new LeakyReLU(0.0123f + 0.0011f * i));
        }
        for (int i = 0; i < relus; i++) {
            n.then("pad" + i, new ReLU());
        }
        n.then("out", new ReLU());
        assertEquals(nodes, count(n));
        return n;
    }

    private static int count(Nets n) {
        GraphPartition one = new Network(n.graph()).partition(new Budget(GraphPartition.CODE_BYTES, Integer.MAX_VALUE,
                GraphPartition.TASKS));
        assertEquals(1, one.size());
        return one.parts().get(0).size().nodes();
    }

    private interface AddTask {
        void add(TaskGraph graph, int index);
    }

    /** How many tasks a fresh graph takes before its code overflows. */
    private static int tasksUntilOverflow(AddTask task) {
        TaskGraph graph = new TaskGraph("code" + System.nanoTime());
        for (int i = 0; i < 2 * GraphPartition.CODE_BYTES; i++) {
            try {
                task.add(graph, i);
            } catch (RuntimeException e) {
                boolean overflow = false;
                for (Throwable c = e; c != null; c = c.getCause()) {
                    overflow |= c instanceof BufferOverflowException;
                }
                assertTrue(overflow, "task " + i + " failed otherwise: " + e);
                return i;
            }
        }
        throw new AssertionError("no overflow in " + 2 * GraphPartition.CODE_BYTES + " tasks");
    }
}
