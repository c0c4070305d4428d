package dev.lamina.backend.cpu;

import dev.lamina.api.Add;
import dev.lamina.api.Concat;
import dev.lamina.api.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.lamina.backend.cpu.Nodes.node;
import static dev.lamina.backend.cpu.Nodes.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class AddConcatKernelTest {

    @Test
    void addsTwoInputsOverABatch() {
        Shape s = Shape.of(1, 1, 2);
        float[] y = run(node("add", new Add(), List.of(s, s)), 2, new float[] {1, 2, 3, 4}, new float[] {10, 20, 30, 40});
        assertArrayEquals(new float[] {11, 22, 33, 44}, y);
    }

    @Test
    void addsThreeInputsLeftToRight() {
        // (1e8 + −1e8) + 1 = 1; adding the 1 earlier would lose it to rounding.
        Shape s = Shape.of(1);
        float[] y = run(node("add", new Add(), List.of(s, s, s)), 1,
                new float[] {1e8f}, new float[] {-1e8f}, new float[] {1});
        assertArrayEquals(new float[] {1}, y);
    }

    @Test
    void concatenatesChannelsPerSample() {
        // a: [1, 1, 2], b: [2, 1, 2], batch 2: each sample is a's sample then b's.
        float[] a = {1, 2, 3, 4};
        float[] b = {10, 11, 12, 13, 20, 21, 22, 23};
        float[] y = run(node("cat", new Concat(), List.of(Shape.of(1, 1, 2), Shape.of(2, 1, 2))), 2, a, b);
        assertArrayEquals(new float[] {1, 2, 10, 11, 12, 13, 3, 4, 20, 21, 22, 23}, y);
    }

    @Test
    void concatenatesFeaturesOfThreeInputs() {
        float[] y = run(node("cat", new Concat(), List.of(Shape.of(1), Shape.of(2), Shape.of(1))), 2,
                new float[] {1, 2}, new float[] {3, 4, 5, 6}, new float[] {7, 8});
        assertArrayEquals(new float[] {1, 3, 4, 7, 2, 5, 6, 8}, y);
    }
}
