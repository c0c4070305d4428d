package dev.lamina.spi.helpers;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadCountTest {
    private static final String OVERRIDE = "lamina.test.threads";

    @AfterEach
    void clear() {
        System.clearProperty(OVERRIDE);
        System.clearProperty(ThreadCount.PROPERTY);
    }

    @Test
    void theBackendsOwnPropertyWinsThenTheSharedOneThenTheProcessors() {
        assertEquals(Runtime.getRuntime().availableProcessors(), ThreadCount.configured(OVERRIDE));
        System.setProperty(ThreadCount.PROPERTY, "3");
        assertEquals(3, ThreadCount.configured(OVERRIDE));
        System.setProperty(OVERRIDE, "5");
        assertEquals(5, ThreadCount.configured(OVERRIDE));
        assertEquals(3, ThreadCount.configured(null));
    }

    @Test
    void aBadValueNamesThePropertyAndTheValue() {
        System.setProperty(ThreadCount.PROPERTY, "0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ThreadCount.configured(OVERRIDE));
        assertTrue(e.getMessage().contains("-Dlamina.threads") && e.getMessage().contains("'0'"), e.getMessage());
        System.setProperty(OVERRIDE, "many");
        e = assertThrows(IllegalArgumentException.class, () -> ThreadCount.configured(OVERRIDE));
        assertTrue(e.getMessage().contains("-D" + OVERRIDE) && e.getMessage().contains("'many'"), e.getMessage());
    }
}
