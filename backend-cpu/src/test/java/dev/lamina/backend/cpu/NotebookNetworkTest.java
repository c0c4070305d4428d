package dev.lamina.backend.cpu;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Flatten;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Tensor;
import dev.lamina.spi.Executable;
import dev.lamina.spi.Graph;
import dev.lamina.spi.GraphInput;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.lamina.backend.cpu.CpuBackendTest.graphNode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The seed notebook's network, with its weights and input, checked exactly at every layer. The products
 * are small integers, so float arithmetic is exact up to the single rounding of adding each 0.1-ish bias;
 * PyTorch's float32 reference has the same bits.
 */
class NotebookNetworkTest {

    @Test
    void everyLayerMatchesTheNotebook() {
        Shape in = Shape.of(1, 5, 6);
        float[] convW = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};  // OIHW [3, 1, 2, 2]
        float[] convB = {0.1f, 0.2f, 0.3f};
        float[] denseW = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};  // [1, 12]
        float[] denseB = {0.1f};
        Graph g = new Graph(List.of(new GraphInput("input", in)), List.of(
                graphNode("conv1", Conv2d.of(3, 2, 2), List.of("input"), List.of(in), convW, convB),
                graphNode("relu1", new ReLU(), List.of("conv1"), List.of(Shape.of(3, 4, 5))),
                graphNode("max_pool1", MaxPool2d.of(2, 2), List.of("relu1"), List.of(Shape.of(3, 4, 5))),
                graphNode("flat", new Flatten(), List.of("max_pool1"), List.of(Shape.of(3, 2, 2))),
                graphNode("dense2", Dense.of(1), List.of("flat"), List.of(Shape.of(12)), denseW, denseB),
                graphNode("sigmoid2", new Sigmoid(), List.of("dense2"), List.of(Shape.of(1)))));

        float[] x = new float[30];
        x[1 * 6 + 2] = 1;   // X[0, 0, 1, 2]
        x[3 * 6 + 4] = -1;  // X[0, 0, 3, 4]

        Map<String, Tensor> out;
        try (Executable exe = new CpuBackend().compile(g)) {
            out = exe.run(Map.of("input", Tensor.of(in.withBatch(1), x)),
                    Set.of("conv1", "relu1", "max_pool1", "flat", "dense2", "sigmoid2"));
        }

        // Each 2×2 window holds at most one of the two impulses, so every value is bias + one weight.
        float[] conv1 = {
            0.1f, 4.1f, 3.1f, 0.1f, 0.1f,
            0.1f, 2.1f, 1.1f, 0.1f, 0.1f,
            0.1f, 0.1f, 0.1f, -3.9f, -2.9f,
            0.1f, 0.1f, 0.1f, -1.9f, -0.9f,

            0.2f, 8.2f, 7.2f, 0.2f, 0.2f,
            0.2f, 6.2f, 5.2f, 0.2f, 0.2f,
            0.2f, 0.2f, 0.2f, -7.8f, -6.8f,
            0.2f, 0.2f, 0.2f, -5.8f, -4.8f,

            0.3f, 12.3f, 11.3f, 0.3f, 0.3f,
            0.3f, 10.3f, 9.3f, 0.3f, 0.3f,
            0.3f, 0.3f, 0.3f, -11.7f, -10.7f,
            0.3f, 0.3f, 0.3f, -9.7f, -8.7f,
        };
        float[] relu1 = conv1.clone();
        for (int i = 0; i < relu1.length; i++) {
            relu1[i] = Math.max(relu1[i], 0f);
        }
        float[] pooled = {4.1f, 3.1f, 0.1f, 0.1f, 8.2f, 7.2f, 0.2f, 0.2f, 12.3f, 11.3f, 0.3f, 0.3f};

        assertEquals(Shape.of(1, 3, 4, 5), out.get("conv1").shape());
        assertArrayEquals(new float[] {0.1f, 4.1f, 3.1f, 0.1f, 0.1f},
                Arrays.copyOf(out.get("conv1").toArray(), 5), "conv1 row 0 of filter 0");
        assertArrayEquals(conv1, out.get("conv1").toArray(), "conv1");
        assertArrayEquals(relu1, out.get("relu1").toArray(), "relu1");
        assertEquals(Shape.of(1, 3, 2, 2), out.get("max_pool1").shape());
        assertArrayEquals(pooled, out.get("max_pool1").toArray(), "max_pool1");
        assertEquals(Shape.of(1, 12), out.get("flat").shape());
        assertArrayEquals(pooled, out.get("flat").toArray(), "flat");
        assertEquals(Shape.of(1, 1), out.get("dense2").shape());
        assertArrayEquals(new float[] {281.5f}, out.get("dense2").toArray(), "dense2");
        assertArrayEquals(new float[] {1f}, out.get("sigmoid2").toArray(), "sigmoid2");
    }
}
