package dev.lamina.spi;

import dev.lamina.api.Flatten;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Tanh;
import dev.lamina.api.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelBackendTest {

    /** ReLU as a kernel, flatten as a view; records which nodes got a kernel built. */
    static final class Tiny extends KernelBackend {
        final List<String> built = new ArrayList<>();

        Tiny() {
            register(ReLU.class, node -> {
                built.add(node.name());
                int size = node.outputShape().size();
                return (batch, in, out) -> {
                    for (int i = 0; i < batch * size; i++) {
                        out[i] = Math.max(in[0][i], 0f);
                    }
                };
            });
            registerView(Flatten.class);
        }

        @Override
        public String id() {
            return "tiny";
        }
    }

    private static final Shape IMG = Shape.of(1, 2, 2);

    @Test
    void supportsAnswersFromTheRegistrations() {
        Tiny t = new Tiny();
        Node relu = new Node("r", new ReLU(), List.of("input"), List.of(IMG), IMG, Map.of());
        Node tanh = new Node("t", new Tanh(), List.of("input"), List.of(IMG), IMG, Map.of());
        Node flat = new Node("f", new Flatten(), List.of("input"), List.of(IMG), Shape.of(4), Map.of());
        assertTrue(t.supports(relu).supported());
        assertTrue(t.supports(flat).supported());
        assertEquals(Support.no("tiny has no kernel for layer type tanh"), t.supports(tanh));
    }

    @Test
    void aViewSharesItsInputsBufferAndGetsNoKernel() {
        Tiny t = new Tiny();
        Node relu = new Node("relu", new ReLU(), List.of("input"), List.of(IMG), IMG, Map.of());
        Node flat = new Node("flat", new Flatten(), List.of("relu"), List.of(IMG), Shape.of(4), Map.of());
        Node relu2 = new Node("relu2", new ReLU(), List.of("flat"), List.of(Shape.of(4)), Shape.of(4), Map.of());
        Graph g = new Graph(List.of(new GraphInput("input", IMG)), List.of(relu, flat, relu2));
        try (Executable exe = t.compile(g)) {
            assertEquals(List.of("relu", "relu2"), t.built, "kernels are built at compile time, none for the view");
            Tensor x = Tensor.of(Shape.of(2, 1, 2, 2), new float[] {1, -2, 3, -4, -5, 6, -7, 8});
            Map<String, Tensor> out = exe.run(Map.of("input", x), Set.of("flat", "relu2"));
            assertEquals(Shape.of(2, 4), out.get("flat").shape());
            assertArrayEquals(new float[] {1, 0, 3, 0, 0, 6, 0, 8}, out.get("flat").toArray());
            assertArrayEquals(new float[] {1, 0, 3, 0, 0, 6, 0, 8}, out.get("relu2").toArray());
        }
    }

    @Test
    void compilingAnUnregisteredTypeFailsNamingTheNode() {
        Tiny t = new Tiny();
        Node tanh = new Node("t1", new Tanh(), List.of("input"), List.of(IMG), IMG, Map.of());
        Graph g = new Graph(List.of(new GraphInput("input", IMG)), List.of(tanh));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.compile(g));
        assertEquals("t1: tiny has no kernel for layer type tanh", e.getMessage());
        assertFalse(t.built.contains("t1"));
    }
}
