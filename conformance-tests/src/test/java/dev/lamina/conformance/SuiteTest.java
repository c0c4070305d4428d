package dev.lamina.conformance;

import dev.lamina.conformance.cases.ConformanceCase;
import dev.lamina.conformance.cases.Requirement;
import dev.lamina.conformance.cases.Rule;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuiteTest {
    @Test
    void everyRuleHasCasesAndEveryCaseARule() {
        List<ConformanceCase> all = ConformanceSuite.all();
        assertTrue(all.size() >= 150 && all.size() <= 260, "cases: " + all.size());
        Set<Rule> covered = all.stream().map(ConformanceCase::rule).collect(Collectors.toCollection(() -> EnumSet.noneOf(Rule.class)));
        assertEquals(EnumSet.allOf(Rule.class), covered);
        assertEquals(all.size(), all.stream().map(ConformanceCase::id).distinct().count());
        all.forEach(c -> assertFalse(c.title().isBlank(), c.id()));
    }

    @Test
    void everyLayerTypeHasARequiredBasicCase() {
        Set<String> basic = ConformanceSuite.all().stream()
                .filter(c -> c.requirement().kind() == Requirement.Kind.WHEN_TYPE_SUPPORTED)
                .map(c -> c.requirement().layerType()).collect(Collectors.toSet());
        // every layer type of the model file, 0.1's eleven and 0.2's sixteen
        assertEquals(Set.of("conv2d", "maxpool2d", "avgpool2d", "relu", "sigmoid", "tanh", "softmax", "flatten",
                "dense", "add", "concat", "batchnorm2d", "adaptive_avgpool2d", "adaptive_maxpool2d", "hardtanh",
                "leaky_relu", "elu", "hardsigmoid", "hardswish", "silu", "gelu", "mul", "identity", "dropout",
                "channel_shuffle", "slice", "zeropad2d"), basic);
    }

    @Test
    void theNotebookAndTheCanaryAreAlwaysRequired() {
        for (ConformanceCase c : ConformanceSuite.all()) {
            if (c.rule().id().startsWith("notebook.") || c.rule() == Rule.KIT_BACKEND_UNDER_TEST) {
                assertEquals(Requirement.Kind.ALWAYS, c.requirement().kind(), c.id());
            }
        }
    }

    @Test
    void aGlobSelectsByRuleOrIdAndKeepsTheCanary() {
        List<ConformanceCase> conv = ConformanceSuite.matching("conv2d.*");
        assertTrue(conv.stream().allMatch(c -> c.rule().id().startsWith("conv2d.") || c.rule() == Rule.KIT_BACKEND_UNDER_TEST));
        assertTrue(conv.size() > 10);
        assertEquals(Rule.KIT_BACKEND_UNDER_TEST, conv.get(0).rule());
        assertEquals(2, ConformanceSuite.matching("random/dense-00-*").size());
    }
}
