package dev.lamina.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Standalone entry point, the same as {@code lamina bench}:
 * {@code java -jar bench/target/lamina-bench.jar [--quick] [--workloads W0,W1]
 * [--threads 1,2] [--engines blas,onnxruntime]}.
 */
public final class BenchMain {
    /** Held so the level sticks (java.util.logging keeps loggers weakly): the table is the output, not INFO lines. */
    private static final java.util.logging.Logger LAMINA_LOG = java.util.logging.Logger.getLogger("dev.lamina");

    private BenchMain() {
    }

    public static void main(String[] args) {
        LAMINA_LOG.setLevel(java.util.logging.Level.WARNING);
        BenchRunner.Options o = BenchRunner.Options.defaults();
        List<Workload> workloads = o.workloads();
        List<Integer> threads = o.threads();
        List<String> engines = o.engines();
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--workloads" -> {
                    workloads = new ArrayList<>();
                    for (String s : args[++i].split(",")) {
                        workloads.add(Workload.valueOf(s.trim().toUpperCase(Locale.ROOT)));
                    }
                }
                case "--threads" -> {
                    threads = new ArrayList<>();
                    for (String s : args[++i].split(",")) {
                        threads.add(Integer.parseInt(s.trim()));
                    }
                }
                case "--engines" -> engines = List.of(args[++i].split(","));
                default -> {
                    System.err.println("usage: BenchMain [--quick] [--workloads W0,W1,W2] [--threads 1,2] "
                            + "[--engines blas,cpu,onnxruntime]");
                    System.exit(2);
                }
            }
        }
        PrintStream err = System.err;
        List<BenchRunner.Row> rows = BenchRunner.run(new BenchRunner.Options(workloads, threads, engines, quick),
                progressBar(err));
        err.print("\r\033[K");
        System.out.print(BenchRunner.table(rows));
    }

    /** A one-line progress bar redrawn in place on a terminal. */
    public static BenchRunner.Progress progressBar(PrintStream err) {
        return (done, total, what) -> {
            int width = 24;
            int fill = total == 0 ? width : done * width / total;
            err.print("\r\033[K[" + "#".repeat(fill) + "-".repeat(width - fill) + "] " + done + "/" + total + " " + what);
            err.flush();
        };
    }
}
