package dev.lamina.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the lamina command in a child JVM on this module's test class path, for what one JVM cannot show. */
final class ChildJvm {
    /** The exit code and everything printed (stdout and stderr together). */
    record Result(int exit, String output) {
    }

    private ChildJvm() {
    }

    /** {@code lamina args...} in a JVM started with {@code jvmOption} (e.g. {@code -Xmx512m}). */
    static Result lamina(String jvmOption, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), jvmOption,
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("LAMINA_BACKEND");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
        return new Result(p.exitValue(), out);
    }
}
