package dev.lamina.inspect;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import dev.lamina.core.examples.NotebookExample;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The builder's choices: a compiled model, a sample of a batch, a bare sample, NaN, and what it refuses. */
class ReportOptionsTest {
    private static final Model MODEL = NotebookExample.model();
    private static final Weights WEIGHTS = NotebookExample.weights(MODEL);

    private static Tensor batchOfTwo() {
        float[] x = new float[60];
        NotebookExample.input().copyTo(x, 0);
        x[30 + 7] = 2; // the second sample: a single 2 at row 1, column 1
        return Tensor.of(Shape.of(2, 1, 5, 6), x);
    }

    @Test
    void aCompiledModelIsUsedAndLeftOpen() {
        try (CompiledModel m = NotebookReportTest.cpuCompiler().compile(MODEL, WEIGHTS, "cpu")) {
            InspectReport r = InspectReport.builder(MODEL, WEIGHTS).input(NotebookExample.input()).compiled(m).build();
            assertEquals("cpu", r.backend());
            assertEquals(281.5f, r.outputs().get("dense2").at(0));
            assertEquals(1f, m.forward(NotebookExample.input()).at(0), "the compiled model is still open");
        }
    }

    @Test
    void thePicturesShowTheChosenSampleOfABatch() {
        InspectReport r = InspectReport.builder(MODEL, WEIGHTS).input(batchOfTwo()).sample(1)
                .compiler(NotebookReportTest.cpuCompiler()).backend("cpu").build();
        float[] shown = r.picture("input").values();
        assertEquals(2f, shown[7]);
        assertEquals(0f, shown[8]);
        assertTrue(r.html().contains("pictures of sample 1 of 2"));
        assertEquals(Shape.of(2, 3, 4, 5), r.outputs().get("conv1").shape());
    }

    @Test
    void aSingleSampleIsTakenAsABatchOfOne() {
        Tensor one = NotebookExample.input().reshape(Shape.of(1, 5, 6));
        InspectReport r = InspectReport.builder(MODEL, WEIGHTS).input(one)
                .compiler(NotebookReportTest.cpuCompiler()).backend("cpu").build();
        assertEquals(Shape.of(1, 1, 5, 6), r.outputs().input().shape());
    }

    @Test
    void notANumberIsBlackAndCounted() {
        float[] v = {Float.NaN, 1, -1, 0};
        Picture p = LayerPictures.featureMaps("nan", Tensor.of(Shape.of(1, 2, 2), v));
        TileLayout t = (TileLayout) p.layout();
        BufferedImage img = p.image();
        assertEquals(ColorScale.NAN_RGB, img.getRGB(t.tileX(0) + 1, t.tileY(0) + 1) & 0xffffff);
        ValueStats s = ValueStats.of(v);
        assertEquals(1, s.nans());
        assertEquals(-1f, s.min());
        assertEquals(0.0, s.mean());
        assertArrayEquals(v, p.values());
    }

    @Test
    void whatTheBuilderRefuses() {
        InspectReport.Builder noInput = InspectReport.builder(MODEL, WEIGHTS)
                .compiler(NotebookReportTest.cpuCompiler());
        assertThrows(IllegalArgumentException.class, noInput::build);
        assertThrows(IllegalArgumentException.class, () -> InspectReport.builder(MODEL, WEIGHTS).input(batchOfTwo())
                .sample(2).compiler(NotebookReportTest.cpuCompiler()).build());
        try (CompiledModel m = NotebookReportTest.cpuCompiler().compile(MODEL, WEIGHTS, "cpu")) {
            assertThrows(IllegalArgumentException.class, () -> InspectReport.builder(MODEL, WEIGHTS)
                    .input(NotebookExample.input()).compiled(m).backend("cpu").build());
        }
        assertThrows(IllegalArgumentException.class, () -> LayerPictures.difference("d",
                Tensor.zeros(Shape.of(2)), Tensor.zeros(Shape.of(3))));
    }
}
