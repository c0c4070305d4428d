package dev.lamina.cli;

import dev.lamina.core.Model;
import dev.lamina.core.examples.NotebookExample;
import dev.lamina.core.io.ModelFile;
import dev.lamina.core.io.Npy;
import dev.lamina.core.io.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.lamina.cli.CliTest.lamina;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectCommandTest {

    @Test
    void inspectNotebookWritesThePageAndAPicturePerLayer(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("report");
        CliTest.Result r = lamina("inspect", "notebook", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote " + out.resolve("index.html")), r.out());
        String html = Files.readString(out.resolve("index.html"));
        for (String layer : List.of("conv1", "relu1", "max_pool1", "flat", "dense2", "sigmoid2")) {
            BufferedImage img = ImageIO.read(out.resolve(layer + ".png").toFile());
            assertNotNull(img, layer);
            assertTrue(html.contains("id=\"l-" + layer + "\""), layer);
        }
        assertNotNull(ImageIO.read(out.resolve("conv1.weight.png").toFile()));
        assertTrue(html.contains("<td class=\"n\">28</td>"));
    }

    @Test
    void compareShowsTheMaxAbsErrorOfEveryLayer(@TempDir Path dir) throws IOException {
        CliTest.Result r = lamina("inspect", "notebook", "--out", dir.toString(), "--compare", "cpu,cpu");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("conv1                    max |cpu − cpu| = 0.0"), r.out());
        assertEquals(6, r.out().lines().filter(l -> l.contains("max |cpu − cpu| = 0.0")).count(), r.out());
        assertTrue(Files.isRegularFile(dir.resolve("conv1.diff.png")));
        assertTrue(Files.readString(dir.resolve("index.html")).contains("compared with <b>cpu</b>"));
    }

    @Test
    void badArgumentsExitTwo(@TempDir Path dir) {
        String out = dir.toString();
        CliTest.Result bad = lamina("inspect", "notebook", "--out", out, "--compare", "cpu");
        assertEquals(2, bad.code());
        assertEquals("lamina: --compare takes two backend ids, A,B (e.g. cpu,blas); got 'cpu'", bad.err().strip());
        assertEquals(2, lamina("inspect", "notebook", "--out", out, "--compare", "cpu,").code());
        assertEquals(2, lamina("inspect", "notebook", "--out", out, "--compare", "a,b,c").code());
        assertEquals(2, lamina("inspect", "notebook", "--out", out, "--compare", "cpu,nope").code());
        assertEquals(2, lamina("inspect", "notebook", "--out", out, "--backend", "x", "--compare", "cpu,cpu").code());
        assertEquals(2, lamina("inspect", "notebook").code(), "--out is required");
        assertEquals(2, lamina("inspect", "--out", out).code(), "a model is required");
        assertFalse(Files.exists(dir.resolve("index.html")), "nothing is written on a usage error");
    }

    @Test
    void inspectFromFiles(@TempDir Path dir) throws IOException {
        // The notebook written out as a user's files, with Lamina's own writers.
        Model m = NotebookExample.model();
        Path model = dir.resolve("model.json");
        Path weights = dir.resolve("weights.safetensors");
        Path input = dir.resolve("input.npy");
        ModelFile.write(m, model);
        Safetensors.write(weights, NotebookExample.weights(m).toStateDict());
        Npy.write(input, NotebookExample.input());
        Path out = dir.resolve("out");
        CliTest.Result r = lamina("inspect", "--model", model.toString(), "--weights", weights.toString(),
                "--input", input.toString(), "--out", out.toString(), "--backend", "cpu");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(out.resolve("index.html")).contains(">281.5</td>"));
    }
}
