package dev.lamina.bench;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.LayerNode;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import dev.lamina.core.io.ModelFile;
import dev.lamina.core.io.Npy;
import dev.lamina.core.io.Safetensors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The standard benchmark workloads. W0–W2 are shipped as resources: each a Lamina model file, its weights,
 * an input and the {@code model.onnx} twin with the same weights. W3–W6 are torchvision's ResNet-18 and
 * MobileNetV2 at batch 1 and 8, shipped as their model files only: weights, input and ONNX twin are
 * generated from a seed when loaded ({@link GeneratedNet}).
 */
public enum Workload {
    W0("W0-notebook", 1, "the notebook net, batch 1: latency per inference"),
    W1("W1-lenet", 64, "LeNet on 64×1×28×28: time per batch"),
    W2("W2-conv64", 8, "conv 64→64 3×3 pad 1 + ReLU + 2×2 pool + dense 10 + sigmoid on 8×64×56×56"),
    W3(GeneratedNet.RESNET18, 1, "ResNet-18 (torchvision) on 1×3×224×224, seeded weights"),
    W4(GeneratedNet.RESNET18, 8, "ResNet-18 (torchvision) on 8×3×224×224, seeded weights"),
    W5(GeneratedNet.MOBILENETV2, 1, "MobileNetV2 (torchvision) on 1×3×224×224, seeded weights"),
    W6(GeneratedNet.MOBILENETV2, 8, "MobileNetV2 (torchvision) on 8×3×224×224, seeded weights");

    private static final String[] FILES = {"model.json", "weights.safetensors", "input.npy", "model.onnx"};

    private final String dir;
    /** The generated net, or null for a workload shipped with its weights. */
    private final GeneratedNet net;
    private final int batch;
    private final String description;

    Workload(String dir, int batch, String description) {
        this.dir = dir;
        this.net = null;
        this.batch = batch;
        this.description = description;
    }

    Workload(GeneratedNet net, int batch, String description) {
        this.dir = net.dir();
        this.net = net;
        this.batch = batch;
        this.description = description;
    }

    public String dir() {
        return dir;
    }

    public int batch() {
        return batch;
    }

    public String description() {
        return description;
    }

    /** Everything a run needs, loaded once. */
    public record Loaded(String name, Model model, Weights weights, Tensor input, byte[] onnx, double convFlops) {
        /** Samples per inference. */
        public int batch() {
            return input.shape().dim(0);
        }
    }

    /** A standard workload by name ({@code W1}) or an encoded {@link ModelSpec}, loaded. */
    public static Loaded load(String spec) {
        return ModelSpec.isEncoded(spec) ? ModelSpec.decode(spec).load() : valueOf(spec).load();
    }

    /**
     * Loads the net: a generated one made from its seed, a shipped one from the class path (the resources are
     * copied to a temporary folder first).
     */
    public Loaded load() {
        if (net != null) {
            return net.load(name(), batch);
        }
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("lamina-bench-" + name());
            for (String f : FILES) {
                try (InputStream in = Workload.class.getResourceAsStream("nets/" + dir + "/" + f)) {
                    if (in == null) {
                        throw new IllegalStateException("resource nets/" + dir + "/" + f + " is missing from the bench jar");
                    }
                    Files.copy(in, tmp.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Model model = ModelFile.read(tmp.resolve("model.json"));
            Weights weights = Safetensors.readWeights(tmp.resolve("weights.safetensors"), model);
            Tensor input = batchOf(Npy.read(tmp.resolve("input.npy")), batch);
            byte[] onnx = Files.readAllBytes(tmp.resolve("model.onnx"));
            return new Loaded(name(), model, weights, input, onnx, convFlops(model, batch));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) {
                try (Stream<Path> s = Files.walk(tmp)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a temporary folder left behind is harmless
                }
            }
        }
    }

    /** The input as a batch of {@code n}: as stored when it already has n samples, else its samples repeated. */
    static Tensor batchOf(Tensor t, int n) {
        if (t.shape().dim(0) == n) {
            return t;
        }
        int per = t.size() / t.shape().dim(0);
        float[] v = new float[n * per];
        float[] src = t.toArray();
        for (int i = 0; i < n; i++) {
            System.arraycopy(src, (i % t.shape().dim(0)) * per, v, i * per, per);
        }
        int[] dims = t.shape().dims();
        dims[0] = n;
        return Tensor.of(Shape.of(dims), v);
    }

    /**
     * 2·N·Cout·(Cin/groups)·Kh·Kw·Hout·Wout summed over the conv layers: each output reads Cin/groups input
     * channels (all of them without groups, one in a depthwise conv).
     */
    static double convFlops(Model m, int batch) {
        double f = 0;
        for (LayerNode l : m.layers()) {
            if (l.layer() instanceof Conv2d c) {
                Shape in = l.inputShapes().get(0);
                Shape out = l.outputShape();
                f += 2.0 * batch * out.dim(0) * (in.dim(0) / c.groups()) * c.kernel().h() * c.kernel().w() * out.dim(1)
                        * out.dim(2);
            }
        }
        return f;
    }
}
