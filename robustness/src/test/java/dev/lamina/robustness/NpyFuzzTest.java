package dev.lamina.robustness;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lamina.api.Tensor;
import dev.lamina.core.io.Npy;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code .npy} reader: any bytes as a file. A file that reads is written back as numpy would write it, and
 * that reads back to the same tensor, bit for bit (float64 input was rounded once, on the first read).
 * Seeds and past findings: {@code src/test/resources/dev/lamina/robustness/NpyFuzzTestInputs/read/}.
 */
class NpyFuzzTest {
    @FuzzTest(maxDuration = "8s")
    void read(byte[] data) {
        Path file = Scratch.write("in.npy", data);
        Tensor t = Clean.read(() -> Npy.read(file));
        if (t == null) {
            return;
        }
        Path back = Scratch.path("back.npy");
        Npy.write(back, t);
        assertEquals(t, Npy.read(back), "written back and read again");
    }
}
