package dev.lamina.robustness;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Flatten;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tensor;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.Lamina;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak test (issue 15), not part of {@code ./test}: on each backend, one compiled LeNet called by
 * {@code threads} threads, {@code inferences} calls each, every output compared bit for bit with the
 * single-threaded one of its input; the heap after a full GC and the process's resident memory (which
 * holds the native buffers) sampled at every tenth of the run. Run it with {@code robustness/soak}.
 *
 * <p>Arguments: {@code threads inferences backend...}, e.g. {@code 16 100000 cpu blas}.
 */
public final class Soak {
    private static final int INPUTS = 32;
    private static final int BATCH = 4;
    private static final int SAMPLES = 10;

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        long inferences = Long.parseLong(args[1]);
        Model lenet = Model.sequential("lenet", 1, 28, 28)
                .add("conv1", Conv2d.of(6, 5, 5).withPadding(2, 2)).add("relu1", new ReLU())
                .add("pool1", MaxPool2d.of(2, 2)).add("conv2", Conv2d.of(16, 5, 5)).add("relu2", new ReLU())
                .add("pool2", MaxPool2d.of(2, 2)).add("flat", new Flatten()).add("fc1", Dense.of(120))
                .add("relu3", new ReLU()).add("fc2", Dense.of(84)).add("relu4", new ReLU()).add("fc3", Dense.of(10))
                .add("softmax", new Softmax()).build();
        Weights weights = Weights.random(lenet, 15);
        System.out.printf(Locale.ROOT, "soak: %s, batch %d, %d threads x %d inferences per backend, %d inputs, Java %s%n",
                lenet, BATCH, threads, inferences, INPUTS, Runtime.version());
        for (int b = 2; b < args.length; b++) {
            soak(args[b], lenet, weights, threads, inferences);
        }
    }

    private static void soak(String backend, Model model, Weights weights, int threads, long inferences)
            throws Exception {
        List<Tensor> xs = new ArrayList<>();
        Random r = new Random(1);
        for (int i = 0; i < INPUTS; i++) {
            float[] v = new float[BATCH * model.inputShape().size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) r.nextGaussian();
            }
            xs.add(Tensor.of(model.inputShape().withBatch(BATCH), v));
        }
        try (CompiledModel m = Lamina.compile(model, weights, backend)) {
            List<Tensor> expected = new ArrayList<>();
            for (Tensor x : xs) {
                expected.add(m.forward(x)); // single-threaded reference
            }
            long total = threads * inferences;
            AtomicLong done = new AtomicLong();
            AtomicLong mismatches = new AtomicLong();
            List<String> samples = new ArrayList<>();
            samples.add(sample(0, total));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                futures.add(pool.submit(() -> {
                    for (long k = 0; k < inferences; k++) {
                        int i = (int) ((seed * 7919L + k) % INPUTS);
                        if (!m.forward(xs.get(i)).equals(expected.get(i))) {
                            mismatches.incrementAndGet();
                        }
                        done.incrementAndGet();
                    }
                }));
            }
            for (int s = 1; s <= SAMPLES; s++) {
                long target = total * s / SAMPLES;
                while (done.get() < target && !allDone(futures)) {
                    Thread.sleep(50);
                }
                samples.add(sample(done.get(), total));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%n%s: %d inferences (batch %d) in %.1f s, %.0f per second, %d outputs"
                    + " differing from the single-threaded ones%n", backend, total, BATCH, seconds, total / seconds,
                    mismatches.get());
            System.out.println("  done       heap after GC (MiB)   RSS (MiB)");
            samples.forEach(System.out::println);
            if (mismatches.get() != 0) {
                throw new AssertionError(backend + ": " + mismatches.get() + " outputs differ");
            }
        }
    }

    private static boolean allDone(List<Future<?>> futures) {
        return futures.stream().allMatch(Future::isDone);
    }

    private static String sample(long done, long total) throws IOException {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return String.format(Locale.ROOT, "  %3d%%  %18.1f %11.1f", done * 100 / total, heap / 1048576.0,
                rssKib() / 1024.0);
    }

    /** VmRSS of this process from /proc (Linux), in KiB; -1 elsewhere. */
    private static long rssKib() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
