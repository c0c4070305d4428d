package dev.lamina.cli;

import dev.lamina.conformance.Comparison;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.Compiler;
import dev.lamina.core.LayerOutputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;

@Command(name = "compare", mixinStandardHelpOptions = true, description = {
        "Runs one model on two backends and prints, layer by layer, the max abs/rel error and the first",
        "diverging element: the first layer where the two part ways. Exits 1 when they differ beyond the",
        "float32 bound.",
        "  lamina compare --backends cpu,blas notebook",
        "  lamina compare --backends cpu,blas --model M.json --weights W.safetensors [--input X.npy]",
        "  lamina compare --backends cpu,blas --model M.onnx [--input X.npy]"})
final class CompareCommand implements Runnable {
    @Mixin
    ModelSource source;
    @Mixin
    CommonOptions common;

    @Option(names = "--backends", paramLabel = "A,B", required = true, split = ",",
            description = "The two backends to compare.")
    List<String> backends;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        if (backends.size() != 2 || backends.get(0).equals(backends.get(1))) {
            throw new UsageException("--backends takes two different ids, e.g. cpu,blas; got " + backends);
        }
        ModelSource.Loaded loaded = source.load();
        Compiler compiler = common.compiler();
        LayerOutputs a;
        LayerOutputs b;
        try (CompiledModel ma = compiler.compile(loaded.model(), loaded.weights(), backends.get(0));
             CompiledModel mb = compiler.compile(loaded.model(), loaded.weights(), backends.get(1))) {
            a = ma.forwardAll(loaded.input());
            b = mb.forwardAll(loaded.input());
        }
        Comparison c = Comparison.between(loaded.model(), loaded.weights(), loaded.input(), a, b);
        PrintWriter out = spec.commandLine().getOut();
        out.println(loaded.model().name() + ": " + backends.get(0) + " (expected) vs " + backends.get(1)
                + " (actual), input " + loaded.input().shape());
        out.println(c.describe());
        if (!c.passed()) {
            throw new ComparisonFailure(c.firstFailure().map(l -> l.layer()).orElse("?"));
        }
    }

    static final class ComparisonFailure extends CommandFailure {
        ComparisonFailure(String layer) {
            super("the backends part ways at layer " + layer);
        }
    }
}
