package dev.lamina.spi.helpers;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlotPoolTest {
    @Test
    void keepsAtMostItsCapacityAndGivesEachObjectBackOnce() {
        SlotPool<String> p = new SlotPool<>(2);
        assertNull(p.poll());
        assertTrue(p.offer("a"));
        assertTrue(p.offer("b"));
        assertFalse(p.offer("c"), "a full pool refuses, the caller keeps the object");
        Set<String> got = new HashSet<>();
        got.add(p.poll());
        got.add(p.poll());
        assertEquals(Set.of("a", "b"), got);
        assertNull(p.poll());
    }

    @Test
    void concurrentTakersNeverShareAnObject() throws InterruptedException {
        SlotPool<int[]> p = new SlotPool<>(4);
        for (int i = 0; i < 4; i++) {
            p.offer(new int[1]);
        }
        Thread[] ts = new Thread[8];
        int[] errors = new int[1];
        for (int t = 0; t < ts.length; t++) {
            ts[t] = new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    int[] o = p.poll();
                    if (o == null) {
                        continue;
                    }
                    if (++o[0] != 1) {
                        synchronized (errors) {
                            errors[0]++;
                        }
                    }
                    o[0]--;
                    p.offer(o);
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(0, errors[0], "an object was held by two threads at once");
    }

    @Test
    void aPoolNeedsASlot() {
        assertThrows(IllegalArgumentException.class, () -> new SlotPool<>(0));
    }
}
