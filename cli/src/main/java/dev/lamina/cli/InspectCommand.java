package dev.lamina.cli;

import dev.lamina.core.CompiledModel;
import dev.lamina.core.Compiler;
import dev.lamina.inspect.InspectReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

@Command(name = "inspect", mixinStandardHelpOptions = true, description = {
        "Draws what every layer computes: writes DIR/index.html, one self-contained page (it opens offline) "
                + "with the summary, the input, each layer's output as a picture with its shape, range and values, "
                + "and the weights; and one PNG per picture. With --compare A,B, each layer's difference between "
                + "two backends and its max abs error.",
        "  lamina inspect notebook --out DIR",
        "  lamina inspect --model M.json --weights W.safetensors [--input X.npy] --out DIR",
        "  lamina inspect --model M.onnx [--input X.npy] --out DIR",
        "  lamina inspect notebook --out DIR --compare cpu,blas"})
final class InspectCommand implements Runnable {
    @Mixin
    ModelSource source;
    @Mixin
    CommonOptions common;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder for index.html and the PNGs (created if needed).")
    Path out;

    @Option(names = "--compare", paramLabel = "A,B",
            description = "Run on backends A and B and show, per layer, the difference A − B and its max abs error.")
    String compare;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        List<String> pair = comparePair();
        ModelSource.Loaded loaded = source.load();
        Compiler compiler = common.compiler();
        InspectReport.Builder b = InspectReport.builder(loaded.model(), loaded.weights()).input(loaded.input())
                .compiler(compiler);
        InspectReport report;
        if (pair != null) {
            report = b.backend(pair.get(0)).compare(pair.get(1)).build();
        } else {
            try (CompiledModel m = compiler.compile(loaded.model(), loaded.weights(), common.config())) {
                report = b.compiled(m).build();
            }
        }
        Path index = report.writeTo(out);
        PrintWriter w = spec.commandLine().getOut();
        for (Map.Entry<String, Float> e : report.maxAbsErrors().entrySet()) {
            w.printf("%-24s max |%s − %s| = %s%n", e.getKey(), pair.get(0), pair.get(1), e.getValue());
        }
        w.println("wrote " + index + " (" + kilobytes(index) + " KB) and " + report.fileNames().size()
                + " pictures to " + out);
    }

    /** The two backend ids of {@code --compare}, or null without it. */
    private List<String> comparePair() {
        if (compare == null) {
            return null;
        }
        String[] parts = compare.split(",", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new UsageException("--compare takes two backend ids, A,B (e.g. cpu,blas); got '" + compare + "'");
        }
        String a = parts[0].trim();
        if (common.backend != null && !common.backend.equals(a)) {
            throw new UsageException("--backend " + common.backend + " and --compare " + compare
                    + " disagree: with --compare, the first backend is the one shown");
        }
        return List.of(a, parts[1].trim());
    }

    private static long kilobytes(Path p) {
        try {
            return (Files.size(p) + 1023) / 1024;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
