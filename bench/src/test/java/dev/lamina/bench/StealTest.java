package dev.lamina.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StealTest {
    @Test
    void readsTheAggregateLineOfProcStat() {
        Steal s = Steal.parse("cpu  1199826 0 106435 1138466 3097 0 1555 59919 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n");
        assertEquals(new Steal(1199826L + 106435 + 1138466 + 3097 + 1555 + 59919, 59919), s);
        assertNull(Steal.parse("cpu0 1 2 3 4 5 6 7 8\n"), "no aggregate line");
        assertNull(Steal.parse("cpu 1 2 3 4\n"), "an old kernel's line without steal");
        assertThrows(IllegalArgumentException.class, () -> new Steal(5, 6));
    }

    @Test
    void saysHowMuchWasStolenAndWhetherTheRowsAreDisturbed() {
        Steal before = new Steal(10_000, 100);
        assertEquals("lamina bench: CPU time taken by the hypervisor during the run: 0.5 % (0.1 s of 20.0 s)",
                Steal.line(before, new Steal(12_000, 110), 100));
        assertEquals("lamina bench: CPU time taken by the hypervisor during the run: 12.5 % (2.5 s of 20.0 s);"
                + " above 5 %, the rows may be disturbed: run again to compare", Steal.line(before, new Steal(12_000, 350), 100));
        assertNull(Steal.line(null, before, 100));
        assertNull(Steal.line(before, new Steal(9_000, 100), 100), "counters that went back");
    }

    @Test
    void nowReadsThisMachineWhereItCan() {
        Steal s = Steal.now();
        if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/stat"))) {
            assertTrue(s != null && s.total() > 0, String.valueOf(s));
        } else {
            assertNull(s);
        }
    }
}
