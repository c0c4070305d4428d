package dev.lamina.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a model comes from: the files it is read from (their bytes are its identity, see {@link ModelKey})
 * and how to read them. Serializable, because it travels to the executors with the job; each JVM resolves
 * the files itself ({@link ModelFiles#resolve}).
 */
public interface ModelSource extends Serializable {
    /** The files, as the user gave them; their contents, in this order, are the model's identity. */
    List<String> files();

    /**
     * Reads the model and its weights from {@code resolved}, the {@link #files()} resolved on this JVM.
     *
     * @throws RuntimeException Lamina's own error (file, layer, shape) when they do not make a model
     */
    LoadedModel load(List<Path> resolved);

    /**
     * The source for a model path: an {@code .onnx} file alone (its weights are inside it; external data
     * files beside it are not shipped to executors, so use a self-contained file), or a Lamina model file
     * ({@code .json}) with its safetensors weights.
     */
    static ModelSource forPath(String modelPath, String weightsPath) {
        if (modelPath == null || modelPath.isBlank()) {
            throw new ScoringException("modelPath is not set: give the Lamina model file (and weightsPath)");
        }
        if (modelPath.toLowerCase(java.util.Locale.ROOT).endsWith(".onnx")) {
            if (weightsPath != null && !weightsPath.isBlank()) {
                throw new ScoringException(modelPath + ": an .onnx model carries its weights; do not set"
                        + " weightsPath (" + weightsPath + ")");
            }
            return new OnnxModelFile(modelPath);
        }
        if (weightsPath == null || weightsPath.isBlank()) {
            throw new ScoringException(modelPath + ": weightsPath is not set: a Lamina model file needs its"
                    + " safetensors weights");
        }
        return new LaminaModelFiles(modelPath, weightsPath);
    }
}
