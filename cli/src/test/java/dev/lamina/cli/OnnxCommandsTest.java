package dev.lamina.cli;

import dev.lamina.api.Tensor;
import dev.lamina.core.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.lamina.cli.CliTest.lamina;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** run, summary and convert on an .onnx model: PyTorch's LeNet export that the benchmark also uses. */
class OnnxCommandsTest {
    private static Path lenet(Path dir, String file) throws IOException {
        Path target = dir.resolve(file);
        try (var in = OnnxCommandsTest.class.getResourceAsStream("/dev/lamina/bench/nets/W1-lenet/" + file)) {
            Files.copy(in, target);
        }
        return target;
    }

    @Test
    void runConvertAndRunTheConvertedFilesGiveBitIdenticalOutputs(@TempDir Path dir) throws IOException {
        Path onnx = lenet(dir, "model.onnx");
        Path x = lenet(dir, "input.npy");
        Path y1 = dir.resolve("y1.npy");
        CliTest.Result r = lamina("run", "--backend", "cpu", "--model", onnx.toString(), "--input", x.toString(),
                "--output", y1.toString(), "--top", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote the output [64, 10] to " + y1), r.out());
        assertTrue(r.out().contains("top 3 of sample 0 (10 classes):\n  1. class "), r.out());

        Path out = dir.resolve("converted");
        r = lamina("convert", onnx.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(out.resolve("model.json")) && Files.isRegularFile(out.resolve("weights.safetensors")));

        Path y2 = dir.resolve("y2.npy");
        r = lamina("run", "--backend", "cpu", "--model", out.resolve("model.json").toString(), "--weights",
                out.resolve("weights.safetensors").toString(), "--input", x.toString(), "--output", y2.toString());
        assertEquals(0, r.code(), r.err());
        Tensor a = Npy.read(y1);
        Tensor b = Npy.read(y2);
        assertEquals(a.shape(), b.shape());
        assertArrayEquals(a.toArray(), b.toArray());

        // and both agree with the hand-written model file of the same net within float rounding
        Path y3 = dir.resolve("y3.npy");
        r = lamina("run", "--backend", "cpu", "--model", lenet(dir, "model.json").toString(), "--weights",
                lenet(dir, "weights.safetensors").toString(), "--input", x.toString(), "--output", y3.toString());
        assertEquals(0, r.code(), r.err());
        float[] c = Npy.read(y3).toArray();
        for (int i = 0; i < c.length; i++) {
            assertEquals(c[i], a.toArray()[i], 1e-5, "element " + i);
        }
    }

    @Test
    void summaryReadsAnOnnxModelWithTheGraphsNames(@TempDir Path dir) throws IOException {
        CliTest.Result r = lamina("summary", "--model", lenet(dir, "model.onnx").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("conv1.Conv (Conv2D)"), r.out());
    }

    @Test
    void compareRunsAnOnnxModelOnTwoBackendsLayerByLayer(@TempDir Path dir) throws IOException {
        CliTest.Result r = lamina("compare", "--backends", "cpu,blas", "--model", lenet(dir, "model.onnx").toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().startsWith("model: cpu (expected) vs blas (actual), input [1, 1, 28, 28]"), r.out());
        assertTrue(r.out().contains("conv1.Conv"), r.out());
    }

    @Test
    void badOnnxFilesAndMisuseExitWith2(@TempDir Path dir) throws IOException {
        Path bad = Files.write(dir.resolve("bad.onnx"), new byte[] {0x3a, (byte) 0xff, (byte) 0xff, 0x7f});
        CliTest.Result r = lamina("run", "--model", bad.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("lamina: " + bad + ": is not a valid ONNX (protobuf) file"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());

        r = lamina("run", "--model", lenet(dir, "model.onnx").toString(), "--weights", "w.safetensors");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("an .onnx model carries its weights"), r.err());

        r = lamina("convert", bad.toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, r.code());
        assertTrue(Files.notExists(dir.resolve("o")));

        r = lamina("run", "notebook", "--top", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--top must be at least 1, got 0"), r.err());
    }
}
