package dev.lamina.bench;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import dev.lamina.core.io.ModelFile;
import dev.lamina.onnx.OnnxExport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;

/**
 * A torchvision architecture shipped as its model file only ({@code nets/<dir>/<dir>.json}, 7 and 18 KB):
 * the weights are drawn here from a fixed seed, the input too, and the ONNX twin for ONNX Runtime is written
 * from them by {@link OnnxExport}, so no weights are committed (ResNet-18's would be 47 MB). Everything is a
 * function of the seed: every fork of a run, and every run, gets the same numbers.
 *
 * <p>Weights: {@link Weights#random} (each layer's own initialisation: conv and dense U(±1/√fan_in), batch
 * norm weight and running variance U(0.5, 1.5), shift and running mean U(±0.2)), then every conv kernel and
 * dense matrix (the parameters of rank 2 and more) scaled by √3 to U(±√3/√fan_in), variance 1/fan_in: unit
 * gain, as {@code tools/fixtures/lamina_graph.py}'s {@code randomize} draws them. With PyTorch's default
 * gain of 1/√3 per layer the signal of MobileNetV2's 52 convolutions dies out: its two outputs for two
 * different inputs differed by 1.2e-7 (float noise), so nothing downstream of the first blocks would be
 * checked; with unit gain they differ by 0.034 (output std over the classes 0.47, max |y| 1.6), and
 * ResNet-18's by 0.39 (std 3.0, max |y| 10.6), all finite (measured on the cpu backend, batch 2).
 */
enum GeneratedNet {
    RESNET18("resnet18", 18),
    MOBILENETV2("mobilenetv2", 2);

    /** The scale that takes PyTorch's default U(±1/√fan_in) to unit gain, U(±√3/√fan_in). */
    static final float UNIT_GAIN = (float) Math.sqrt(3);
    /** The input is N(0, 1) from this seed, plus the net's. */
    static final long INPUT_SEED = 12;

    private final String dir;
    private final long seed;

    GeneratedNet(String dir, long seed) {
        this.dir = dir;
        this.seed = seed;
    }

    String dir() {
        return dir;
    }

    long seed() {
        return seed;
    }

    /** The architecture, from the bench jar. */
    Model model() {
        String resource = "nets/" + dir + "/" + dir + ".json";
        try (InputStream in = GeneratedNet.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the bench jar");
            }
            return ModelFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The seeded weights (see the class comment). */
    Weights weights(Model model) {
        Weights drawn = Weights.random(model, seed);
        Weights.Builder b = Weights.builder(model);
        for (Map.Entry<String, Tensor> e : drawn.toStateDict().entrySet()) {
            Tensor t = e.getValue();
            String key = e.getKey();
            int dot = key.lastIndexOf('.');
            if (t.shape().rank() >= 2) {
                float[] v = t.toArray();
                for (int i = 0; i < v.length; i++) {
                    v[i] *= UNIT_GAIN;
                }
                t = Tensor.of(t.shape(), v);
            }
            b.set(key.substring(0, dot), key.substring(dot + 1), t);
        }
        return b.build();
    }

    /** {@code batch} samples of N(0, 1), each its own. */
    Tensor input(Model model, int batch) {
        Shape s = model.inputShape().withBatch(batch);
        Random r = new Random(INPUT_SEED + seed);
        float[] v = new float[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.of(s, v);
    }

    /**
     * Everything a run needs. Made anew in each fork, not cached on disk: for ResNet-18 the weights take
     * 0.1–0.2 s and the 47 MB ONNX file 0.1–0.4 s (measured, warm and cold JVM), less than ONNX Runtime takes
     * to open it, and a cache could go stale when the generator changes.
     */
    Workload.Loaded load(String name, int batch) {
        Model m = model();
        Weights w = weights(m);
        return new Workload.Loaded(name, m, w, input(m, batch), OnnxExport.write(m, w), Workload.convFlops(m, batch));
    }
}
