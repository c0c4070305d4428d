package dev.lamina.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static dev.lamina.cli.CliTest.lamina;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConformanceCommandTest {

    @Test
    void runsTheKitOnCpuAndWritesTheReports(@TempDir Path dir) {
        CliTest.Result r = lamina("conformance", "--backend", "cpu", "--cases", "relu.*", "--report", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("relu\\.basic\\s+passed.*")), r.out());
        assertTrue(r.out().contains("cpu: "), r.out());
        assertTrue(Files.exists(dir.resolve("conformance.json")));
        assertTrue(Files.exists(dir.resolve("conformance.md")));
        assertTrue(Files.exists(dir.resolve("conformance.html")));
    }

    @Test
    void aPluginBackendIsFoundAndABrokenOneFailsTheKit(@TempDir Path dir) throws IOException {
        Path jar = pluginJar(dir);
        CliTest.Result backends = lamina("backends", "--plugin", jar.toString());
        assertTrue(backends.out().lines().anyMatch(l -> l.matches("\\s*leaky\\s+0\\s+available.*")), backends.out());

        CliTest.Result r = lamina("conformance", "--backend", "leaky", "--plugin", jar.toString(),
                "--cases", "relu.*", "--report", dir.resolve("report").toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("FAILED leaky [relu.basic]"), r.err());
        assertTrue(r.err().contains("lamina: not Lamina-compatible: leaky"), r.err());
    }

    @Test
    void compareFindsTheFirstLayerWhereBackendsPartWays(@TempDir Path dir) throws IOException {
        Path jar = pluginJar(dir);
        CliTest.Result same = lamina("compare", "--backends", "cpu,leaky", "notebook", "--plugin", jar.toString());
        // The notebook's conv1 has negative values, so a ReLU that lets them through diverges at relu1.
        assertEquals(1, same.code(), same.out() + same.err());
        assertTrue(same.out().contains("relu1 is the first layer that differs"), same.out());
        assertTrue(same.out().lines().anyMatch(l -> l.startsWith("ok    layer conv1")), same.out());
        assertTrue(same.err().contains("the backends part ways at layer relu1"), same.err());

        assertEquals(2, lamina("compare", "--backends", "cpu", "notebook").code());
        assertEquals(2, lamina("compare", "--backends", "cpu,nope", "notebook").code());
    }

    @Test
    void aMissingPluginIsABadInput(@TempDir Path dir) {
        CliTest.Result r = lamina("backends", "--plugin", dir.resolve("none.jar").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("none.jar: no such file"), r.err());
    }

    /** A jar holding only a service file that names {@link PluginProvider}. */
    static Path pluginJar(Path dir) throws IOException {
        Path jar = dir.resolve("leaky.jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os)) {
            j.putNextEntry(new JarEntry("META-INF/services/dev.lamina.spi.BackendProvider"));
            j.write("dev.lamina.cli.PluginProvider\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            j.closeEntry();
        }
        return jar;
    }

    @Test
    void withoutReportItWritesUnderTargetInAMavenProjectElseBesideAndAbsolute(@TempDir Path dir) throws Exception {
        assertEquals(dir.resolve("conformance-report"), ConformanceCommand.defaultReport(dir));
        java.nio.file.Files.writeString(dir.resolve("pom.xml"), "<project/>");
        assertEquals(dir.resolve("target").resolve("conformance-report"), ConformanceCommand.defaultReport(dir));
        assertTrue(ConformanceCommand.defaultReport(Path.of("")).isAbsolute());
    }
}
