package dev.lamina.bench;

import dev.lamina.core.BackendStatus;
import dev.lamina.core.Lamina;
import dev.lamina.spi.helpers.VectorJit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code lamina bench} engine, as a library: runs every requested engine (Lamina backends and ONNX
 * Runtime) on every requested workload and thread count through JMH (one JVM fork per row, the gc profiler
 * on), compares each engine's output with ONNX Runtime's, and returns one {@link Row} per combination.
 * {@link #table(List)} formats them.
 */
public final class BenchRunner {
    private BenchRunner() {
    }

    /**
     * What to run. {@code engines} empty means every available Lamina backend plus ONNX Runtime. Quick mode:
     * 3 × 0.3 s warm-up and 3 × 0.5 s measurement; full: 5 × 1 s and 5 × 1 s, 2 forks.
     */
    public record Options(List<String> workloads, List<Integer> threads, List<String> engines,
                          List<Engine.Mode> modes, List<Integer> callers, boolean quick) {
        public Options {
            workloads = List.copyOf(workloads);
            threads = List.copyOf(threads);
            engines = List.copyOf(engines);
            modes = List.copyOf(modes);
            callers = List.copyOf(callers);
            for (int t : threads) {
                if (t < 1) {
                    throw new IllegalArgumentException("threads must be positive, got " + t);
                }
            }
            for (int c : callers) {
                if (c < 1) {
                    throw new IllegalArgumentException("callers must be positive, got " + c);
                }
            }
        }

        /** Every workload, 1 and 2 threads, every engine, both modes, one caller. */
        public static Options defaults() {
            return new Options(java.util.Arrays.stream(Workload.values()).map(Workload::name).toList(), List.of(1, 2),
                    List.of(),
                    List.of(Engine.Mode.BEST, Engine.Mode.COPY), List.of(1), false);
        }

        public Options quickMode(boolean q) {
            return new Options(workloads, threads, engines, modes, callers, q);
        }
    }

    /**
     * One result. Times in microseconds per inference (the whole batch); {@code ratioToOrt} is this time over
     * ONNX Runtime's at the same workload and thread count (NaN without an ORT row); {@code maxDiff} the max
     * |difference| between this engine's output and ONNX Runtime's; {@code bytesPerOp} the heap allocated
     * per inference (JMH gc profiler, NaN when unavailable).
     */
    public record Row(String workload, String engine, Engine.Mode mode, int threads, int callers, double micros,
                      double errorMicros, double imagesPerSecond, double convGflops, double ratioToOrt,
                      double maxDiff, double bytesPerOp) {
    }

    /** Compile (or session creation) plus the first inference, in milliseconds, in the bench's own JVM. */
    public record FirstCall(String workload, String engine, double millis) {
    }

    /** The timed rows and the first calls. */
    public record Results(List<Row> rows, List<FirstCall> firstCalls) {
    }

    /** Progress of a run: {@code done} of {@code total} rows finished, and what runs now. */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int total, String what);
    }

    /** The engine names a default run uses: available Lamina backends, highest priority first, then ORT. */
    public static List<String> defaultEngines() {
        List<String> names = new ArrayList<>();
        for (BackendStatus s : Lamina.backends()) {
            if (s.available()) {
                names.add(s.id());
            }
        }
        names.add(Engine.ORT);
        return names;
    }

    /** Makes every engine in this JVM use {@code threads} threads (read when a backend first loads). */
    public static void setThreadProperties(int threads) {
        System.setProperty("lamina.blas.threads", Integer.toString(threads));
        System.setProperty("lamina.cpu.threads", Integer.toString(threads));
        System.setProperty("lamina.threads", Integer.toString(threads));
    }

    /**
     * Runs everything {@code o} asks for. Per workload: every engine's output against ONNX Runtime's and its
     * first call; then each engine × mode × thread count with one caller; then, for each caller count above 1,
     * each engine at its best with that many threads sharing the one compiled model.
     */
    public static Results run(Options o, Progress progress) {
        List<String> engines = o.engines().isEmpty() ? defaultEngines() : o.engines();
        List<Integer> manyCallers = o.callers().stream().filter(c -> c > 1).toList();
        int perWorkload = engines.size() * o.threads().size() * (o.modes().size() + manyCallers.size());
        int total = o.workloads().size() * perWorkload;
        int done = 0;
        List<Row> rows = new ArrayList<>();
        List<FirstCall> firsts = new ArrayList<>();
        // ONNX Runtime first, so each row can carry its ratio
        List<String> order = new ArrayList<>(engines);
        if (order.remove(Engine.ORT)) {
            order.add(0, Engine.ORT);
        }
        for (String spec : o.workloads()) {
            Workload.Loaded loaded = Workload.load(spec);
            progress.update(done, total, loaded.name() + ": checking outputs against ONNX Runtime");
            Map<String, Double> diffs = new LinkedHashMap<>();
            firsts.addAll(diffsAndFirstCalls(loaded, order, diffs));
            Map<String, Double> ortMicros = new LinkedHashMap<>();
            List<Runs> runs = new ArrayList<>();
            for (String engine : order) {
                for (Engine.Mode mode : o.modes()) {
                    for (int t : o.threads()) {
                        runs.add(new Runs(engine, mode, t, 1));
                    }
                }
            }
            for (int c : manyCallers) {
                for (String engine : order) {
                    for (int t : o.threads()) {
                        runs.add(new Runs(engine, Engine.Mode.BEST, t, c));
                    }
                }
            }
            for (Runs run : runs) {
                String label = loaded.name() + " " + run.mode.label(run.engine) + " " + run.threads + " thread"
                        + (run.threads == 1 ? "" : "s") + (run.callers == 1 ? "" : ", " + run.callers + " callers");
                int d = done;
                RunResult r = jmh(spec, loaded.name(), run, o.quick(), (it, of) -> progress.update(d, total, label + " " + it + "/" + of));
                double us = r.getPrimaryResult().getScore();
                double err = r.getPrimaryResult().getScoreError();
                String key = run.threads + "/" + run.callers;
                if (run.engine.equals(Engine.ORT) && run.mode == Engine.Mode.BEST) {
                    ortMicros.put(key, us);
                }
                Double ort = ortMicros.get(key);
                double seconds = us / 1e6;
                rows.add(new Row(loaded.name(), run.engine, run.mode, run.threads, run.callers, us, Double.isNaN(err) ? 0 : err,
                        run.callers * loaded.batch() / seconds, run.callers * loaded.convFlops() / seconds / 1e9,
                        ort == null ? Double.NaN : us / ort, diffs.getOrDefault(run.engine, Double.NaN),
                        allocation(r)));
                done++;
                progress.update(done, total, label + " done");
            }
        }
        return new Results(rows, firsts);
    }

    /** One JMH run: an engine in a mode, threads per inference, callers sharing the compiled engine. */
    private record Runs(String engine, Engine.Mode mode, int threads, int callers) {
    }

    /** Max |output − ORT output| per engine (0 for ORT itself); NaN when there is no ORT to compare with. */
    static Map<String, Double> diffs(Workload.Loaded w, List<String> engines) {
        Map<String, Double> d = new LinkedHashMap<>();
        diffsAndFirstCalls(w, engines, d);
        return d;
    }

    /**
     * Fills {@code diffs} (as {@link #diffs}) and returns each engine's first call: its creation (compile,
     * session) and one inference, timed in this JVM in {@code engines}' order, so an engine later in the list
     * finds the JDK's and Lamina's shared classes already loaded.
     */
    private static List<FirstCall> diffsAndFirstCalls(Workload.Loaded w, List<String> engines,
                                                      Map<String, Double> diffs) {
        Map<String, float[]> outs = new LinkedHashMap<>();
        List<FirstCall> firsts = new ArrayList<>();
        for (String e : engines) {
            long t0 = System.nanoTime();
            try (Engine en = Engine.create(e, w, 1)) {
                outs.put(e, en.output());
                firsts.add(new FirstCall(w.name(), e, (System.nanoTime() - t0) / 1e6));
            }
        }
        float[] ref = outs.get(Engine.ORT);
        for (Map.Entry<String, float[]> e : outs.entrySet()) {
            diffs.put(e.getKey(), ref == null ? Double.NaN : maxDiff(ref, e.getValue()));
        }
        return firsts;
    }

    static double maxDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            double x = Math.abs((double) a[i] - b[i]);
            m = Double.isNaN(x) ? Double.POSITIVE_INFINITY : Math.max(m, x);
        }
        return m;
    }

    private static double allocation(RunResult r) {
        for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                return e.getValue().getScore();
            }
        }
        return Double.NaN;
    }

    private interface IterationListener {
        void iteration(int done, int of);
    }

    private static RunResult jmh(String spec, String name, Runs run, boolean quick, IterationListener l) {
        String engine = run.engine;
        int threads = run.threads;
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(InferenceBench.class.getName() + ".inference$")
                .param("workload", spec)
                .param("engine", engine)
                .param("threads", Integer.toString(threads))
                .param("mode", run.mode.name())
                .threads(run.callers)
                .forks(quick ? 1 : 2)
                .warmupIterations(quick ? 3 : 5)
                .warmupTime(quick ? TimeValue.milliseconds(300) : TimeValue.seconds(1))
                .measurementIterations(quick ? 3 : 5)
                .measurementTime(quick ? TimeValue.milliseconds(500) : TimeValue.seconds(1))
                .jvmArgsAppend(forkOptions(threads))
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true);
        try {
            return new Runner(b.build(), new Quiet(l)).runSingle();
        } catch (RunnerException e) {
            throw new IllegalStateException(name + " on " + run.mode.label(engine) + " with " + threads
                    + " threads and " + run.callers + " callers failed: "
                    + e.getMessage(), e);
        }
    }

    /** Whether this JVM has {@code jdk.incubator.vector}: the Java kernels' vector path, here and in the forks. */
    static boolean vectorModule() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * The fork's JVM options: the thread count, a fixed heap, and {@code --add-modules jdk.incubator.vector} when
     * this JVM has it, so the cpu backend runs the same GEMM path in the fork as here, with the trap limit the
     * vector kernels need ({@link VectorJit}); and every other {@code lamina.*} property this JVM was given (a
     * backend's measuring switch such as {@code -Dlamina.blas.inPlaceGemm=false}), so the fork measures what
     * the command asked for.
     */
    static String[] forkOptions(int threads) {
        List<String> o = new ArrayList<>(List.of("-Dlamina.blas.threads=" + threads, "-Xms1g", "-Xmx1g"));
        System.getProperties().stringPropertyNames().stream().sorted()
                .filter(k -> k.startsWith("lamina.") && !k.equals("lamina.blas.threads"))
                .forEach(k -> o.add("-D" + k + "=" + System.getProperty(k)));
        if (vectorModule()) {
            o.add("--add-modules");
            o.add("jdk.incubator.vector");
            o.add(VectorJit.TRAP_LIMIT_OPTION);
        }
        return o.toArray(new String[0]);
    }

    /** Keeps JMH's own log out of the way; reports each iteration instead. */
    private static final class Quiet implements OutputFormat {
        private final IterationListener listener;
        private final StringBuilder log = new StringBuilder();

        Quiet(IterationListener listener) {
            this.listener = listener;
        }

        @Override
        public void iteration(BenchmarkParams bp, IterationParams ip, int iteration) {
        }

        @Override
        public void iterationResult(BenchmarkParams bp, IterationParams ip, int iteration, IterationResult data) {
            int per = bp.getWarmup().getCount() + bp.getMeasurement().getCount();
            int before = ip.getType() == org.openjdk.jmh.runner.IterationType.WARMUP ? 0 : bp.getWarmup().getCount();
            listener.iteration(before + iteration, per);
        }

        @Override
        public void startBenchmark(BenchmarkParams bp) {
        }

        @Override
        public void endBenchmark(BenchmarkResult result) {
        }

        @Override
        public void startRun() {
        }

        @Override
        public void endRun(Collection<RunResult> result) {
        }

        @Override
        public void print(String s) {
            log.append(s);
        }

        @Override
        public void println(String s) {
            log.append(s).append('\n');
            if (s.contains("<failure>") || s.contains("Exception") || s.contains("Error")) {
                System.err.println(s);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public void verbosePrintln(String s) {
        }

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b) {
        }
    }

    /** The rows as a text table, one line per row, grouped by workload. */
    public static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        int width = 4;
        for (Row r : rows) {
            width = Math.max(width, r.workload().length());
        }
        String fmt = "%-" + width + "s %-16s %7s %7s %15s %12s %10s %9s %10s %12s%n";
        sb.append(String.format(Locale.ROOT, fmt, "work", "engine", "threads", "callers", "time/op", "images/s",
                "conv GF/s", "vs ORT", "max|diff|", "alloc B/op"));
        String last = null;
        for (Row r : rows) {
            if (last != null && !last.equals(r.workload())) {
                sb.append('\n');
            }
            last = r.workload();
            sb.append(String.format(Locale.ROOT, fmt, r.workload(), r.mode().label(r.engine()), r.threads(),
                    r.callers(), time(r.micros()) + " ±" + pct(r.errorMicros(), r.micros()),
                    String.format(Locale.ROOT, "%.0f", r.imagesPerSecond()),
                    r.convGflops() < 0.1 ? String.format(Locale.ROOT, "%.3f", r.convGflops())
                            : String.format(Locale.ROOT, "%.1f", r.convGflops()),
                    Double.isNaN(r.ratioToOrt()) ? "-" : String.format(Locale.ROOT, "%.2f×", r.ratioToOrt()),
                    Double.isNaN(r.maxDiff()) ? "-" : String.format(Locale.ROOT, "%.1e", r.maxDiff()),
                    Double.isNaN(r.bytesPerOp()) ? "-" : String.format(Locale.ROOT, "%.0f", r.bytesPerOp())));
        }
        return sb.toString();
    }

    /** The first calls as a text table. */
    public static String firstCallTable(List<FirstCall> firsts) {
        StringBuilder sb = new StringBuilder("first call (create/compile + one inference, this JVM, in order):\n");
        for (FirstCall f : firsts) {
            sb.append(String.format(Locale.ROOT, "%-12s %-16s %10.1f ms%n", f.workload(), f.engine(),
                    f.millis()));
        }
        return sb.toString();
    }

    static String time(double micros) {
        if (micros < 1000) {
            return String.format(Locale.ROOT, "%.2f µs", micros);
        }
        return String.format(Locale.ROOT, "%.3f ms", micros / 1000);
    }

    private static String pct(double err, double v) {
        return String.format(Locale.ROOT, "%.0f%%", v == 0 ? 0 : 100 * err / v);
    }
}
