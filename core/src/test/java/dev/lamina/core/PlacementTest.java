package dev.lamina.core;

import dev.lamina.api.Add;
import dev.lamina.api.Layer;
import dev.lamina.api.ReLU;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Tanh;
import dev.lamina.spi.Backend;
import dev.lamina.spi.Executable;
import dev.lamina.spi.Graph;
import dev.lamina.spi.GraphInput;
import dev.lamina.spi.Node;
import dev.lamina.spi.Support;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The compiler's placement alone: no backend compiles or runs anything here. */
class PlacementTest {
    /** Answers {@code supports} from a set of layer classes; compiling is not its business. */
    private record Supports(String id, Set<Class<? extends Layer>> layers) implements Backend {
        @Override
        public Support supports(Node node) {
            return layers.contains(node.layer().getClass()) ? Support.yes() : Support.no("no " + node.layer().type());
        }

        @Override
        public Executable compile(Graph graph) {
            throw new AssertionError("placement must not compile");
        }
    }

    private final Map<String, Backend> open = new LinkedHashMap<>(Map.of(
            "relu-only", new Supports("relu-only", Set.of(ReLU.class)),
            "full", new Supports("full", Set.of(ReLU.class, Tanh.class, Add.class))));

    @Test
    void everyLayerOnThePrimaryIsOneSegmentThatHandsOnOnlyTheOutput() {
        Model m = Model.sequential("two", 1, 2, 2).add("r1", new ReLU()).add("r2", new ReLU()).build();
        Placement p = Placement.of(m, Weights.none(m), open, "relu-only", null);
        assertEquals(Map.of("r1", "relu-only", "r2", "relu-only"), p.backendByLayer());
        assertEquals(1, p.parts().size());
        Placement.Part only = p.parts().get(0);
        assertEquals(List.of("input"), only.graph().inputs().stream().map(GraphInput::name).toList());
        assertEquals(Set.of("r1", "r2"), only.produces());
        assertEquals(Set.of(), only.neededLater());
        assertEquals(Set.of("r2"), only.forwardOutputs());
    }

    @Test
    void aFallbackSplitsTheModelAndEachSegmentKnowsWhatLaterOnesRead() {
        // r1 (relu-only) -> t1 (full) -> sum = add(r1, t1) (full) -> r2 (relu-only): r1 is read two segments on.
        GraphBuilder g = Model.graph("skip");
        GraphBuilder.Value x = g.input(1, 2, 2);
        GraphBuilder.Value r1 = g.apply("r1", new ReLU(), x);
        GraphBuilder.Value t1 = g.apply("t1", new Tanh(), r1);
        GraphBuilder.Value sum = g.apply("sum", new Add(), r1, t1);
        Model m = g.build(g.apply("r2", new ReLU(), sum));
        Placement p = Placement.of(m, Weights.none(m), open, "relu-only", "full");
        assertEquals(List.of("relu-only", "full", "relu-only"), p.parts().stream().map(Placement.Part::backend).toList());
        assertEquals(Map.of("r1", "relu-only", "t1", "full", "sum", "full", "r2", "relu-only"), p.backendByLayer());
        Placement.Part first = p.parts().get(0);
        Placement.Part middle = p.parts().get(1);
        Placement.Part last = p.parts().get(2);
        assertEquals(Set.of("r1"), first.neededLater());
        assertEquals(List.of("r1"), middle.graph().inputs().stream().map(GraphInput::name).toList());
        assertEquals(Set.of("t1", "sum"), middle.produces());
        assertEquals(Set.of("sum"), middle.neededLater(), "t1 is read only inside its own segment");
        assertEquals(Set.of("sum"), middle.forwardOutputs());
        assertEquals(List.of("sum"), last.graph().inputs().stream().map(GraphInput::name).toList());
        assertEquals(Set.of(), last.neededLater());
        assertEquals(Set.of("r2"), last.forwardOutputs());
    }

    @Test
    void unsupportedLayersAreListedWithTheReason() {
        Model m = Model.sequential("chain", 1, 2, 2).add("r1", new ReLU()).add("t1", new Tanh())
                .add("s1", new Sigmoid()).build();
        BackendException e = assertThrows(BackendException.class,
                () -> Placement.of(m, Weights.none(m), open, "relu-only", null));
        assertEquals("backend relu-only does not support t1 (tanh: no tanh), s1 (sigmoid: no sigmoid);"
                + " set -Dlamina.fallback=cpu to run these layers on the cpu backend", e.getMessage());
        BackendException withFallback = assertThrows(BackendException.class,
                () -> Placement.of(m, Weights.none(m), open, "relu-only", "full"));
        assertEquals("backend relu-only does not support s1 (sigmoid: no sigmoid)", withFallback.getMessage());
    }

    @Test
    void weightsOfAnotherModelAreRefusedFirst() {
        Model m = Model.sequential("m", 1, 2, 2).add("r1", new ReLU()).build();
        Model other = Model.sequential("other", 1, 2, 2).add("s", new Sigmoid()).build();
        assertEquals("m: the weights were built for another model (other)", assertThrows(ModelException.class,
                () -> Placement.of(m, Weights.none(other), open, "relu-only", null)).getMessage());
    }
}
