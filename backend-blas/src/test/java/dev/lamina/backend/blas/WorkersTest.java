package dev.lamina.backend.blas;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-off of split steps: every part once, with the call's arguments; no state left behind. */
class WorkersTest {
    private static final Step STEP = new Step("s") {
        @Override
        void run(Workspace ws, Workspace.Lane lane, int from, int to, int threads) {
        }
    };

    @Test
    void aTaskRunsEveryPartOnceWithItsArgumentsOnEverySlot() {
        for (int threads : new int[] {1, 2, 3}) {
            for (int parts : new int[] {0, 1, 2, 7, 64}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(parts, 1));
                Workers.Split args = Workers.split().of(STEP, null, null, 5, parts, threads).range(10, 20);
                Workers.forEach(threads, parts, (a, p, slot) -> {
                    assertSame(STEP, a.step);
                    assertEquals(5, a.image);
                    assertEquals(10, a.first);
                    assertEquals(20, a.last);
                    assertEquals(parts, a.parts);
                    assertTrue(slot >= 0 && slot < threads, "slot " + slot);
                    runs.incrementAndGet(p);
                }, args);
                for (int p = 0; p < parts; p++) {
                    assertEquals(1, runs.get(p), threads + " threads, " + parts + " parts: part " + p);
                }
                assertNull(args.step, "the arguments are cleared when the split returns");
            }
        }
    }

    @Test
    void theCallersHolderIsReusedAndANestedSplitGetsItsOwn() {
        Workers.Split outer = Workers.split();
        assertSame(outer, Workers.split(), "one holder per calling thread, reused");
        ConcurrentHashMap<Integer, Integer> inner = new ConcurrentHashMap<>();
        Workers.forEach(2, 4, (a, p, slot) -> {
            Workers.Split nested = Workers.split();
            if (slot == 0) {
                assertNotSame(outer, nested, "the caller's holder is in use during its own split");
            }
            Workers.forEach(2, 3, (b, q, s) -> inner.merge(p * 10 + q, 1, Integer::sum),
                    nested.of(STEP, null, null, p, 3, 2));
            assertSame(STEP, a.step, "a nested split leaves the outer arguments alone");
        }, outer.of(STEP, null, null, 0, 4, 2));
        assertEquals(12, inner.size());
        inner.values().forEach(n -> assertEquals(1, n));
    }

    @Test
    void aFailingPartIsRethrownAndTheArgumentsAreStillCleared() {
        Workers.Split args = Workers.split().of(STEP, null, null, 0, 8, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Workers.forEach(2, 8,
                (a, p, slot) -> {
                    if (p == 5) {
                        throw new IllegalStateException("part 5");
                    }
                }, args));
        assertEquals("part 5", e.getMessage());
        assertNull(args.step);
    }
}
