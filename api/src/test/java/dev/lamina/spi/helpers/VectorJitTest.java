package dev.lamina.spi.helpers;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorJitTest {
    @Test
    void theLimitIsReadFromTheJvmArgumentsTheLastOneWinning() {
        assertEquals(100, VectorJit.limit(List.of("-Xmx1g")));
        assertEquals(100000, VectorJit.limit(List.of(VectorJit.TRAP_LIMIT_OPTION)));
        assertEquals(7, VectorJit.limit(List.of(VectorJit.TRAP_LIMIT_OPTION, "-XX:PerMethodTrapLimit=7")));
        assertEquals(100, VectorJit.limit(List.of("-XX:PerMethodTrapLimit=lots")));
    }

    @Test
    void adviceNamesTheOptionAndTheCurrentValueOnlyWhenTheLimitIsLow() {
        String advice = VectorJit.advice(100).orElseThrow();
        assertTrue(advice.contains("-XX:PerMethodTrapLimit=100000") && advice.contains("has PerMethodTrapLimit=100;"),
                advice);
        assertTrue(VectorJit.advice(9_999).isPresent());
        assertTrue(VectorJit.advice(10_000).isEmpty());
        assertTrue(VectorJit.advice(100_000).isEmpty());
    }

    @Test
    void thisJvmIsJudgedByItsOwnArguments() {
        boolean raised = VectorJit.limit(ManagementFactory.getRuntimeMXBean().getInputArguments()) >= 10_000;
        assertEquals(raised, VectorJit.advice().isEmpty());
    }
}
