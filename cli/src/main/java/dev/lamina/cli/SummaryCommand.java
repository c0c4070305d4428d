package dev.lamina.cli;

import dev.lamina.core.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(name = "summary", mixinStandardHelpOptions = true, description = {"Prints a model's Keras-style summary.",
        "  lamina summary notebook", "  lamina summary --model M.json", "  lamina summary --model M.onnx"})
final class SummaryCommand implements Runnable {
    @Mixin
    ModelSource source;
    @Mixin
    CommonOptions common;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        Model m = source.loadModel();
        spec.commandLine().getOut().print(m.summary());
    }
}
