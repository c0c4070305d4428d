package dev.lamina.cli;

import dev.lamina.spi.helpers.VectorJit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

@Command(name = "bench", mixinStandardHelpOptions = true, description = {
        "Benchmarks every available Lamina backend side by side with ONNX Runtime",
        "(CPU, same thread count) on W0 (the notebook, batch 1), W1 (LeNet, batch 64),",
        "W2 (conv 64→64 3×3 on 8×64×56×56), W3/W4 (ResNet-18, batch 1/8) and W5/W6",
        "(MobileNetV2, batch 1/8; seeded weights), through JMH: one JVM fork per row, gc",
        "profiler on. Prints time per inference, images/s, conv GFLOP/s, the ratio to",
        "ONNX Runtime, the max |difference| from its output and bytes allocated per op.",
        "Runs bench/target/lamina-bench.jar (JMH and ONNX Runtime) in a child JVM;",
        "-D" + BenchCommand.JAR_PROPERTY + "=PATH names another copy.",
        "  lamina bench                       full run (an hour or more)",
        "  lamina bench --quick --threads 2   a few minutes",
        "  lamina bench --model M.onnx --batch 8 --engines blas,onnxruntime"})
final class BenchCommand implements Runnable {
    /** Where the benchmark jar is; the launcher sets it, else it is looked for beside the lamina jar's module. */
    static final String JAR_PROPERTY = "lamina.bench.jar";
    static final List<String> WORKLOADS = List.of("W0", "W1", "W2", "W3", "W4", "W5", "W6");
    /** The module of the cpu backend's Vector API path. */
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    @Option(names = "--workloads", paramLabel = "W0,...,W6", split = ",", description = "Workloads (default: all).")
    List<String> workloads;

    @Option(names = "--threads", paramLabel = "N,...", split = ",", description = "Thread counts (default: 1,2).")
    List<Integer> threads;

    @Option(names = "--engines", paramLabel = "ID,...", split = ",",
            description = "Lamina backend ids and/or onnxruntime (default: every available backend and onnxruntime).")
    List<String> engines;

    @Option(names = "--modes", paramLabel = "best,copy", split = ",",
            description = "best: each engine's input prepared once, output read into a float[] made once; "
                    + "copy: a new tensor from a float[] each call (default: both).")
    List<String> modes;

    @Option(names = "--callers", paramLabel = "N,...", split = ",",
            description = "Threads sharing one compiled model (default: 1); above 1, each engine at its best.")
    List<Integer> callers;

    @Option(names = "--model", paramLabel = "M.onnx",
            description = "An ONNX model to run on every backend and ONNX Runtime (instead of the standard workloads, "
                    + "unless --workloads is given too).")
    Path model;

    @Option(names = "--input", paramLabel = "X.npy", description = "With --model: the input (default: seeded random).")
    Path input;

    @Option(names = "--batch", paramLabel = "N", description = "With --model: the batch size (default: the input's, or 1).")
    Integer batch;

    @Option(names = "--interleaved", description = "Ratios from alternating rounds in one JVM (each engine at its best; "
            + "one --threads value): robust on a loaded machine.")
    boolean interleaved;

    @Option(names = "--rounds", paramLabel = "R", description = "With --interleaved: rounds (default: 15).")
    Integer rounds;

