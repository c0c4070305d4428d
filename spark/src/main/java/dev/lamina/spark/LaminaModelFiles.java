package dev.lamina.spark;

import dev.lamina.core.Model;
import dev.lamina.core.io.ModelFile;
import dev.lamina.core.io.Safetensors;

import java.nio.file.Path;
import java.util.List;

/** A Lamina model file ({@code lamina-model/1} JSON) and its safetensors weights. */
record LaminaModelFiles(String model, String weights) implements ModelSource {
    @Override
    public List<String> files() {
        return List.of(model, weights);
    }

    @Override
    public LoadedModel load(List<Path> resolved) {
        Model m = ModelFile.read(resolved.get(0));
        return new LoadedModel(m, Safetensors.readWeights(resolved.get(1), m));
    }
}
