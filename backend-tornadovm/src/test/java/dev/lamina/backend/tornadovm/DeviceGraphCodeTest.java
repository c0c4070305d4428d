package dev.lamina.backend.tornadovm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

import java.nio.BufferOverflowException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Under TornadoVM: the runtime's task graph holds exactly as many tasks as {@link GraphPartition#taskBytes} and
 * {@link GraphPartition#CODE_BYTES} say — the partition's arithmetic checked against the real buffer. Tasks of 2
 * arguments (25 bytes) and of 7 (50 bytes) pin both constants of the encoding.
 */
@Tag("tornadovm")
class DeviceGraphCodeTest {

    @Test
    void aTaskGraphHoldsTheTasksThePartitionCounts() {
        assumeTrue(new TornadoVmBackendProvider().probe().available(), "tornadovm unavailable");
        FloatArray x = new FloatArray(4);
        FloatArray w = new FloatArray(4);
        FloatArray y = new FloatArray(4);
        assertEquals(GraphPartition.CODE_BYTES / GraphPartition.taskBytes(2), tasksUntilOverflow(
                (g, i) -> g.task("t" + i, Kernels::relu, x, y)), "relu tasks (2 arguments)");
        assertEquals(GraphPartition.CODE_BYTES / GraphPartition.taskBytes(7), tasksUntilOverflow(
                (g, i) -> g.task("t" + i, Kernels::dense, x, w, w, y, 1, 1, 0)), "dense tasks (7 arguments)");
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
