package dev.lamina.core;

import dev.lamina.api.Add;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Flatten;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.core.examples.NotebookExample;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelBuildingTest {

    @Test
    void bothBuildStylesGiveEqualModels() {
        Model seq = NotebookExample.model(true);
        Model graph = NotebookExample.graphModel();
        assertEquals(seq, graph);
        assertEquals(seq.hashCode(), graph.hashCode());
    }

    @Test
    void shapesAreInferredLayerByLayer() {
        Model m = NotebookExample.model(true);
        assertEquals(Shape.of(3, 4, 5), m.layer("conv1").outputShape());
        assertEquals(Shape.of(3, 2, 2), m.layer("max_pool1").outputShape());
        assertEquals(Shape.of(12), m.layer("flat").outputShape());
        assertEquals(Shape.of(1), m.outputShape());
        assertEquals("sigmoid2", m.output());
    }

    @Test
    void parameterCountsMatchTheNotebook() {
        assertEquals(28, NotebookExample.model(true).parameterCount());
        assertEquals(15, NotebookExample.model(true).layer("conv1").parameterCount());
        assertEquals(13, NotebookExample.model(true).layer("dense2").parameterCount());
        assertEquals(24, NotebookExample.model(false).parameterCount());
    }

    @Test
    void exercisesChangeShapesAndCounts() {
        Model a = Model.sequential("a", 1, 6, 6).add("conv1", Conv2d.of(3, 2, 2)).add("relu1", new ReLU())
                .add("pool", MaxPool2d.of(2, 2)).add("flat", new Flatten()).add("dense2", Dense.of(1)).build();
        assertEquals(Shape.of(3, 2, 2), a.layer("pool").outputShape());
        Model b = Model.sequential("b", 3, 6, 6).add("conv1", Conv2d.of(3, 2, 2)).build();
        assertEquals(3 * 3 * 4 + 3, b.parameterCount());
        Model c = Model.sequential("c", 1, 6, 7).add("conv1", Conv2d.of(3, 2, 2))
                .add("conv2", Conv2d.of(4, 3, 3)).add("pool", MaxPool2d.of(2, 2)).build();
        assertEquals(Shape.of(4, 1, 2), c.outputShape());
        assertEquals(15 + 4 * 3 * 9 + 4, c.parameterCount());
    }

    @Test
    void theNotebooksOwnDenseBugIsExplained() {
        ModelException e = assertThrows(ModelException.class, () -> Model.sequential("notebook", 1, 5, 6)
                .add("conv1", Conv2d.of(3, 2, 2))
                .add("relu1", new ReLU())
                .add("max_pool1", MaxPool2d.of(2, 2))
                .add("flat", new Flatten())
                .add("dense2", Dense.of(1).expecting(4 * 5)));
        assertEquals("dense2: expects 20 input features, but flat produces 12 ([3, 2, 2])", e.getMessage());
    }

    @Test
    void shapeErrorsNameTheLayerAndTheNumbers() {
        ModelException tooSmall = assertThrows(ModelException.class,
                () -> Model.sequential("m", 1, 2, 2).add("conv1", Conv2d.of(3, 3, 3)));
        assertTrue(tooSmall.getMessage().startsWith("conv1: "), tooSmall.getMessage());
        assertTrue(tooSmall.getMessage().contains("[1, 2, 2]"), tooSmall.getMessage());

        ModelException flatIntoConv = assertThrows(ModelException.class,
                () -> Model.sequential("m", 1, 4, 4).add("flat", new Flatten()).add("conv1", Conv2d.of(3, 2, 2)));
        assertEquals("conv1: expected a [channels, height, width] input, got [16] "
                + "(a flat input cannot feed a 2-D layer)", flatIntoConv.getMessage());

        ModelException denseOnImage = assertThrows(ModelException.class,
                () -> Model.sequential("m", 1, 4, 4).add("dense1", Dense.of(3)));
        assertEquals("dense1: expected a flat [features] input, got [1, 4, 4] (add a flatten layer before it)",
                denseOnImage.getMessage());
    }

    @Test
    void namesAndInputsAreChecked() {
        assertEquals("relu1: the name is already used in m", assertThrows(ModelException.class,
                () -> Model.sequential("m", 1, 4, 4).add("relu1", new ReLU()).add("relu1", new ReLU())).getMessage());
        assertEquals("sum: reads nope, but no earlier layer has that name", assertThrows(ModelException.class,
                () -> Model.sequential("m", 1, 4, 4).add("a", new ReLU()).add("sum", new Add(), "a", "nope"))
                .getMessage());
        assertEquals("sum: add takes at least 2 inputs, got 1 [a]", assertThrows(ModelException.class,
                () -> Model.sequential("m", 1, 4, 4).add("a", new ReLU()).add("sum", new Add())).getMessage());
        assertEquals("input: the name is already used in m", assertThrows(ModelException.class,
                () -> Model.sequential("m", 1, 4, 4).add("input", new ReLU())).getMessage());
    }

    @Test
    void addAndConcatBranchesInferShapes() {
        GraphBuilder g = Model.graph("branches");
        GraphBuilder.Value x = g.input(2, 6, 6);
        GraphBuilder.Value a = g.apply("a", Conv2d.of(4, 3, 3).withPadding(1, 1), x);
        GraphBuilder.Value b = g.apply("b", Conv2d.of(4, 1, 1), x);
        GraphBuilder.Value sum = g.apply("sum", new Add(), a, b);
        GraphBuilder.Value cat = g.apply("cat", new Concat(), sum, x);
        Model m = g.build(cat);
        assertEquals(Shape.of(6, 6, 6), m.outputShape());

        Model same = Model.sequential("branches", 2, 6, 6)
                .add("a", Conv2d.of(4, 3, 3).withPadding(1, 1), "input")
                .add("b", Conv2d.of(4, 1, 1), "input")
                .add("sum", new Add(), "a", "b")
                .add("cat", new Concat(), "sum", "input")
                .build();
        assertEquals(m, same);

        ModelException e = assertThrows(ModelException.class,
                () -> Model.sequential("m", 2, 6, 6).add("a", Conv2d.of(4, 3, 3), "input").add("sum", new Add(), "a", "input"));
        assertEquals("sum: expected every input to have shape [4, 4, 4] (or [4, 1, 1] to broadcast), got [2, 6, 6] at input 1", e.getMessage());
    }

    @Test
    void summaryIsAKerasTable() {
        String s = NotebookExample.model(true).summary().toString();
        assertTrue(s.contains("conv1 (Conv2D)"), s);
        assertTrue(s.contains("(None, 3, 4, 5)"), s);
        assertTrue(s.contains("flat (Flatten)"), s);
        assertTrue(s.contains("(None, 12)"), s);
        assertTrue(s.contains("Total params: 28"), s);
        assertTrue(s.contains("Trainable params: 28"), s);
        assertTrue(s.lines().anyMatch(l -> l.matches("conv1 \\(Conv2D\\)\\s+\\(None, 3, 4, 5\\)\\s+15")), s);
        assertTrue(s.lines().anyMatch(l -> l.matches("dense2 \\(Dense\\)\\s+\\(None, 1\\)\\s+13")), s);
        assertTrue(NotebookExample.model(false).summary().toString().contains("Total params: 24"));
    }
}
