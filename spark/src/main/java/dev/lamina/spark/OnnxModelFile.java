package dev.lamina.spark;

import dev.lamina.onnx.OnnxImport;

import java.nio.file.Path;
import java.util.List;

/** An ONNX model (as {@code torch.onnx.export} writes it), weights included, read by Lamina's importer. */
record OnnxModelFile(String model) implements ModelSource {
    @Override
    public List<String> files() {
        return List.of(model);
    }

    @Override
    public LoadedModel load(List<Path> resolved) {
        OnnxImport.Result r = OnnxImport.read(resolved.get(0));
        return new LoadedModel(r.model(), r.weights());
    }
}
