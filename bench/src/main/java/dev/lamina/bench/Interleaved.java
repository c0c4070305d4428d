package dev.lamina.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ratios that survive a noisy machine: every engine (at its best) in one JVM, timed in alternating rounds —
 * each round runs every engine in turn for a short slice — so a burst of load from another process hits
 * all of them alike. Each round gives each engine's time per inference and its ratio to ONNX Runtime's in
 * the same round; the report is the median over the rounds with the interquartile range. Each engine is
 * warmed up for {@link #WARM_SLICES} slices first, and every slice starts after {@link #PAUSE_MILLIS} idle,
 * so that no engine's spinning threads from the slice before share the cores.
 * {@code lamina bench --interleaved --threads N} (one thread count: it is read once per JVM).
 */
public final class Interleaved {
    /** Time per engine per round. */
    static final long SLICE_NANOS = 200_000_000L;
    /**
     * Warm-up per engine before the rounds, in slices: the JIT recompiles code another workload of the same
     * JVM compiled with other profiles for seconds (measured: blas ResNet-18 b1 at 2 threads right after
     * MobileNetV2, 32 ms a call in its first 2 s, 23.6 once settled; two slices of warm-up left it at 31.7).
     */
    static final int WARM_SLICES = 15;
    /**
     * Idle time before each slice: ONNX Runtime's pool spins for 20–40 ms after its last run (measured from
     * the process's CPU time), which took one of the two cores from the engine timed next (blas MobileNetV2 b1
     * at 2 threads: 9.2 ms a call right after ONNX Runtime's slice, 8.1–8.3 with this pause).
     */
    static final long PAUSE_MILLIS = 50;

    private Interleaved() {
    }

    /** One engine's result: medians and quartiles over the rounds. */
    public record Result(String workload, String engine, int threads, double medianMicros, double ratioMedian,
                         double ratioQ1, double ratioQ3, int rounds) {
    }

    public static List<Result> run(Workload.Loaded w, List<String> engines, int threads, int rounds) {
        BenchRunner.setThreadProperties(threads);
        List<String> order = new ArrayList<>(engines);
        if (!order.remove(Engine.ORT)) {
            throw new IllegalArgumentException("interleaved ratios need onnxruntime among the engines");
        }
        order.add(0, Engine.ORT);
        Map<String, Engine> open = new LinkedHashMap<>();
        Map<String, Engine.Caller> callers = new LinkedHashMap<>();
        try {
            for (String e : order) {
                Engine en = Engine.create(e, w, threads);
                open.put(e, en);
                callers.put(e, en.caller(Engine.Mode.BEST));
            }
            for (Engine.Caller c : callers.values()) {
                for (int i = 0; i < WARM_SLICES; i++) {
                    slice(c);
                }
            }
            double[][] micros = new double[order.size()][rounds];
            for (int r = 0; r < rounds; r++) {
                int i = 0;
                for (Engine.Caller c : callers.values()) {
                    micros[i++][r] = slice(c);
                }
            }
            List<Result> out = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    ratio[r] = micros[i][r] / micros[0][r];
                }
                double[] t = micros[i].clone();
                Arrays.sort(t);
                Arrays.sort(ratio);
                out.add(new Result(w.name(), order.get(i), threads, quantile(t, 0.5), quantile(ratio, 0.5),
                        quantile(ratio, 0.25), quantile(ratio, 0.75), rounds));
            }
            return out;
        } finally {
            open.values().forEach(Engine::close);
        }
    }

    /** Runs the caller for one slice; microseconds per inference. */
    private static double slice(Engine.Caller c) {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between slices", e);
        }
        long start = System.nanoTime();
        long n = 0;
        long now;
        float sink = 0;
        do {
            sink += c.infer()[0];
            n++;
            now = System.nanoTime();
        } while (now - start < SLICE_NANOS);
        if (sink == Float.MIN_VALUE) {
            System.getLogger(Interleaved.class.getName()).log(System.Logger.Level.TRACE, "unlikely");
        }
        return (now - start) / 1e3 / n;
    }

    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    public static String table(List<Result> rows) {
        StringBuilder sb = new StringBuilder();
        String fmt = "%-12s %-12s %7s %14s %20s %7s%n";
        sb.append(String.format(Locale.ROOT, fmt, "work", "engine", "threads", "median time", "vs ORT (IQR)", "rounds"));
        for (Result r : rows) {
            sb.append(String.format(Locale.ROOT, fmt, r.workload(), r.engine(), r.threads(),
                    BenchRunner.time(r.medianMicros()),
                    String.format(Locale.ROOT, "%.2f× (%.2f–%.2f)", r.ratioMedian(), r.ratioQ1(), r.ratioQ3()),
                    r.rounds()));
        }
        return sb.toString();
    }
}
