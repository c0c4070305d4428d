package dev.lamina.spark;

import dev.lamina.api.Tensor;
import dev.lamina.bench.Engine;
import dev.lamina.bench.Workload;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.Lamina;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Not a test: rows per second of {@link Scoring} on {@code local[1]} and {@code local[2]} against the same
 * rows in a plain loop over {@code CompiledModel.forward} in one JVM (1 and 2 threads on one compiled model)
 * and ONNX Runtime's loop beside it, for the notebook net (W0) and LeNet (W1), batches of 64 everywhere.
 * Every figure is the median of the timed runs, after a warm-up run. Prints a Markdown table.
 * <pre>
 * ./mvnw -q install -DskipTests &amp;&amp; ./mvnw -q -pl spark exec:exec [-Dbench.args="--rows 20000 --runs 5"]
 * </pre>
 */
public final class ScoringBenchmark {
    private static final int BATCH = ScoringOptions.DEFAULT_BATCH_SIZE;
    private static final int PARTITIONS = 8;

    private ScoringBenchmark() {
    }

    /** One net's inputs: {@code rows} seeded samples, as the Spark job makes them, in batches of 64. */
    private record Net(Workload.Loaded w, TestModels.Files files, int rows, List<Tensor> batches) {
    }

    public static void main(String[] args) throws Exception {
        int lenetRows = 20_000;
        int runs = 5;
        String backend = "blas";
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--rows" -> lenetRows = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--backend" -> backend = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --rows N (LeNet; the notebook gets 10×), --runs N, --backend ID");
            }
        }
        Path dir = Files.createTempDirectory("lamina-spark-bench");
        List<Net> nets = List.of(net(Workload.W0, dir, lenetRows * 10), net(Workload.W1, dir, lenetRows));
        List<String> lines = new ArrayList<>();
        lines.add("| net | rows | engine | rows/s | vs Lamina loop, 1 thread | vs ONNX Runtime, same threads |");
        lines.add("|---|---|---|---|---|---|");
        for (Net n : nets) {
            double ort1 = ortLoop(n, 1, runs);
            double ort2 = ortLoop(n, 2, runs);
            double loop1 = laminaLoop(n, backend, 1, runs);
            double loop2 = laminaLoop(n, backend, 2, runs);
            double spark1 = spark(n, backend, "local[1]", runs);
            double spark2 = spark(n, backend, "local[2]", runs);
            String name = n.w().model().name();
            lines.add(row(name, n.rows(), "ONNX Runtime loop, 1 thread", ort1, loop1, ort1));
            lines.add(row(name, n.rows(), "ONNX Runtime loop, 2 threads", ort2, loop1, ort2));
            lines.add(row(name, n.rows(), backend + " loop, 1 thread", loop1, loop1, ort1));
            lines.add(row(name, n.rows(), backend + " loop, 2 threads", loop2, loop1, ort2));
            lines.add(row(name, n.rows(), "Spark local[1], " + backend, spark1, loop1, ort1));
            lines.add(row(name, n.rows(), "Spark local[2], " + backend, spark2, loop1, ort2));
            lines.add("| " + name + " | | local[1] → local[2] | ×" + fmt(spark2 / spark1) + " | | |");
        }
        System.out.println(String.join("\n", lines));
    }

    private static String row(String net, int rows, String engine, double rps, double loop1, double ort) {
        return "| " + net + " | " + rows + " | " + engine + " | " + Math.round(rps) + " | " + fmt(rps / loop1)
                + " | " + fmt(rps / ort) + " |";
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.2f", x);
    }

    private static Net net(Workload workload, Path dir, int rows) throws Exception {
        Workload.Loaded w = workload.load();
        TestModels.Files files = TestModels.write(Files.createDirectories(dir.resolve(workload.name())),
                w.model(), w.weights());
        int size = w.model().inputShape().size();
        List<Tensor> batches = new ArrayList<>();
        for (int from = 0; from < rows; from += BATCH) {
            int n = Math.min(BATCH, rows - from);
            float[] x = new float[n * size];
            for (int i = 0; i < n; i++) {
                System.arraycopy(TestModels.sample(from + i, size), 0, x, i * size, size);
            }
            batches.add(Tensor.of(w.model().inputShape().withBatch(n), x));
        }
        return new Net(w, files, rows, batches);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** The batches through one compiled model, split over {@code threads} threads. */
    private static double laminaLoop(Net n, String backend, int threads, int runs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (CompiledModel m = Lamina.compile(n.w().model(), n.w().weights(), backend)) {
            double[] rps = new double[runs];
            for (int r = -1; r < runs; r++) {
                long t0 = System.nanoTime();
                List<Future<?>> parts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    parts.add(pool.submit(() -> {
                        for (int b = first; b < n.batches().size(); b += threads) {
                            m.forward(n.batches().get(b));
                        }
                    }));
                }
                for (Future<?> f : parts) {
                    f.get();
                }
                if (r >= 0) {
                    rps[r] = n.rows() / ((System.nanoTime() - t0) / 1e9);
                }
            }
            return median(rps);
        } finally {
            pool.shutdown();
        }
    }

    /** ONNX Runtime on batches of 64 with {@code threads} intra-op threads (its own parallelism). */
    private static double ortLoop(Net n, int threads, int runs) {
        Tensor batch = n.batches().get(0);
        Workload.Loaded w = n.w();
        Workload.Loaded at64 = new Workload.Loaded(w.name(), w.model(), w.weights(), batch, w.onnx(), w.convFlops());
        try (Engine ort = Engine.create(Engine.ORT, at64, threads)) {
            Engine.Caller caller = ort.caller(Engine.Mode.BEST); // ONNX Runtime at its best: input made once
            double[] rps = new double[runs];
            int calls = n.batches().size();
            for (int r = -1; r < runs; r++) {
                long t0 = System.nanoTime();
                for (int b = 0; b < calls; b++) {
                    caller.infer();
                }
                if (r >= 0) {
                    rps[r] = (double) calls * batch.shape().dim(0) / ((System.nanoTime() - t0) / 1e9);
                }
            }
            return median(rps);
        }
    }

    /** The rows as a cached Dataset, scored and written to Spark's no-op sink. */
    private static double spark(Net n, String backend, String master, int runs) {
        SparkSession spark = SparkSession.builder().master(master).appName("lamina-spark-bench")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            int size = n.w().model().inputShape().size();
            Dataset<Row> rows = TestModels.samples(spark, n.rows(), PARTITIONS, size).cache();
            rows.count();
            ScoringOptions o = n.files().options().withBackend(backend).withBatchSize(BATCH);
            double[] rps = new double[runs];
            for (int r = -1; r < runs; r++) {
                long t0 = System.nanoTime();
                Scoring.score(rows, o).rows().write().format("noop").mode("overwrite").save();
                if (r >= 0) {
                    rps[r] = n.rows() / ((System.nanoTime() - t0) / 1e9);
                }
            }
            return median(rps);
        } finally {
            spark.stop();
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
        }
    }
}
