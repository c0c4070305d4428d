package dev.lamina.cli;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.MemoryCheck;
import dev.lamina.core.Model;
import dev.lamina.core.ModelException;
import dev.lamina.core.Weights;
import dev.lamina.core.examples.NotebookExample;
import dev.lamina.core.io.Npy;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Random;

/**
 * The model a command works on: the built-in {@code notebook}, or files given with {@code --model},
 * {@code --weights} and {@code --input}. Shared by run, summary, compare and inspect.
 */
final class ModelSource {
    @Parameters(index = "0", arity = "0..1", paramLabel = "EXAMPLE",
            description = "A built-in example: notebook (the seed notebook's net, weights and input).")
    String example;

    @Option(names = "--model", paramLabel = "M.json|M.onnx",
            description = "Model file: lamina-model/1 JSON, or an ONNX file (which carries its weights).")
    Path model;

    @Option(names = "--weights", paramLabel = "W.safetensors",
            description = "Weights of a JSON model: F32 safetensors, <layer>.weight / <layer>.bias in PyTorch layout.")
    Path weights;

    @Option(names = "--input", paramLabel = "X.npy",
            description = "Input batch [N, C, H, W] as .npy (float32 or float64). Default: a fixed example.")
    Path input;

    record Loaded(Model model, Weights weights, Tensor input) {
    }

    void checkChoice(boolean needsWeights) {
        if (example != null && model != null) {
            throw new UsageException("give either an example name or --model, not both");
        }
        if (example == null && model == null) {
            throw new UsageException("say which model: 'notebook' or --model M.json (or M.onnx)");
        }
        if (example != null && !example.equals("notebook")) {
            throw new UsageException("unknown example '" + example + "'; the built-in example is: notebook");
        }
        if (example != null && (weights != null || input != null)) {
            throw new UsageException("the notebook example has its own weights and input; use --model to bring yours");
        }
        if (model != null && ModelFiles.isOnnx(model) && weights != null) {
            throw new UsageException("an .onnx model carries its weights; drop --weights");
        }
        if (model != null && needsWeights && weights == null && !ModelFiles.isOnnx(model)) {
            throw new UsageException("--model needs --weights W.safetensors");
        }
    }

    Model loadModel() {
        checkChoice(false);
        return example != null ? NotebookExample.model() : ModelFiles.model(model);
    }

    Loaded load() {
        checkChoice(true);
        if (example != null) {
            Model m = NotebookExample.model();
            return new Loaded(m, NotebookExample.weights(m), NotebookExample.input());
        }
        ModelFiles.Read read = ModelFiles.read(model, weights);
        Model m = read.model();
        Weights w = read.weights();
        Tensor x = input != null ? Npy.read(input) : exampleInput(m.inputShape());
        if (input != null && x.shape().rank() == m.inputShape().rank()) {
            // A single sample without its batch axis is accepted as a batch of one.
            x = x.reshape(x.shape().withBatch(1));
        }
        if (input != null && !x.shape().dropFirst().equals(m.inputShape())) {
            throw new ModelException(input + ": input " + x.shape() + " does not fit model " + m.name()
                    + ", which takes [N, " + m.inputShape().toString().substring(1));
        }
        return new Loaded(m, w, x);
    }

    /** A deterministic batch of one, uniform in [−1, 1): the same numbers on every run and machine. */
    static Tensor exampleInput(Shape perSample) {
        MemoryCheck.heap(4L * perSample.size(), "the example input " + perSample.withBatch(1), "give --input");
        Random r = new Random(42);
        float[] v = new float[perSample.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return Tensor.of(perSample.withBatch(1), v);
    }
}
