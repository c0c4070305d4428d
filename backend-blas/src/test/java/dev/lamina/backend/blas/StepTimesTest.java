package dev.lamina.backend.blas;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Flatten;
import dev.lamina.api.Dense;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Tensor;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code -Dlamina.blas.stepTimes}: every step of the list that ran is timed, per call, under its own name. */
class StepTimesTest {

    private static final Model NET = Model.sequential("timed", 2, 12, 12)
            .add("conv", Conv2d.of(4, 3, 3)).add("relu", new ReLU())
            .add("pool", MaxPool2d.of(2, 2))
            .add("flat", new Flatten()).add("fc", Dense.of(3))
            .build();

    @Test
    void offByDefault() {
        try (BlasPlan plan = (BlasPlan) new BlasBackend(1).compile(Blas.graph(NET, Weights.random(NET, 3)))) {
            assertNull(plan.stepTimes());
        }
    }

    @Test
    void timesEachStepOfTheListThatRan() {
        Weights w = Weights.random(NET, 3);
        System.setProperty(StepTimes.PROPERTY, "true");
        BlasPlan plan;
        try {
            plan = (BlasPlan) new BlasBackend(2).compile(Blas.graph(NET, w));
        } finally {
            System.clearProperty(StepTimes.PROPERTY);
        }
        try (plan) {
            StepTimes t = plan.stepTimes();
            Tensor x = Blas.random(NET.inputShape(), 4, 9L);
            for (int i = 0; i < 3; i++) {
                plan.run(Map.of("input", x), Set.of("fc"));
            }
            plan.run(Map.of("input", x), Set.of("relu")); // inside the fused chain: the plain list runs
            assertEquals(3, t.fused().calls());
            assertEquals(1, t.plain().calls());
            assertEquals(List.of("conv+relu+pool", "fc"), names(t.fused()));
            assertEquals(List.of("conv", "relu", "pool", "fc"), names(t.plain()));
            for (int i = 0; i < t.fused().size(); i++) {
                assertTrue(t.fused().meanNanos(i) > 0, "fused step " + t.fused().name(i));
            }
            for (int i = 0; i < t.plain().size(); i++) {
                assertTrue(t.plain().meanNanos(i) > 0, "plain step " + t.plain().name(i));
            }
            String report = t.report("test");
            for (String name : names(t.fused())) {
                assertTrue(report.contains(name), report);
            }
            assertTrue(report.contains("fused steps, 3 calls, the last 2 measured")
                    && report.contains("plain steps, 1 calls, the last 1 measured"), report);
        }
    }

    /** The means leave the first calls out: after call 2^k, the largest power of two at most half the calls. */
    @Test
    void meansCoverTheLaterHalfOfTheCalls() {
        StepTimes.Track t = new StepTimes.Track(List.of("a", "b"));
        assertEquals(0, t.meanNanos(0));
        t.add(0, 1000);
        t.call();
        assertEquals(1000, t.meanNanos(0)); // one call: itself
        for (int k = 2; k <= 8; k++) {
            t.add(0, 100L * k);
            t.add(1, 7);
            t.call();
            if (k == 3) {
                assertEquals(2, t.measuredCalls()); // after call 1
                assertEquals((200 + 300) / 2.0, t.meanNanos(0));
            }
        }
        assertEquals(8, t.calls());
        assertEquals(4, t.measuredCalls()); // calls 5 … 8
        assertEquals((500 + 600 + 700 + 800) / 4.0, t.meanNanos(0));
        assertEquals(7, t.meanNanos(1));
    }

    private static List<String> names(StepTimes.Track t) {
        return java.util.stream.IntStream.range(0, t.size()).mapToObj(t::name).toList();
    }
}
