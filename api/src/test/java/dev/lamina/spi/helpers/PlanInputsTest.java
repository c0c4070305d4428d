package dev.lamina.spi.helpers;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.spi.Graph;
import dev.lamina.spi.GraphInput;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PlanInputsTest {
    private static final Graph ONE = new Graph(List.of(new GraphInput("input", Shape.of(3, 4))), List.of());
    private static final Graph TWO = new Graph(List.of(new GraphInput("a", Shape.of(3)), new GraphInput("b",
            Shape.of(3))), List.of());

    @Test
    void theMapFreeFormChecksAsTheMapFormDoes() {
        Tensor x = Tensor.of(Shape.of(5, 3, 4), new float[60]);
        assertEquals(5, PlanInputs.batchOf(ONE, "input", x));
        assertEquals(5, PlanInputs.batchOf(ONE, Map.of("input", x)));
        Tensor bad = Tensor.of(Shape.of(5, 4, 3), new float[60]);
        String single = assertThrows(IllegalArgumentException.class, () -> PlanInputs.batchOf(ONE, "input", bad))
                .getMessage();
        String mapped = assertThrows(IllegalArgumentException.class,
                () -> PlanInputs.batchOf(ONE, Map.of("input", bad))).getMessage();
        assertEquals("input: expected [N, 3, 4], got [5, 4, 3]", single);
        assertEquals(mapped, single);
    }

    @Test
    void theMapFreeFormNamesTheInputsItCannotGive() {
        Tensor x = Tensor.of(Shape.of(1, 3, 4), new float[12]);
        assertEquals("missing input input", assertThrows(IllegalArgumentException.class,
                () -> PlanInputs.batchOf(ONE, "other", x)).getMessage());
        assertEquals("missing input b", assertThrows(IllegalArgumentException.class,
                () -> PlanInputs.batchOf(TWO, "a", Tensor.of(Shape.of(1, 3), new float[3]))).getMessage());
        assertEquals("missing input input", assertThrows(IllegalArgumentException.class,
                () -> PlanInputs.batchOf(ONE, "input", null)).getMessage());
    }
}
