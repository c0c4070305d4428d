package dev.lamina.cli;

import dev.lamina.bench.BenchMain;
import dev.lamina.bench.BenchRunner;
import dev.lamina.bench.Workload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

@Command(name = "bench", mixinStandardHelpOptions = true, description = {
        "Benchmarks every available Lamina backend side by side with ONNX Runtime",
        "(CPU, same thread count) on W0 (the notebook, batch 1), W1 (LeNet, batch 64)",
        "and W2 (conv 64→64 3×3 on 8×64×56×56), through JMH: one JVM fork per row, gc",
        "profiler on. Prints time per inference, images/s, conv GFLOP/s, the ratio to",
        "ONNX Runtime, the max |difference| from its output and bytes allocated per op.",
        "  lamina bench                       full run (about 15 minutes)",
        "  lamina bench --quick --threads 2   a few minutes"})
final class BenchCommand implements Runnable {
    @Option(names = "--workloads", paramLabel = "W0,W1,W2", split = ",", description = "Workloads (default: all).")
    List<String> workloads;

    @Option(names = "--threads", paramLabel = "N,...", split = ",", description = "Thread counts (default: 1,2).")
    List<Integer> threads;

    @Option(names = "--engines", paramLabel = "ID,...", split = ",",
            description = "Lamina backend ids and/or onnxruntime (default: every available backend and onnxruntime).")
    List<String> engines;

    @Option(names = "--quick", description = "Short warm-up and measurement, one fork: minutes instead of a quarter hour.")
    boolean quick;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        List<Workload> ws = new ArrayList<>();
        for (String w : workloads == null ? List.of("W0", "W1", "W2") : workloads) {
            try {
                ws.add(Workload.valueOf(w.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new UsageException("unknown workload " + w + "; choose from W0, W1, W2");
            }
        }
        List<Integer> ts = threads == null ? List.of(1, 2) : threads;
        for (int t : ts) {
            if (t < 1) {
                throw new UsageException("--threads takes positive counts, got " + t);
            }
        }
        PrintStream err = System.err;
        List<BenchRunner.Row> rows = BenchRunner.run(
                new BenchRunner.Options(ws, ts, engines == null ? List.of() : engines, quick), BenchMain.progressBar(err));
        err.print("\r\033[K");
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        out.print(BenchRunner.table(rows));
        out.flush();
    }
}
