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
        assertTrue(Files.exists(dir.resolve("conformance-junit.xml")));
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
    void mergesRunsOfTwoBackendsIntoOneMatrix(@TempDir Path dir) throws IOException {
        Path jar = pluginJar(dir);
        assertEquals(0, lamina("conformance", "--backend", "cpu", "--cases", "relu.*", "--report",
                dir.resolve("cpu").toString()).code());
        assertEquals(1, lamina("conformance", "--backend", "leaky", "--plugin", jar.toString(), "--cases", "relu.*",
                "--report", dir.resolve("leaky").toString()).code());
        CliTest.Result r = lamina("conformance", "merge", dir.resolve("cpu/conformance.json").toString(),
                dir.resolve("leaky").toString(), "--report", dir.resolve("merged").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("relu\\.basic\\s+passed \\d+/\\d+.*\\s+failed \\d+/\\d+.*")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("leaky: ") && l.contains("cores")), r.out());
        for (String f : new String[]{"conformance.json", "conformance-junit.xml", "conformance.md", "conformance.html"}) {
            assertTrue(Files.exists(dir.resolve("merged").resolve(f)), f);
        }
        String json = Files.readString(dir.resolve("merged/conformance.json"));
        assertTrue(json.contains("\"format\": \"lamina-conformance/2\""));
        assertTrue(json.contains("{\"backend\": \"cpu\", \"description\": "), json.substring(0, 600));

        // the same backend from the same machine twice is a mistake
        CliTest.Result twice = lamina("conformance", "merge", dir.resolve("cpu").toString(), dir.resolve("cpu").toString(),
                "--report", dir.resolve("twice").toString());
        assertEquals(2, twice.code(), twice.err());
        assertTrue(twice.err().contains("backend cpu comes more than once from machine"), twice.err());
    }

    @Test
    void diffFailsOnARegressionAndNamesTheRule(@TempDir Path dir) throws IOException {
        Path jar = pluginJar(dir);
        assertEquals(0, lamina("conformance", "--backend", "cpu", "--cases", "relu.*", "--report",
                dir.resolve("main").toString()).code());
        CliTest.Result green = lamina("conformance", "diff", "--baseline", dir.resolve("main").toString(),
                dir.resolve("main/conformance.json").toString());
        assertEquals(0, green.code(), green.out() + green.err());
        assertTrue(green.out().contains("0 regressions, 0 new failures, 0 drifts, 0 fixed;"), green.out());

        // the leaky backend's run, as if cpu had started letting negative values through its ReLU
        lamina("conformance", "--backend", "leaky", "--plugin", jar.toString(), "--cases", "relu.*", "--report",
                dir.resolve("leaky").toString());
        Path branch = dir.resolve("branch.json");
        Files.writeString(branch, Files.readString(dir.resolve("leaky/conformance.json")).replace("leaky", "cpu"));
        CliTest.Result red = lamina("conformance", "diff", "--baseline", dir.resolve("main").toString(), branch.toString());
        assertEquals(1, red.code(), red.out() + red.err());
        assertTrue(red.out().contains("REGRESSION cpu [relu.basic] relu/"), red.out());
        assertTrue(red.err().contains("lamina: regression against the baseline: 3 regressions (relu.basic, relu.nan-inf), "
                + "0 new failures"), red.err());
    }

    @Test
    void diffSaysWhatABaselineOfANewerKitHeldThatItCannotJudge(@TempDir Path dir) throws IOException {
        assertEquals(0, lamina("conformance", "--backend", "cpu", "--cases", "relu.*", "--report",
                dir.resolve("now").toString()).code());
        Path newer = Files.writeString(dir.resolve("newer.json"), Files.readString(dir.resolve("now/conformance.json"))
                .replace("\"rule\": \"relu.nan-inf\"", "\"rule\": \"relu.from-the-future\""));
        CliTest.Result r = lamina("conformance", "diff", "--baseline", newer.toString(), dir.resolve("now").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("newer.json: left out the results of rules this kit does not know (a newer kit's "
                + "report?): relu.from-the-future ×"), r.err());
        assertTrue(r.out().contains("1 case not in the baseline: cpu relu/nan-inf"), r.out());
    }

    @Test
    void diffOfWhatIsNotAReportIsABadInput(@TempDir Path dir) throws IOException {
        Path notReport = Files.writeString(dir.resolve("x.json"), "{\"format\": \"lamina-model/1\"}");
        CliTest.Result r = lamina("conformance", "diff", "--baseline", notReport.toString(), notReport.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("x.json: expected format lamina-conformance/2"), r.err());
        CliTest.Result missing = lamina("conformance", "diff", "--baseline", dir.resolve("none.json").toString(),
                notReport.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("none.json: no such file"), missing.err());
        assertEquals(2, lamina("conformance", "diff", notReport.toString()).code(), "--baseline is required");
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
