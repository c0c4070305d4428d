package dev.lamina.inspect;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Flatten;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A layer the size of a real network's (64 channels of 56×56, a 50 176-feature flatten, a dense weight
 * of 10 × 50 176): the pictures are capped with a note, and the page stays bounded.
 */
class LargeLayerReportTest {
    private static InspectReport report;

    @BeforeAll
    static void render() {
        Model m = Model.sequential("wide", 3, 56, 56)
                .add("conv1", Conv2d.of(64, 3, 3).withPadding(1, 1))
                .add("relu1", new ReLU())
                .add("pool1", MaxPool2d.of(2, 2))
                .add("flat", new Flatten())
                .add("fc", Dense.of(10))
                .build();
        Random r = new Random(7);
        float[] x = new float[3 * 56 * 56];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        report = InspectReport.builder(m, Weights.random(m, 1)).input(Tensor.of(Shape.of(1, 3, 56, 56), x))
                .compiler(NotebookReportTest.cpuCompiler()).backend("cpu").build();
    }

    @Test
    void sixtyFourChannelsShowThirtyTwoTilesWithANote() {
        Picture conv = report.picture("conv1");
        TileLayout layout = (TileLayout) conv.layout();
        assertEquals(TileLayout.forMaps(Shape.of(64, 56, 56)).width(), conv.width());
        assertEquals(32, layout.tilesShown());
        assertFalse(layout.printsValues());
        assertEquals("showing 32 of 64 channels", conv.note());
        assertTrue(conv.width() <= 1000, "fits a page column: " + conv.width());
        assertTrue(report.html().contains("showing 32 of 64 channels"));
        assertTrue(report.html().contains("values shown: too many to list here"));
    }

    @Test
    void flatAndDenseAreCappedToo() {
        assertEquals("showing the first 256 of 50176 values", report.picture("flat").note());
        assertEquals("showing 10 of 10 rows × 512 of 50176 columns", report.picture("fc.weight").note());
        assertEquals("showing 16 of 64 filters × 3 of 3 input channels", report.picture("conv1.weight").note());
        assertTrue(report.html().contains("showing the first 256 of 50176 values"));
    }

    @Test
    void thePageStaysUnderTwoMegabytes() throws java.io.IOException {
        int bytes = report.html().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < 2_000_000, "page is " + bytes + " bytes");
        // Left in target/ to be looked at, like the notebook's.
        java.nio.file.Path index = report.writeTo(java.nio.file.Path.of("target", "large-report"));
        assertEquals(bytes, java.nio.file.Files.size(index));
    }
}
