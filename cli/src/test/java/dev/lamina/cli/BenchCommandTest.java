package dev.lamina.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code lamina bench} starts the benchmark jar in a child JVM; the benchmark itself is not run here. */
class BenchCommandTest {
    @Test
    void theChildJvmGetsTheJarTheCheckedArgumentsAndTheLaminaSettings() {
        List<String> props = BenchCommand.laminaProperties(Map.of("lamina.backend", "blas", "user.dir", "/x",
                "lamina.bench.jar", "/b.jar", "lamina.blas.threads", "2"));
        assertEquals(List.of("-Dlamina.backend=blas", "-Dlamina.blas.threads=2"), props);
        assertEquals(List.of("/j/bin/java", "-Dlamina.backend=blas", "-jar", "/b.jar", "--quick"),
                BenchCommand.command(Path.of("/j/bin/java"), Path.of("/b.jar"), List.of("-Dlamina.backend=blas"),
                        List.of("--quick")));
    }

    @Test
    void theJarIsFoundBesideTheCliModule(@TempDir Path root) throws IOException {
        Path jar = Files.createDirectories(root.resolve("bench/target")).resolve("lamina-bench.jar");
        Path lamina = root.resolve("cli/target/lamina.jar");
        UsageException missing = assertThrows(UsageException.class, () -> BenchCommand.benchJar(null, Optional.of(lamina)));
        assertTrue(missing.getMessage().startsWith("lamina bench needs the benchmark jar " + jar + ", which is not built"),
                missing.getMessage());
        Files.write(jar, new byte[0]);
        assertEquals(jar, BenchCommand.benchJar(null, Optional.of(lamina)));
        assertEquals(jar, BenchCommand.benchJar(" " + jar + " ", Optional.empty()));
        assertEquals("-Dlamina.bench.jar=/nope.jar: no such file",
                assertThrows(UsageException.class, () -> BenchCommand.benchJar("/nope.jar", Optional.empty())).getMessage());
    }

    @Test
    void aBadWorkloadIsAUsageErrorBeforeAnyJvmStarts() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"bench", "--workloads", "W9"}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(2, code);
        assertEquals("lamina: unknown workload W9; choose from W0, W1, W2, W3, W4, W5, W6", err.toString().strip());
    }

    @Test
    void modelModesAndCallersAreCheckedBeforeAnyJvmStarts(@TempDir Path dir) throws IOException {
        assertEquals("lamina: --model " + dir.resolve("none.onnx") + ": no such file",
                usageError("bench", "--model", dir.resolve("none.onnx").toString()));
        assertEquals("lamina: --input and --batch go with --model M.onnx", usageError("bench", "--batch", "8"));
        assertEquals("lamina: unknown mode fast; choose from best, copy", usageError("bench", "--modes", "fast"));
        assertEquals("lamina: --callers takes positive counts, got 0", usageError("bench", "--callers", "0"));
        Path m = Files.write(dir.resolve("m.onnx"), new byte[1]);
        assertEquals("lamina: --batch takes a positive count, got 0",
                usageError("bench", "--model", m.toString(), "--batch", "0"));
    }

    private static String usageError(String... args) {
        StringWriter err = new StringWriter();
        assertEquals(2, Main.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(err)));
        return err.toString().strip();
    }

    /** A stand-in for the benchmark jar: prints its arguments and exits with the status its first one names. */
    public static final class Echo {
        public static void main(String[] args) {
            System.out.println("echo " + String.join(" ", args) + " backend=" + System.getProperty("lamina.backend"));
            System.exit(args.length > 0 && args[0].equals("--quick") ? 0 : 3);
        }
    }

    @Test
    void theChildsOutputIsTheCommandsOutputAndItsFailureFailsTheCommand(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("echo.jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Echo.class.getName());
        String entry = Echo.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar), mf);
             InputStream cls = Echo.class.getClassLoader().getResourceAsStream(entry)) {
            j.putNextEntry(new JarEntry(entry));
            cls.transferTo(j);
        }
        String old = System.getProperty(BenchCommand.JAR_PROPERTY);
        System.setProperty(BenchCommand.JAR_PROPERTY, jar.toString());
        System.setProperty("lamina.backend", "cpu");
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            assertEquals(0, Main.execute(new String[] {"bench", "--quick", "--workloads", "w1,W2", "--threads", "2"},
                    new PrintWriter(out), new PrintWriter(err)), err.toString());
            assertEquals("echo --quick --workloads W1,W2 --threads 2 backend=cpu", out.toString().strip());
            StringWriter err2 = new StringWriter();
            assertEquals(1, Main.execute(new String[] {"bench", "--engines", "cpu"}, new PrintWriter(new StringWriter()),
                    new PrintWriter(err2)));
            assertEquals("lamina: the benchmark (" + jar + ") exited with status 3", err2.toString().strip());
        } finally {
            System.clearProperty("lamina.backend");
            if (old == null) {
                System.clearProperty(BenchCommand.JAR_PROPERTY);
            } else {
                System.setProperty(BenchCommand.JAR_PROPERTY, old);
            }
        }
    }
}
