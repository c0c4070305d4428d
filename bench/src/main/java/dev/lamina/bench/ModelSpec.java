package dev.lamina.bench;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.io.Npy;
import dev.lamina.onnx.OnnxImport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A workload from the user's own ONNX file ({@code lamina bench --model M.onnx [--input X.npy] [--batch N]}):
 * imported for Lamina with the onnx module, run by ONNX Runtime from the same bytes. Without an input, a
 * seeded uniform [−1, 1) batch; an input with fewer samples than the batch is repeated.
 *
 * @param onnx  the model file
 * @param input the input ({@code .npy}), or null for a seeded random one
 * @param batch the batch size, or 0 for the input's own (1 without an input)
 */
public record ModelSpec(Path onnx, Path input, int batch) {
    private static final String PREFIX = "onnx:";
    /** The seed of the random input. */
    static final long SEED = 12;

    public ModelSpec {
        if (batch < 0) {
            throw new IllegalArgumentException("--batch must be positive, got " + batch);
        }
        if (!Files.isRegularFile(onnx)) {
            throw new IllegalArgumentException("--model " + onnx + ": no such file");
        }
        if (input != null && !Files.isRegularFile(input)) {
            throw new IllegalArgumentException("--input " + input + ": no such file");
        }
    }

    /** The workload's name in the table: the file name without {@code .onnx}. */
    public String name() {
        String n = onnx.getFileName().toString();
        return n.toLowerCase(java.util.Locale.ROOT).endsWith(".onnx") ? n.substring(0, n.length() - 5) : n;
    }

    /** This spec as one string, the form a JMH parameter carries to its fork. */
    public String encode() {
        return PREFIX + batch + "|" + (input == null ? "" : input.toAbsolutePath()) + "|" + onnx.toAbsolutePath();
    }

    static boolean isEncoded(String s) {
        return s.startsWith(PREFIX);
    }

    static ModelSpec decode(String s) {
        String[] p = s.substring(PREFIX.length()).split("\\|", 3);
        return new ModelSpec(Path.of(p[2]), p[1].isEmpty() ? null : Path.of(p[1]), Integer.parseInt(p[0]));
    }

    /** Imports the model, reads or makes the input, reads the bytes ONNX Runtime gets. */
    Workload.Loaded load() {
        OnnxImport.Result r = OnnxImport.read(onnx);
        Tensor x;
        if (input != null) {
            Tensor t = Npy.read(input);
            x = Workload.batchOf(t, batch == 0 ? t.shape().dim(0) : batch);
        } else {
            int n = batch == 0 ? 1 : batch;
            Shape s = r.model().inputShape().withBatch(n);
            Random rnd = new Random(SEED);
            float[] v = new float[s.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = rnd.nextFloat() * 2 - 1;
            }
            x = Tensor.of(s, v);
        }
        try {
            return new Workload.Loaded(name(), r.model(), r.weights(), x, Files.readAllBytes(onnx),
                    Workload.convFlops(r.model(), x.shape().dim(0)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
