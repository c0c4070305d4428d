package dev.lamina.bench;

import dev.lamina.spi.helpers.VectorJit;

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
    private BenchMain() {
    }

    public static void main(String[] args) {
        QuietLogs.apply();
        BenchRunner.Options o = BenchRunner.Options.defaults();
        List<String> workloads = o.workloads();
        boolean workloadsGiven = false;
        java.nio.file.Path model = null;
        java.nio.file.Path input = null;
        int batch = 0;
        List<Integer> threads = o.threads();
        List<String> engines = o.engines();
        List<Engine.Mode> modes = o.modes();
        List<Integer> callers = o.callers();
        boolean quick = false;
        boolean interleaved = false;
        int rounds = 15;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--interleaved" -> interleaved = true;
                case "--rounds" -> rounds = Integer.parseInt(args[++i].trim());
                case "--workloads" -> {
                    workloads = new ArrayList<>();
                    for (String s : args[++i].split(",")) {
                        workloads.add(Workload.valueOf(s.trim().toUpperCase(Locale.ROOT)).name());
                    }
                    workloadsGiven = true;
                }
                case "--model" -> model = java.nio.file.Path.of(args[++i]);
                case "--input" -> input = java.nio.file.Path.of(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i].trim());
                case "--threads" -> threads = ints(args[++i]);
                case "--engines" -> engines = List.of(args[++i].split(","));
                case "--modes" -> {
                    modes = new ArrayList<>();
                    for (String s : args[++i].split(",")) {
                        modes.add(Engine.Mode.valueOf(s.trim().toUpperCase(Locale.ROOT)));
                    }
                }
                case "--callers" -> callers = ints(args[++i]);
                default -> {
                    System.err.println("usage: BenchMain [--quick] [--workloads W0,...,W6] [--threads 1,2] "
                            + "[--engines blas,cpu,onnxruntime] [--modes best,copy] [--callers 1,2,4,16] "
                            + "[--model M.onnx [--input X.npy] [--batch N]] [--interleaved [--rounds R]]");
                    System.exit(2);
                }
            }
        }
        if (model == null && (input != null || batch != 0)) {
            System.err.println("--input and --batch go with --model M.onnx");
            System.exit(2);
        }
        if (model != null) {
            // the user's model alone, unless --workloads asks for standard ones too
            List<String> all = new ArrayList<>(workloadsGiven ? workloads : List.of());
            try {
                all.add(new ModelSpec(model, input, batch).encode());
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                System.exit(2);
            }
            workloads = all;
        }
        PrintStream err = System.err;
        err.println(HostLine.here());
        Steal before = Steal.now();
        if (!BenchRunner.vectorModule()) {
            // the forks take their options from this JVM (BenchRunner.forkOptions): they would lack it too
            err.println("lamina bench: warning: jdk.incubator.vector is not in this JVM, so blas's and cpu's Java"
                    + " kernels run their scalar loops, several times slower (MobileNetV2 on blas: ~95 ms instead of"
                    + " ~10); start java with --add-modules jdk.incubator.vector " + VectorJit.TRAP_LIMIT_OPTION
                    + ", as ./lamina bench does");
        }
        if (interleaved) {
            if (threads.size() != 1) {
                err.println("lamina bench: --interleaved takes one thread count (--threads N): it is read once per JVM");
                System.exit(2);
            }
            List<String> es = engines.isEmpty() ? BenchRunner.defaultEngines() : engines;
            List<Interleaved.Result> res = new ArrayList<>();
            try {
                for (String spec : workloads) {
                    err.print("\r\033[K" + spec + " interleaved, " + rounds + " rounds");
                    res.addAll(Interleaved.run(Workload.load(spec), es, threads.get(0), rounds));
                }
            } catch (RuntimeException e) {
                err.println("\r\033[Klamina bench: " + e.getMessage());
                System.exit(1);
            }
            err.print("\r\033[K");
            System.out.print(Interleaved.table(res));
            printSteal(err, before);
            return;
        }
        BenchRunner.Results r;
        try {
            r = BenchRunner.run(new BenchRunner.Options(workloads, threads, engines, modes, callers, quick),
                    progressBar(err));
        } catch (RuntimeException e) {
            // one line, as the lamina command reports errors (a backend that cannot compile the model, a bad file)
            err.println("\r\033[Klamina bench: " + e.getMessage());
            System.exit(1);
            return;
        }
        err.print("\r\033[K");
        System.out.print(BenchRunner.table(r.rows()));
        System.out.println();
        System.out.print(BenchRunner.firstCallTable(r.firstCalls()));
        printSteal(err, before);
    }

    /** The hypervisor's share of CPU time since {@code before} ({@link Steal}). */
    private static void printSteal(PrintStream err, Steal before) {
        String line = Steal.line(before, Steal.now(), Steal.USER_HZ);
        if (line != null) {
            System.out.flush();
            err.println(line);
        }
    }

    private static List<Integer> ints(String commaSeparated) {
        List<Integer> l = new ArrayList<>();
        for (String s : commaSeparated.split(",")) {
            l.add(Integer.parseInt(s.trim()));
        }
        return l;
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
