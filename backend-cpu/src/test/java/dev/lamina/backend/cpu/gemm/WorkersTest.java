package dev.lamina.backend.cpu.gemm;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared pool: every task runs once, and a worker does not spin once its short watch after a job is over. */
class WorkersTest {

    @Test
    void everyTaskRunsOnceAndIdleWorkersPark() throws InterruptedException {
        AtomicIntegerArray runs = new AtomicIntegerArray(64);
        for (int call = 0; call < 200; call++) {
            Workers.forEach(64, i -> runs.incrementAndGet(i));
        }
        for (int i = 0; i < 64; i++) {
            assertEquals(200, runs.get(i), "task " + i);
        }
        if (Workers.threads() < 2) {
            return; // no workers to watch
        }
        Thread.sleep(200); // far past the 50 µs watch, even on a loaded machine
        long spinning = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("lamina-cpu-") && t.getState() == Thread.State.RUNNABLE).count();
        long workers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("lamina-cpu-")).count();
        assertTrue(workers > 0, "the calls started workers");
        assertEquals(0, spinning, "workers still runnable 200 ms after the last call");
    }
}
