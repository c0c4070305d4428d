package dev.lamina.backend.tornadovm;

import org.junit.jupiter.api.Test;

import java.nio.BufferOverflowException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The error when TornadoVM cannot build a network's task graph: the graph-size limit is named as such. */
class BuildFailureTest {
    @Test
    void anOverflowingTaskGraphSaysTheNetworkIsTooLargeForOneGraph() {
        RuntimeException cause = new RuntimeException("task", new BufferOverflowException());
        IllegalStateException e = NetworkExecutable.buildFailure(2, "0:0 PoCL", 312, cause);
        assertTrue(e.getMessage().startsWith("tornadovm: the network's 312 layers do not fit in one TornadoVM task"
                + " graph (TornadoVM keeps a graph's code in a fixed 8 KiB buffer"), e.getMessage());
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
