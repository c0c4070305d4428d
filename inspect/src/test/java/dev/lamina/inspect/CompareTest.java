package dev.lamina.inspect;

import dev.lamina.backend.cpu.CpuBackendProvider;
import dev.lamina.core.BackendConfig;
import dev.lamina.core.BackendRegistry;
import dev.lamina.core.Compiler;
import dev.lamina.core.Model;
import dev.lamina.core.examples.NotebookExample;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code compare}: each layer's difference between two backends, and its max abs error. */
class CompareTest {
    private static final Model MODEL = NotebookExample.model();

    private static InspectReport compare(String a, String b) {
        Compiler c = new Compiler(BackendRegistry.of(List.of(new CpuBackendProvider(),
                PerturbedBackend.provider("cpu-off", "conv1", 0.5f))), BackendConfig.fromEnvironment());
        return InspectReport.builder(MODEL, NotebookExample.weights(MODEL)).input(NotebookExample.input())
                .compiler(c).backend(a).compare(b).build();
    }

    @Test
    void aBackendAgainstItselfDiffersByNothing() {
        InspectReport r = compare("cpu", "cpu");
        assertEquals(NotebookReportTest.LAYERS, List.copyOf(r.maxAbsErrors().keySet()));
        r.maxAbsErrors().values().forEach(e -> assertEquals(0f, e));
        for (String layer : NotebookReportTest.LAYERS) {
            Picture d = r.picture(layer + ".diff");
            assertEquals(0f, d.scale().maxAbs(), layer);
        }
        assertTrue(r.html().contains("max |cpu − cpu|"));
        assertTrue(r.html().contains("compared with <b>cpu</b>"));
    }

    @Test
    void aWrongLayerShowsUpInItsDifference() {
        InspectReport r = compare("cpu", "cpu-off");
        Map<String, Float> errors = r.maxAbsErrors();
        assertEquals(0.5f, errors.get("conv1"));
        assertEquals(0f, errors.get("relu1"), "only the perturbed layer differs");
        Picture diff = r.picture("conv1.diff");
        assertEquals(-0.5f, diff.values()[0], "cpu − cpu-off at [0, 0, 0]");
        assertEquals(0f, diff.values()[1]);
        // The wrong value is the deepest blue of the scale, the rest white.
        TileLayout layout = (TileLayout) diff.layout();
        BufferedImage img = diff.image();
        assertEquals(0x2166ac, img.getRGB(layout.tileX(0) + 1, layout.tileY(0) + 1) & 0xffffff);
        assertEquals(0xffffff, img.getRGB(layout.tileX(1) + 1, layout.tileY(1) + 1) & 0xffffff);
        assertTrue(r.html().contains("<span class=\"warn\">0.5</span>"), "the error is on the page");
        assertEquals("conv1.diff.png", r.fileNames().get("conv1.diff"));
    }

    @Test
    void theComparedReportIsWritten() {
        Path dir = Path.of("target", "compare-report");
        Path index = compare("cpu", "cpu-off").writeTo(dir);
        assertTrue(index.toFile().isFile());
        assertTrue(dir.resolve("conv1.diff.png").toFile().isFile());
    }
}
