package dev.lamina.cli;

import dev.lamina.core.io.ModelFile;
import dev.lamina.core.io.Safetensors;
import dev.lamina.onnx.OnnxImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

@Command(name = "convert", mixinStandardHelpOptions = true, description = {
        "Converts an ONNX model to Lamina's own files: DIR/model.json and DIR/weights.safetensors.",
        "Running the converted files gives bit-identical outputs.",
        "  lamina convert M.onnx --out DIR"})
final class ConvertCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "M.onnx", description = "The ONNX model.")
    Path onnx;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write into.")
    Path out;

    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        if (!ModelFiles.isOnnx(onnx)) {
            throw new UsageException("convert reads an .onnx file, got " + onnx);
        }
        OnnxImport.Result r = OnnxImport.read(onnx);
        // the JSON is made first: a model the format cannot express fails before anything is written
        String json = ModelFile.toJson(r.model());
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve("model.json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.resolve("model.json") + ": " + e.getMessage(), e);
        }
        Safetensors.write(out.resolve("weights.safetensors"), r.weights().toStateDict());
        PrintWriter w = spec.commandLine().getOut();
        w.println("converted " + onnx + ": " + r.model().layers().size() + " layers, " + r.model().parameterCount()
                + " parameters");
        w.println("wrote " + out.resolve("model.json") + " and " + out.resolve("weights.safetensors"));
    }
}
