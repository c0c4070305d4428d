package dev.lamina.backend.tornadovm;

import dev.lamina.api.Flatten;
import dev.lamina.api.Layer;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
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
    void everyLayerTypeHasATaskOrIsAView() {
        // a new layer type in the sealed hierarchy fails here until it has a task (or a view) in the table
        assertEquals(Set.of(Layer.class.getPermittedSubclasses()), LayerTasks.TABLE.types());
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
