package dev.lamina.robustness;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lamina.api.Tensor;
import dev.lamina.core.io.Safetensors;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * safetensors reader: any bytes as a file. A file that reads is written back (F32, sorted by name) and
 * reads back to the same tensors (F16 and BF16 widen exactly, so nothing is lost).
 * Seeds and past findings: {@code src/test/resources/dev/lamina/robustness/SafetensorsFuzzTestInputs/read/}.
 */
class SafetensorsFuzzTest {
    @FuzzTest(maxDuration = "8s")
    void read(byte[] data) {
        Path file = Scratch.write("in.safetensors", data);
        Map<String, Tensor> tensors = Clean.read(() -> Safetensors.read(file));
        if (tensors == null) {
            return;
        }
        Path back = Scratch.path("back.safetensors");
        Safetensors.write(back, tensors);
        assertEquals(tensors, Safetensors.read(back), "written back and read again");
    }
}
