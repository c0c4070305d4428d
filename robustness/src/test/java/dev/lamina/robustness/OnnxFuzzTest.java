package dev.lamina.robustness;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lamina.core.io.ModelFile;
import dev.lamina.onnx.OnnxImport;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ONNX importer: any bytes as an {@code .onnx} file (protobuf, then the graph, constant folding and the op
 * table). The importer builds layers as it goes, so besides its FormatException naming the file, Lamina's
 * model and shape errors count as clean too. A graph that imports is written as a model file and reads back
 * equal, when the format can hold it.
 * Seeds (two torchvision blocks) and past findings: {@code src/test/resources/dev/lamina/robustness/OnnxFuzzTestInputs/read/}.
 */
class OnnxFuzzTest {
    @FuzzTest(maxDuration = "8s")
    void read(byte[] data) {
        OnnxImport.Result r = Clean.refuse(() -> OnnxImport.read(data, "fuzzed.onnx", "fuzzed"));
        if (r == null) {
            return;
        }
        String json = Clean.refuse(() -> ModelFile.toJson(r.model()));
        if (json != null) {
            assertEquals(r.model(), ModelFile.parse(json, "written back"), "written back and read again");
        }
    }
}
