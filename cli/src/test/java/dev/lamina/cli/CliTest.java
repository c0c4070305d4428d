package dev.lamina.cli;

import dev.lamina.api.Tensor;
import dev.lamina.core.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    record Result(int code, String out, String err) {
    }

    static Result lamina(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void runNotebookPrintsSummaryEveryLayerAndTheOutput() {
        Result r = lamina("run", "notebook", "--backend", "cpu");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Total params: 28"), r.out());
        assertTrue(r.out().contains("conv1 (Conv2D)"), r.out());
        assertTrue(r.out().contains("Layer 1: conv1 shape: [1, 3, 4, 5]"), r.out());
        assertTrue(java.util.regex.Pattern.compile("Layer 1: conv1 shape: \\[1, 3, 4, 5]\\n-+\\n"
                + "\\[\\[\\[\\[ +0\\.1 +4\\.1 +3\\.1 +0\\.1 +0\\.1]").matcher(r.out()).find(), r.out());
        assertTrue(r.out().contains("Layer 5: dense2 shape: [1, 1]"), r.out());
        assertTrue(r.out().contains("[[281.5]]"), r.out());
        assertTrue(r.out().contains("output sigmoid2 [1, 1]: [[1.]]"), r.out());
    }

    @Test
    void runWithFilesDumpsEveryLayerEqualToTheReference(@TempDir Path dir) throws IOException {
        Path model = copy("notebook/model.json", dir);
        Path weights = copy("notebook/weights.safetensors", dir);
        Path input = copy("notebook/input.npy", dir);
        Path dump = dir.resolve("dump");
        Result r = lamina("run", "--model", model.toString(), "--weights", weights.toString(),
                "--input", input.toString(), "--dump", dump.toString());
        assertEquals(0, r.code(), r.err());
        for (String layer : List.of("conv1", "relu1", "max_pool1", "flat", "dense2", "sigmoid2")) {
            Tensor got = Npy.read(dump.resolve(layer + ".npy"));
            Tensor want = Npy.read(copy("notebook/expected/" + layer + ".npy", dir));
            assertEquals(want.shape(), got.shape(), layer);
            assertArrayEquals(want.toArray(), got.toArray(), layer);
        }
    }

    @Test
    void summaryOfTheNotebookAndOfAFile(@TempDir Path dir) throws IOException {
        Result r = lamina("summary", "notebook");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Total params: 28"), r.out());
        Result f = lamina("summary", "--model", copy("lenet/model.json", dir).toString());
        assertEquals(0, f.code(), f.err());
        assertTrue(f.out().contains("fc3 (Dense)"), f.out());
        assertTrue(f.out().contains("(None, 10)"), f.out());
    }

    @Test
    void backendsListsEveryBackendAndTheSelection() {
        Result r = lamina("backends");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\S*\\s+cpu\\s+10\\s+available.*")), r.out());
        assertTrue(r.out().contains("selected: "), r.out());
    }

    @Test
    void anUnknownBackendIsABadInputWithTheListOfBackends() {
        Result r = lamina("run", "notebook", "--backend", "nope");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("lamina: unknown backend nope; found: "), r.err());
        assertTrue(r.err().contains("cpu (priority 10): available"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void badFilesAreOneLineAndExitTwo(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\": \"lamina-model/1\", \"name\": \"x\", \"input\": [1, 4, 4], "
                + "\"layers\": [{\"name\": \"r\", \"type\": \"relu\", \"alpha\": 1}]}");
        Result r = lamina("summary", "--model", bad.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.json"), r.err());
        assertTrue(r.err().contains("alpha"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());

        Result missing = lamina("run", "--model", dir.resolve("none.json").toString(), "--weights", "w");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("none.json"), missing.err());

        Result verbose = lamina("summary", "--model", bad.toString(), "--verbose");
        assertEquals(2, verbose.code());
        assertTrue(verbose.err().lines().count() > 3, "stack trace expected with --verbose");
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, lamina("run").code());
        assertEquals(2, lamina("run", "notebook", "--model", "m.json").code());
        assertEquals(2, lamina("bogus").code());
        assertEquals(2, lamina("run", "lenet").code());
        Result r = lamina("run", "--model", "m.json");
        assertEquals(2, r.code());
        assertEquals("lamina: --model needs --weights W.safetensors", r.err().strip());
    }

    @Test
    void numbersPrintLikeNumpy() {
        assertEquals("0.1", NumpyFormat.number(0.1f));
        assertEquals("281.5", NumpyFormat.number(281.5f));
        assertEquals("1.", NumpyFormat.number(1f));
        assertEquals("-0.333", NumpyFormat.number(-1f / 3));
        assertFalse(NumpyFormat.number(Float.NaN).isEmpty());
    }

    @Test
    void largeArraysPrintSummarisedLikeNumpy() {
        float[] v = new float[2000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i / 4f;
        }
        // np.set_printoptions(precision=3); print(np.arange(2000) / 4): 3 values at each end, width of those
        assertEquals("[    0.   0.25    0.5 ... 499.25  499.5 499.75]",
                NumpyFormat.format(dev.lamina.api.Tensor.of(dev.lamina.api.Shape.of(2000), v)));
        float[] w = new float[4 * 400];
        for (int i = 0; i < w.length; i++) {
            w[i] = i % 400;
        }
        String row = "[  0.   1.   2. ... 397. 398. 399.]";
        // An axis of at most 6 entries is printed whole; the long last axis is cut.
        assertEquals("[" + row + "\n " + row + "\n " + row + "\n " + row + "]",
                NumpyFormat.format(dev.lamina.api.Tensor.of(dev.lamina.api.Shape.of(4, 400), w)));
        float[] u = new float[10 * 200];
        for (int i = 0; i < u.length; i++) {
            u[i] = i / 200;
        }
        String out = NumpyFormat.format(dev.lamina.api.Tensor.of(dev.lamina.api.Shape.of(10, 200), u));
        assertEquals(7, out.split("\n").length, out); // rows 0, 1, 2, "...", 7, 8, 9
        assertTrue(out.contains("\n ...\n [7. 7. 7. ... 7. 7. 7.]"), out);
        // 1,000 values or fewer: every value, as before.
        assertEquals(1000, NumpyFormat.format(dev.lamina.api.Tensor.of(dev.lamina.api.Shape.of(1000), new float[1000]))
                .split(" +").length);
    }

    /** Copies a reference file from the test resources (the kit's copy of shared/reference). */
    static Path copy(String resource, Path dir) throws IOException {
        Path target = dir.resolve(resource.replace('/', '_'));
        try (var in = CliTest.class.getResourceAsStream("/dev/lamina/conformance/reference/" + resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
