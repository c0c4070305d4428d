package dev.lamina.core;

import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Tanh;
import dev.lamina.api.Tensor;
import dev.lamina.spi.Availability;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompiledModelTest {
    private final FakeProvider reluOnly = new FakeProvider("relu-only", 20, Availability.available("ok"),
            Set.of(ReLU.class));
    private final FakeProvider full = new FakeProvider("full", 10, Availability.available("ok"),
            Set.of(ReLU.class, Tanh.class));
    private final Compiler compiler = new Compiler(BackendRegistry.of(List.of(reluOnly, full)),
            BackendConfig.from(null, null, null));
    private final Model model = Model.sequential("chain", 1, 2, 2)
            .add("relu1", new ReLU()).add("tanh1", new Tanh()).add("relu2", new ReLU()).build();
    private final Tensor x = Tensor.of(Shape.of(1, 1, 2, 2), new float[] {-1, 0.5f, 2, -3});

    @Test
    void unsupportedLayersAreKnownBeforeRunning() {
        BackendException e = assertThrows(BackendException.class, () -> compiler.compile(model, Weights.none(model)));
        assertEquals("backend relu-only does not support tanh1 (tanh: the relu-only test backend has no tanh); "
                + "set -Dlamina.fallback=cpu to run these layers on the cpu backend", e.getMessage());
    }

    @Test
    void withAFallbackEachLayerRunsWhereItCanAndTheSummarySaysWhere() {
        BackendConfig cfg = BackendConfig.from(null, null, "full");
        try (CompiledModel m = compiler.compile(model, Weights.none(model), cfg)) {
            assertEquals(Map.of("relu1", "relu-only", "tanh1", "full", "relu2", "relu-only"), m.backendByLayer());
            LayerOutputs all = m.forwardAll(x);
            assertEquals(List.of("relu1", "tanh1", "relu2"), List.copyOf(all.outputs().keySet()));
            assertArrayEquals(new float[] {0, 0.5f, 2, 0}, all.get("relu1").toArray());
            float t = (float) Math.tanh(0.5), t2 = (float) Math.tanh(2);
            assertArrayEquals(new float[] {0, t, t2, 0}, all.get("relu2").toArray());
            assertEquals(all.get("relu2"), m.forward(x));
            String summary = m.summary().toString();
            assertTrue(summary.lines().anyMatch(l -> l.matches("tanh1 \\(Tanh\\)\\s+\\(None, 1, 2, 2\\)\\s+0\\s+full")),
                    summary);
        }
        assertEquals(2, reluOnly.closed.get() + full.closed.get());
    }

    @Test
    void badInputNamesTheLayerAndTheShapes() {
        try (CompiledModel m = compiler.compile(model, Weights.none(model), "full")) {
            assertEquals("relu1: expected 1 input channels, got 3 (input [1, 3, 2, 2])",
                    assertThrows(ModelException.class, () -> m.forward(Tensor.zeros(Shape.of(1, 3, 2, 2)))).getMessage());
            assertEquals("chain: expected an input batch [N, 1, 2, 2], got [1, 2, 2] (add the batch dimension)",
                    assertThrows(ModelException.class, () -> m.forward(Tensor.zeros(Shape.of(1, 2, 2)))).getMessage());
            assertEquals("relu1: expected input [N, 1, 2, 2], got [4, 1, 3, 2]",
                    assertThrows(ModelException.class, () -> m.forward(Tensor.zeros(Shape.of(4, 1, 3, 2)))).getMessage());
        }
    }

    @Test
    void weightsMustBelongToTheModel() {
        Model other = Model.sequential("other", 1, 2, 2).add("s", new Sigmoid()).build();
        assertThrows(ModelException.class, () -> compiler.compile(model, Weights.none(other), "full"));
    }
}
