package dev.lamina.onnx;

import dev.lamina.api.Tensor;
import dev.lamina.core.Model;
import dev.lamina.core.io.ModelFile;
import dev.lamina.core.io.Npy;
import dev.lamina.core.io.Safetensors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed PyTorch exports of torchvision's characteristic blocks (opsets 11, 13, 17; see the
 * fixtures' README): each imports, and runs on the cpu backend to PyTorch's own output within
 * 5e-4·max(1, max|y|), for the committed batch of 2.
 */
class PytorchBlocksTest {
    private static final String ROOT = "/dev/lamina/onnx/blocks/";

    static List<String> blocks() throws IOException {
        try (InputStream in = Objects.requireNonNull(PytorchBlocksTest.class.getResourceAsStream(ROOT + "index.txt"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split(" ")[0]).toList();
        }
    }

    static Path resource(String block, String file) {
        try {
            return Path.of(Objects.requireNonNull(PytorchBlocksTest.class.getResource(ROOT + block + "/" + file)).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What {@code lamina convert} writes reads back as the same model and the same weights, bit for bit. */
    @ParameterizedTest
    @MethodSource("blocks")
    void roundTripsThroughLaminasOwnFiles(String block, @TempDir Path dir) {
        OnnxImport.Result r = OnnxImport.read(resource(block, "model.onnx"));
        Model back = ModelFile.parse(ModelFile.toJson(r.model()), block);
        assertEquals(r.model(), back);
        Path w = dir.resolve("w.safetensors");
        Safetensors.write(w, r.weights().toStateDict());
        Map<String, Tensor> want = r.weights().toStateDict();
        Map<String, Tensor> got = Safetensors.readWeights(w, back).toStateDict();
        assertEquals(want.keySet(), got.keySet());
        want.forEach((k, t) -> assertArrayEquals(t.toArray(), got.get(k).toArray(), k));
    }

    @ParameterizedTest
    @MethodSource("blocks")
    void matchesPytorch(String block) {
        OnnxImport.Result r = OnnxImport.read(resource(block, "model.onnx"));
        Tensor x = Npy.read(resource(block, "input.npy"));
        Tensor want = Npy.read(resource(block, "output.npy"));
        Tensor got = Oracle.lamina(r, x);
        assertArrayEquals(want.shape().dims(), got.shape().dims());
        float[] a = want.toArray();
        float[] b = got.toArray();
        double max = 0;
        double scale = 1;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(a[i]));
        }
        assertTrue(max <= 5e-4 * scale, block + ": max abs difference " + max + " to PyTorch");
        try {
            // and ONNX Runtime on the same file agrees
            Oracle.compare(Files.readAllBytes(resource(block, "model.onnx")), x, 5e-4);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
