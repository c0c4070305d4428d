package dev.lamina.backend.tornadovm;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Flatten;
import dev.lamina.api.GELU;
import dev.lamina.api.Layer;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.spi.Node;
import org.junit.jupiter.api.Test;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The task table, on any JVM: it replaced an exhaustive switch, so coverage is checked here instead. */
class LayerTasksTest {
    private static final Shape IMG = Shape.of(2, 3, 3);

    @Test
    void lamina01sLayerTypesHaveATaskOrAreAViewAnd02sAreDeclined() {
        // Lamina 0.1's eleven layer types are in the table; 0.2's are declined (no task yet), naming the type
        assertTrue(Set.of(Layer.class.getPermittedSubclasses()).containsAll(LayerTasks.TABLE.types()));
        assertEquals(11, LayerTasks.TABLE.types().size(), LayerTasks.TABLE.types().toString());
        Node gelu = new Node("gelu", GELU.exact(), List.of("input"), List.of(IMG), IMG, Map.of());
        assertEquals("tornadovm has no kernel for layer type gelu", new TornadoVmBackend(null, null).supports(gelu).reason());
        Node dw = new Node("dw", Conv2d.of(2, 3, 3).withGroups(2), List.of("input"), List.of(IMG), Shape.of(2, 1, 1),
                Map.of("weight", Tensor.of(Shape.of(2, 1, 3, 3), new float[18]), "bias", Tensor.of(Shape.of(2), new float[2])));
        assertEquals("tornadovm runs conv2d with groups 1 and symmetric padding only (groups 2, padding [0, 0])",
                new TornadoVmBackend(null, null).supports(dw).reason());
    }

    @Test
    void flattenIsAViewWithoutATask() {
        Node flat = new Node("flat", new Flatten(), List.of("input"), List.of(IMG), Shape.of(18), Map.of());
        assertTrue(LayerTasks.isView(flat));
        assertTrue(new TornadoVmBackend(null, null).supports(flat).supported());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerTasks.of(flat, new ArrayList<>(), () -> null));
        assertEquals("flat: flatten is a view in tornadovm, it has nothing to build", e.getMessage());
    }

    @Test
    void reluGetsItsTaskFromTheTable() {
        Node relu = new Node("relu", new ReLU(), List.of("input"), List.of(Shape.of(4)), Shape.of(4), Map.of());
        assertFalse(LayerTasks.isView(relu));
        assertTrue(new TornadoVmBackend(null, null).supports(relu).supported());
        HostSink sink = new HostSink();
        FloatArray y = new FloatArray(4);
        LayerTasks.of(relu, new ArrayList<>(), () -> null)
                .emit(sink, new FloatArray[] {FloatArray.fromArray(new float[] {-1, 2, -0.5f, 3})}, y, 1);
        assertEquals(List.of("relu"), sink.tasks);
        assertArrayEquals(new float[] {0, 2, 0, 3}, y.toHeapArray());
    }
}
