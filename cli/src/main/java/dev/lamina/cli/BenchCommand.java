package dev.lamina.cli;

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
        "(CPU, same thread count) on W0 (the notebook, batch 1), W1 (LeNet, batch 64)",
        "and W2 (conv 64→64 3×3 on 8×64×56×56), through JMH: one JVM fork per row, gc",
        "profiler on. Prints time per inference, images/s, conv GFLOP/s, the ratio to",
        "ONNX Runtime, the max |difference| from its output and bytes allocated per op.",
        "Runs bench/target/lamina-bench.jar (JMH and ONNX Runtime) in a child JVM;",
        "-D" + BenchCommand.JAR_PROPERTY + "=PATH names another copy.",
        "  lamina bench                       full run (about 15 minutes)",
        "  lamina bench --quick --threads 2   a few minutes"})
final class BenchCommand implements Runnable {
    /** Where the benchmark jar is; the launcher sets it, else it is looked for beside the lamina jar's module. */
    static final String JAR_PROPERTY = "lamina.bench.jar";
    static final List<String> WORKLOADS = List.of("W0", "W1", "W2");

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
        List<String> args = arguments();
        Path jar = benchJar(System.getProperty(JAR_PROPERTY), codeSource());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = command(java, jar, laminaProperties(System.getProperties()), args);
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
        if (threads != null) {
            for (int t : threads) {
                if (t < 1) {
                    throw new UsageException("--threads takes positive counts, got " + t);
                }
            }
            args.add("--threads");
            args.add(String.join(",", threads.stream().map(String::valueOf).toList()));
        }
        if (engines != null) {
            args.add("--engines");
            args.add(String.join(",", engines));
        }
        return args;
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
