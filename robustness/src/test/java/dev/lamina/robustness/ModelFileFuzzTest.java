package dev.lamina.robustness;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lamina.core.Model;
import dev.lamina.core.io.ModelFile;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Model-file reader ({@code lamina-model/1} JSON): any bytes as a file. A model that reads is written back
 * and reads back equal — unless writing refuses cleanly (an output that is not the last layer).
 * Seeds and past findings: {@code src/test/resources/dev/lamina/robustness/ModelFileFuzzTestInputs/read/}.
 */
class ModelFileFuzzTest {
    @DictionaryFile(resourcePath = "model.dict")
    @FuzzTest(maxDuration = "8s")
    void read(byte[] data) {
        Path file = Scratch.write("in.json", data);
        Model model = Clean.read(() -> ModelFile.read(file));
        if (model == null) {
            return;
        }
        String json = Clean.refuse(() -> ModelFile.toJson(model));
        if (json != null) {
            assertEquals(model, ModelFile.parse(json, "written back"), "written back and read again");
        }
    }
}
