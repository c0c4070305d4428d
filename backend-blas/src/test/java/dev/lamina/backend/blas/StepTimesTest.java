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
            assertTrue(report.contains("fused steps, 3 calls") && report.contains("plain steps, 1 calls"), report);
        }
    }

    private static List<String> names(StepTimes.Track t) {
        return java.util.stream.IntStream.range(0, t.size()).mapToObj(t::name).toList();
    }
}
