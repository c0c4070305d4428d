package dev.lamina.conformance.report;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.conformance.cases.LayerCheck;
import dev.lamina.conformance.cases.Rule;
import dev.lamina.conformance.reference.Tolerance;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lamina.core.io.FormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {
    private static CaseResult result(String id, Rule rule, String backend, Outcome outcome, String message,
                                     LayerCheck check) {
        return new CaseResult(id, "title of " + id, rule, backend, false, outcome, message, check,
                check == null ? List.of() : List.of(check), 3, null);
    }

    static ConformanceReport sample() {
        Tensor want = Tensor.of(Shape.of(1, 1, 1, 3), new float[]{1, Float.NaN, 2});
        Tensor got = Tensor.of(Shape.of(1, 1, 1, 3), new float[]{1, 0, 2.5f});
        LayerCheck bad = LayerCheck.compare("conv1", want, got, Tolerance.of(1e-6, 0));
        LayerCheck good = LayerCheck.compare("conv1", want, want, Tolerance.EXACT);
        return ConformanceReport.of(List.of(
                result("a/1", Rule.CONV2D_STRIDE, "cpu", Outcome.PASSED, "ok", good),
                result("a/2", Rule.CONV2D_STRIDE, "cpu", Outcome.PASSED, "ok", good),
                result("b/1", Rule.SOFTMAX_LARGE_LOGITS, "cpu", Outcome.UNSUPPORTED, "no softmax", null),
                result("a/1", Rule.CONV2D_STRIDE, "gpu", Outcome.FAILED, bad.describe() + " <script>\"x\"</script>", bad),
                result("b/1", Rule.SOFTMAX_LARGE_LOGITS, "gpu", Outcome.SKIPPED, "unavailable", null)));
    }

    @Test
    void summarisesEachBackendOnOneLine() {
        ConformanceReport r = sample();
        assertEquals(List.of("cpu", "gpu"), r.backends());
        assertEquals("cpu: 2 passed, 0 failed, 1 unsupported, 0 skipped — Lamina-compatible", r.summary("cpu"));
        assertEquals("gpu: 0 passed, 1 failed, 0 unsupported, 1 skipped — NOT Lamina-compatible", r.summary("gpu"));
        assertTrue(r.compatible("cpu"));
        assertFalse(r.allCompatible());
    }

    @Test
    void cellsShowStatusAndLargestError() {
        ConformanceReport r = sample();
        assertEquals("passed 2/2 · max err 0", r.cell(Rule.CONV2D_STRIDE, "cpu").orElseThrow().text());
        assertEquals("failed 1/1 · max err Infinity", r.cell(Rule.CONV2D_STRIDE, "gpu").orElseThrow().text());
        assertEquals("unsupported 1/1", r.cell(Rule.SOFTMAX_LARGE_LOGITS, "cpu").orElseThrow().text());
        assertEquals(Outcome.SKIPPED, r.cell(Rule.SOFTMAX_LARGE_LOGITS, "gpu").orElseThrow().status());
        assertTrue(r.cell(Rule.DENSE_BASIC, "cpu").isEmpty());
    }

    @Test
    void jsonIsWellFormedAndCarriesTheNumbers() throws Exception {
        String json = sample().toJson();
        JsonMapper.builder().build().readTree(json); // strict: throws on anything that is not RFC 8259 JSON
        assertTrue(json.startsWith("{\n  \"format\": \"lamina-conformance/2\",\n  \"kit\": \""), json);
        assertTrue(json.contains("\"expected\": \"NaN\", \"actual\": 0.0"), json);
        assertTrue(json.contains("\"firstMismatch\": [0, 0, 0, 1]"), json);
        assertTrue(json.contains("\"tolerance\": {\"atol\": 1.0E-6, \"rtol\": 0.0}"), json);
        assertTrue(json.contains("\"cells\": {\"cpu\": {\"status\": \"passed\""), json);
        // one line per result, so that a text diff of two reports reads case by case
        assertEquals(5, json.lines().filter(l -> l.startsWith("    {\"case\": ")).count(), json);
    }

    @Test
    void htmlIsSelfContainedWithTheMatrixAndEscapes() {
        String html = sample().toHtml();
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<table class=\"matrix\"><tr><th>rule</th><th>cpu<br><span class=\"msg\">"
                + ReportHtml.esc(Machine.local().label()) + "</span></th><th>gpu<br>"), html);
        assertTrue(html.contains("<td class=\"failed\">failed 1/1"), html);
        assertTrue(html.contains("<code>conv2d.stride</code>"), html);
        assertFalse(html.contains("<script"), "messages are escaped");
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("src="),
                "no external resources");
    }

    @Test
    void markdownHasTheMatrixAndTheFailures() {
        String md = sample().toMarkdown();
        assertTrue(md.contains("| rule | **cpu**<br><sub>"), md);
        assertTrue(md.contains("## Runs"), md);
        assertTrue(md.contains("| `conv2d.stride` "), md);
        assertTrue(md.contains("## Failures"), md);
        assertTrue(md.contains("- `a/1` [conv2d.stride]"), md);
    }

    @Test
    void writesFourFiles(@TempDir Path dir) throws Exception {
        List<Path> files = sample().writeTo(dir.resolve("out"));
        assertEquals(List.of("conformance.json", "conformance-junit.xml", "conformance.md", "conformance.html"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        for (Path p : files) {
            assertTrue(Files.size(p) > 100, p.toString());
        }
        assertTrue(Files.readString(dir.resolve("out/conformance.json")).startsWith("{"));
    }

    @Test
    void mergesReportsOfSeveralBackends() {
        ConformanceReport a = ConformanceReport.of(sample().results("cpu"));
        ConformanceReport b = ConformanceReport.of(sample().results("gpu"));
        ConformanceReport m = ConformanceReport.merge(List.of(a, b));
        assertEquals(List.of("cpu", "gpu"), m.backends());
        assertEquals(5, m.results().size());
        assertEquals(Machine.local(), m.run("gpu").machine());
    }

    private static ConformanceReport on(Machine machine, List<CaseResult> results) {
        String backend = results.get(0).backend();
        return ConformanceReport.of(results, List.of(new BackendRun(backend, "", "", List.of(), "", machine, "1",
                java.time.Instant.parse("2026-01-01T00:00:00Z"))));
    }

    @Test
    void oneBackendFromTwoMachinesGetsAColumnPerMachine() {
        Machine x86 = new Machine("runner-x86", "Linux 6.1", "amd64", "AMD EPYC 7763", 4, "Java 17");
        Machine arm = new Machine("runner-arm", "Linux 6.1", "aarch64", "Neoverse-N1", 4, "Java 17");
        ConformanceReport m = ConformanceReport.merge(List.of(on(x86, sample().results("cpu")),
                on(arm, sample().results("cpu")), on(arm, sample().results("gpu"))));
        assertEquals(List.of("cpu@runner-x86", "cpu@runner-arm", "gpu"), m.backends());
        assertEquals(arm, m.run("cpu@runner-arm").machine());
        assertEquals(3, m.results("cpu@runner-arm").size());
        assertEquals("cpu@runner-x86: 2 passed, 0 failed, 1 unsupported, 0 skipped — Lamina-compatible",
                m.summary("cpu@runner-x86"));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> ConformanceReport.merge(List.of(on(arm, sample().results("cpu")), on(arm, sample().results("cpu")))));
        assertTrue(twice.getMessage().contains("backend cpu comes more than once from machine runner-arm"),
                twice.getMessage());
    }

    @Test
    void readsItsOwnJsonBack(@TempDir Path dir) {
        ConformanceReport original = sample();
        original.writeTo(dir);
        ConformanceReport read = ConformanceReport.read(dir.resolve(ConformanceReport.JSON_FILE));
        assertEquals(original.toJson(), read.toJson());
        assertEquals(original.summary(), read.summary());
        CaseResult failed = read.results("gpu").get(0);
        assertEquals(List.of(0, 0, 0, 1), failed.firstMismatch());
        assertTrue(Float.isNaN(failed.expected()));
        assertEquals("conv1", failed.layer());
    }

    @Test
    void readingKeepsEachRunsMachine(@TempDir Path dir) {
        Machine arm = new Machine("runner-arm", "Linux 6.1", "aarch64", "Neoverse-N1", 4, "Java 17");
        ConformanceReport original = on(arm, sample().results("gpu"));
        original.writeTo(dir);
        ConformanceReport read = ConformanceReport.read(dir.resolve(ConformanceReport.JSON_FILE));
        assertEquals(original.run("gpu"), read.run("gpu"));
        assertEquals(original.toJson(), read.toJson());
    }

    @Test
    void refusesJsonThatIsNotAReport() {
        assertThrows(FormatException.class, () -> ConformanceReport.fromJson("{\"format\": \"other\"}", "x.json"));
        FormatException bad = assertThrows(FormatException.class,
                () -> ConformanceReport.fromJson("{\n  \"format\": [1, 2", "x.json"));
        assertEquals("x.json", bad.file());
        assertEquals(2, bad.line(), bad.getMessage());
        FormatException other = assertThrows(FormatException.class,
                () -> ConformanceReport.fromJson("{\"format\": \"lamina-conformance/3\"}", "y.json"));
        assertEquals("y.json: expected format lamina-conformance/2 (or lamina-conformance/1), got lamina-conformance/3",
                other.getMessage());
    }

    @Test
    void leavesOutResultsOfRulesANewerKitAddedAndRefusesAResultWithoutARun() {
        String json = sample().toJson();
        ConformanceReport newer = ConformanceReport.fromJson(json.replace("\"rule\": \"softmax.large-logits\"",
                "\"rule\": \"softmax.made-up\""), "r.json");
        assertEquals(java.util.Map.of("softmax.made-up", 2), newer.unknownRules());
        assertEquals(3, newer.results().size());
        assertTrue(newer.results().stream().noneMatch(r -> r.caseId().equals("b/1")));
        assertEquals(newer.unknownRules(), ConformanceReport.merge(List.of(newer)).unknownRules());
        assertTrue(sample().unknownRules().isEmpty());
        FormatException run = assertThrows(FormatException.class,
                () -> ConformanceReport.fromJson(json.replace("{\"backend\": \"gpu\"", "{\"backend\": \"tpu\""), "r.json"));
        assertTrue(run.getMessage().contains("backend gpu has no entry in \"runs\""), run.getMessage());
    }
}
