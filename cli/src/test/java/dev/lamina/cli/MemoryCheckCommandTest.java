package dev.lamina.cli;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.io.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15's case as a user meets it: a valid model whose activations do not fit — one 1×1 conv with 64
 * filters on a 1×4000×4000 input — in a JVM of 512 MB. Before the check it ended in an OutOfMemoryError
 * with a stack trace and exit 1; now it is one line naming the layer, its output shape, the bytes needed and
 * free and the knob, exit 2, before anything large is allocated. A child JVM, so the heap is known.
 */
class MemoryCheckCommandTest {
    /** The error line, whatever else the JVM prints (a JDK 25 warns about JavaCPP's native access). */
    private static String error(ChildJvm.Result r) {
        assertTrue(!r.output().contains("\tat ") && !r.output().contains("OutOfMemoryError"), r.output());
        return r.output().lines().filter(l -> l.startsWith("lamina: ")).reduce((a, b) -> a + "\n" + b)
                .orElseThrow(() -> new AssertionError("no error line: " + r.output()));
    }

    private static ChildJvm.Result lamina(String... args) throws IOException, InterruptedException {
        return ChildJvm.lamina("-Xmx512m", args);
    }

    private static Path[] bigModel(Path dir) throws IOException {
        Path model = dir.resolve("big.json");
        Files.writeString(model, "{\"format\": \"lamina-model/1\", \"name\": \"big\", \"input\": [1, 4000, 4000],"
                + " \"layers\": [{\"name\": \"conv1\", \"type\": \"conv2d\", \"filters\": 64, \"kernel\": [1, 1]}]}");
        Path weights = dir.resolve("w.safetensors");
        Safetensors.write(weights, Map.of("conv1.weight", Tensor.zeros(Shape.of(64, 1, 1, 1)),
                "conv1.bias", Tensor.zeros(Shape.of(64))));
        return new Path[] {model, weights};
    }

    @Test
    void activationsThatDoNotFitTheHeapAreABadInputNamingTheLayer(@TempDir Path dir) throws Exception {
        Path[] files = bigModel(dir);
        ChildJvm.Result r = lamina("run", "--backend", "cpu", "--model", files[0].toString(), "--weights", files[1].toString());
        assertEquals(2, r.exit(), r.output());
        String line = error(r);
        assertTrue(line.startsWith("lamina: conv1: its output [1, 64, 4000, 4000] takes 3.8 GiB, and a batch"
                + " of 1 of model big needs "), line);
        assertTrue(line.contains(" of the JVM heap, which has "), line);
        assertTrue(line.endsWith(": raise -Xmx or use a smaller input"), line);
    }

    @Test
    void onBlasItIsTheNativeLimitAndItsKnob(@TempDir Path dir) throws Exception {
        Path[] files = bigModel(dir);
        ChildJvm.Result r = lamina("run", "--backend", "blas", "--model", files[0].toString(), "--weights", files[1].toString());
        assertEquals(2, r.exit(), r.output());
        String line = error(r);
        assertTrue(line.startsWith("lamina: conv1: its output [1, 64, 4000, 4000] takes 3.8 GiB"), line);
        assertTrue(line.contains(" of blas native memory (JavaCPP), which has "), line);
        assertTrue(line.endsWith(": raise -Dorg.bytedeco.javacpp.maxBytes (default: the -Xmx) or use a smaller"
                + " input"), line);
    }
}