    @Option(names = "--quick", description = "Short warm-up and measurement, one fork: minutes instead of an hour.")
    boolean quick;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        List<String> args = arguments();
        Path jar = benchJar(System.getProperty(JAR_PROPERTY), codeSource());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> options = new ArrayList<>(vectorModule(ModuleLayer.boot()));
        options.addAll(laminaProperties(System.getProperties()));
        List<String> command = command(java, jar, options, args);
        PrintWriter out = spec.commandLine().getOut();
        int code;
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
            try (InputStream in = p.getInputStream()) {
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.print(new String(buf, 0, n, StandardCharsets.UTF_8));
                    out.flush();
                }
            }
            code = p.waitFor();
        } catch (IOException e) {
            throw new CommandFailure("cannot start the benchmark JVM (" + String.join(" ", command) + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted while the benchmark ran");
        }
        if (code != 0) {
            throw new CommandFailure("the benchmark (" + jar + ") exited with status " + code);
        }
    }

    /** The benchmark's own arguments, checked here so that a typo is a usage error before any JVM starts. */
    List<String> arguments() {
        List<String> args = new ArrayList<>();
        if (quick) {
            args.add("--quick");
        }
        if (workloads != null) {
            List<String> ws = new ArrayList<>();
            for (String w : workloads) {
                String name = w.trim().toUpperCase(Locale.ROOT);
                if (!WORKLOADS.contains(name)) {
                    throw new UsageException("unknown workload " + w + "; choose from " + String.join(", ", WORKLOADS));
                }
                ws.add(name);
            }
            args.add("--workloads");
            args.add(String.join(",", ws));
        }
        counts(args, "--threads", threads);
        if (engines != null) {
            args.add("--engines");
            args.add(String.join(",", engines));
        }
        if (modes != null) {
            for (String m : modes) {
                if (!List.of("best", "copy").contains(m.trim().toLowerCase(Locale.ROOT))) {
                    throw new UsageException("unknown mode " + m + "; choose from best, copy");
                }
            }
            args.add("--modes");
            args.add(String.join(",", modes));
        }
        if (model == null && (input != null || batch != null)) {
            throw new UsageException("--input and --batch go with --model M.onnx");
        }
        if (model != null) {
            if (!Files.isRegularFile(model)) {
                throw new UsageException("--model " + model + ": no such file");
            }
            args.add("--model");
            args.add(model.toAbsolutePath().toString());
            if (input != null) {
                if (!Files.isRegularFile(input)) {
                    throw new UsageException("--input " + input + ": no such file");
                }
                args.add("--input");
                args.add(input.toAbsolutePath().toString());
            }
            if (batch != null) {
                if (batch < 1) {
                    throw new UsageException("--batch takes a positive count, got " + batch);
                }
                args.add("--batch");
                args.add(batch.toString());
            }
        }
        counts(args, "--callers", callers);
        if (interleaved) {
            if (threads == null || threads.size() != 1) {
                throw new UsageException("--interleaved takes one thread count (--threads N)");
            }
            args.add("--interleaved");
        }
        if (rounds != null) {
            counts(args, "--rounds", List.of(rounds));
        }
        return args;
    }

    /** {@code option} with its positive counts, when given. */
    private static void counts(List<String> args, String option, List<Integer> values) {
        if (values == null) {
            return;
        }
        for (int v : values) {
            if (v < 1) {
                throw new UsageException(option + " takes positive counts, got " + v);
            }
        }
        args.add(option);
        args.add(String.join(",", values.stream().map(String::valueOf).toList()));
    }

    /**
     * The benchmark jar: {@code property} when set (it must exist), else {@code bench/target/lamina-bench.jar}
     * of the checkout whose {@code cli/target/lamina.jar} (or {@code cli/target/classes}) this code came from.
     */
    static Path benchJar(String property, Optional<Path> codeSource) {
        if (property != null && !property.isBlank()) {
            Path p = Path.of(property.trim());
            if (!Files.isRegularFile(p)) {
                throw new UsageException("-D" + JAR_PROPERTY + "=" + property + ": no such file");
            }
            return p;
        }
        Optional<Path> beside = codeSource.map(Path::toAbsolutePath).map(Path::getParent) // cli/target
                .map(Path::getParent).map(Path::getParent)                                   // the checkout
                .map(root -> root.resolve("bench").resolve("target").resolve("lamina-bench.jar"));
        if (beside.isPresent() && Files.isRegularFile(beside.get())) {
            return beside.get();
        }
        throw new UsageException("lamina bench needs the benchmark jar"
                + beside.map(p -> " " + p).orElse("") + ", which is not built: run ./mvnw -DskipTests -pl bench -am"
                + " package (./lamina bench does it), or set -D" + JAR_PROPERTY + "=PATH");
    }

    /** The child JVM's command line: this JVM's {@code lamina.*} settings go with it. */
    static List<String> command(Path java, Path jar, List<String> properties, List<String> args) {
        List<String> c = new ArrayList<>();
        c.add(java.toString());
        c.addAll(properties);
        c.add("-jar");
        c.add(jar.toString());
        c.addAll(args);
        return c;
    }

    /**
     * {@code --add-modules jdk.incubator.vector} when this JVM has that module (as {@code ./lamina} starts it),
     * so the cpu backend measures the same path in the child as {@code lamina backends} reports here; with it
     * the trap limit the vector kernels need ({@link VectorJit}).
     */
    static List<String> vectorModule(ModuleLayer layer) {
        return layer.findModule(VECTOR_MODULE).isPresent()
                ? List.of("--add-modules", VECTOR_MODULE, VectorJit.TRAP_LIMIT_OPTION) : List.of();
    }

    static List<String> laminaProperties(Map<Object, Object> properties) {
        List<String> ds = new ArrayList<>();
        properties.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (key.startsWith("lamina.") && !key.equals(JAR_PROPERTY)) {
                ds.add("-D" + key + "=" + v);
            }
        });
        ds.sort(null);
        return ds;
    }

    private static Optional<Path> codeSource() {
        try {
            return Optional.of(Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
