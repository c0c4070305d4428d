package dev.lamina.cli;

import dev.lamina.api.Tensor;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.LayerOutputs;
import dev.lamina.core.io.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

@Command(name = "run", mixinStandardHelpOptions = true, description = {
        "Runs a model and prints the summary, every layer's output and the result.",
        "  lamina run notebook",
        "  lamina run --model M.json --weights W.safetensors [--input X.npy] [--output Y.npy] [--dump DIR] [--top K]",
        "  lamina run --model M.onnx [--input X.npy] [--output Y.npy] [--dump DIR] [--top K]"})
final class RunCommand implements Runnable {
    @Mixin
    ModelSource source;
    @Mixin
    CommonOptions common;

    @Option(names = "--dump", paramLabel = "DIR", description = "Write every layer's output to DIR/<layer>.npy.")
    Path dump;

    @Option(names = "--output", paramLabel = "Y.npy", description = "Write the model's final output to Y.npy.")
    Path output;

    @Option(names = "--top", paramLabel = "K",
            description = "Print the K highest-scoring classes of each sample of an [N, classes] output.")
    Integer top;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        if (top != null && top < 1) {
            throw new UsageException("--top must be at least 1, got " + top);
        }
        ModelSource.Loaded loaded = source.load();
        PrintWriter out = spec.commandLine().getOut();
        try (CompiledModel m = common.compiler().compile(loaded.model(), loaded.weights(), common.config())) {
            out.print(m.summary());
            LayerOutputs all = m.forwardAll(loaded.input());
            out.println();
            out.println("input " + loaded.input().shape());
            out.println(NumpyFormat.format(loaded.input()));
            int i = 1;
            for (Map.Entry<String, Tensor> e : all.outputs().entrySet()) {
                out.println("-".repeat(80));
                out.println("Layer " + i++ + ": " + e.getKey() + " shape: " + e.getValue().shape());
                out.println("-".repeat(80));
                out.println(NumpyFormat.format(e.getValue()));
            }
            Tensor y = all.get(loaded.model().output());
            out.println("=".repeat(80));
            out.println("output " + loaded.model().output() + " " + y.shape() + ": " + NumpyFormat.format(y));
            if (top != null) {
                out.print(TopClasses.format(loaded.model().output(), y, top));
            }
            if (output != null) {
                Npy.write(output, y);
                out.println("wrote the output " + y.shape() + " to " + output);
            }
            if (dump != null) {
                write(all);
                out.println("wrote " + all.outputs().size() + " layer outputs to " + dump);
            }
        }
    }

    private void write(LayerOutputs all) {
        try {
            Files.createDirectories(dump);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dump + ": " + e.getMessage(), e);
        }
        all.outputs().forEach((name, t) -> Npy.write(dump.resolve(name + ".npy"), t));
    }
}
