package dev.lamina.backend.tornadovm;

import org.junit.jupiter.api.Test;

import java.nio.BufferOverflowException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The error when TornadoVM cannot build a network's task graph. A network too large for one graph is split
 * ({@link GraphPartitionTest}), so an overflow of TornadoVM's code buffer can only mean a TornadoVM that encodes
 * tasks differently from 5.2.0: it is named as such.
 */
class BuildFailureTest {
    @Test
    void anOverflowingTaskGraphSaysTheSplitDoesNotMatchThisTornadoVm() {
        RuntimeException cause = new RuntimeException("task", new BufferOverflowException());
        IllegalStateException e = NetworkExecutable.buildFailure(2, "0:0 PoCL", 312, cause);
        assertTrue(e.getMessage().startsWith("tornadovm: a task graph of the network's 312 layers overflowed"
                + " TornadoVM's fixed 8192-byte task-graph code buffer, though each graph was cut to fit it by"
                + " TornadoVM 5.2.0's encoding of tasks: this TornadoVM writes more per task"), e.getMessage());
        assertTrue(e.getMessage().contains("run it on another backend (cpu, blas)"), e.getMessage());
        assertTrue(e.getMessage().endsWith("building the task graph (batch 2) for 0:0 PoCL failed: "
                + "java.nio.BufferOverflowException"), e.getMessage());
        assertSame(cause, e.getCause());
    }

    @Test
    void anyOtherFailureIsReportedAsItIs() {
        IllegalStateException e = NetworkExecutable.buildFailure(8, "0:0 PoCL", 12,
                new UnsupportedOperationException("no device"));
        assertEquals("tornadovm: building the task graph (batch 8) for 0:0 PoCL failed: "
                + "java.lang.UnsupportedOperationException: no device", e.getMessage());
    }
}
