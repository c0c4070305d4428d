package dev.lamina.backend.tornadovm;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.Lamina;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import dev.lamina.core.io.ModelFile;
import dev.lamina.core.io.Npy;
import dev.lamina.core.io.Safetensors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A small benchmark harness, not a test: times {@code forward} on a benchmark workload (a directory with
 * {@code model.json}, {@code weights.safetensors}, {@code input.npy}) on each backend named, same input,
 * side by side in one JVM, and prints the median and best milliseconds per batch and the largest
 * difference between the backends' outputs. See README.md ("Speed") for the command.
 *
 * <pre>Bench DIR BATCH BACKEND[,BACKEND...] [SECONDS]</pre>
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int batch = Integer.parseInt(args[1]);
        List<String> backends = List.of(args[2].split(","));
        double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 5;
        Model model = ModelFile.read(dir.resolve("model.json"));
        Weights weights = Safetensors.readWeights(dir.resolve("weights.safetensors"), model);
        Tensor input = batchOf(Npy.read(dir.resolve("input.npy")), batch);
        System.out.printf(Locale.ROOT, "%s, batch %d, input %s, Java %s%n", model.name(), batch, input.shape(),
                Runtime.version());
        Tensor first = null;
        for (String id : backends) {
            try (CompiledModel m = Lamina.compile(model, weights, id)) {
                long t0 = System.nanoTime();
                Tensor out = m.forward(input);
                double firstMs = (System.nanoTime() - t0) / 1e6;
                List<Double> times = new ArrayList<>();
                long end = System.nanoTime() + (long) (seconds * 1e9);
                while (System.nanoTime() < end || times.size() < 5) {
                    long s = System.nanoTime();
                    out = m.forward(input);
                    times.add((System.nanoTime() - s) / 1e6);
                }
                // the first half warms up; report the second
                List<Double> measured = new ArrayList<>(times.subList(times.size() / 2, times.size()));
                Collections.sort(measured);
                String diff = first == null ? "" : String.format(Locale.ROOT, ", max |diff| vs %s %.3g",
                        backends.get(0), maxDiff(first, out));
                if (first == null) {
                    first = out;
                }
                System.out.printf(Locale.ROOT, "%-10s median %9.3f ms  best %9.3f ms  (%d runs measured; first"
                                + " call %.0f ms)%s%n", id, measured.get(measured.size() / 2), measured.get(0),
                        measured.size(), firstMs, diff);
            }
        }
    }

    /** The input as a batch of {@code n}: its samples repeated in turn (W2's file holds one image). */
    static Tensor batchOf(Tensor t, int n) {
        Shape s = t.shape();
        int sample = s.dropFirst().size();
        float[] src = t.toArray();
        float[] dst = new float[n * sample];
        for (int i = 0; i < n; i++) {
            System.arraycopy(src, (i % s.dim(0)) * sample, dst, i * sample, sample);
        }
        int[] dims = s.dims();
        dims[0] = n;
        return Tensor.adopt(Shape.of(dims), dst);
    }

    static double maxDiff(Tensor a, Tensor b) {
        double m = 0;
        float[] x = a.toArray();
        float[] y = b.toArray();
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i] - y[i]));
        }
        return m;
    }

    static String describe(float[] v) {
        return Arrays.toString(Arrays.copyOf(v, Math.min(4, v.length)));
    }
}
