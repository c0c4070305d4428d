package dev.lamina.cli;

import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import dev.lamina.core.io.ModelFile;
import dev.lamina.core.io.Safetensors;
import dev.lamina.onnx.OnnxImport;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The one place the command line reads a model from files, by extension: {@code .onnx} through the ONNX
 * importer (weights inside), anything else as Lamina's JSON model with safetensors weights.
 */
final class ModelFiles {
    private ModelFiles() {
    }

    record Read(Model model, Weights weights) {
    }

    static boolean isOnnx(Path model) {
        return model.getFileName() != null
                && model.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    /** The model alone (its weights are not read for a JSON model). */
    static Model model(Path model) {
        return isOnnx(model) ? OnnxImport.read(model).model() : ModelFile.read(model);
    }

    /** The model and its weights; {@code weights} is ignored (and must be null) for an ONNX model. */
    static Read read(Path model, Path weights) {
        if (isOnnx(model)) {
            OnnxImport.Result r = OnnxImport.read(model);
            return new Read(r.model(), r.weights());
        }
        Model m = ModelFile.read(model);
        return new Read(m, Safetensors.readWeights(weights, m));
    }
}
