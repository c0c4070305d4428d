package dev.lamina.conformance.report;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.conformance.cases.LayerCheck;
import dev.lamina.conformance.cases.Rule;
import dev.lamina.conformance.reference.Tolerance;
import dev.lamina.core.io.FormatException;
import dev.lamina.core.io.Json;
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
    void jsonIsWellFormedAndCarriesTheNumbers() {
        String json = sample().toJson();
        Json.parse(json, "report"); // strict: throws on anything that is not RFC 8259 JSON
        assertTrue(json.contains("\"format\": \"lamina-conformance/1\""), json);
        assertTrue(json.contains("\"expected\": \"NaN\", \"actual\": 0.0"), json);
        assertTrue(json.contains("\"firstMismatch\": [0, 0, 0, 1]"), json);
        assertTrue(json.contains("\"tolerance\": {\"atol\": 1.0E-6, \"rtol\": 0.0}"), json);
        assertTrue(json.contains("\"conv2d.stride\": ") || json.contains("\"cells\": {\"cpu\""), json);
    }

    @Test
    void htmlIsSelfContainedWithTheMatrixAndEscapes() {
        String html = sample().toHtml();
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<table class=\"matrix\"><tr><th>rule</th><th>cpu</th><th>gpu</th></tr>"), html);
        assertTrue(html.contains("<td class=\"failed\">failed 1/1"), html);
        assertTrue(html.contains("<code>conv2d.stride</code>"), html);
        assertFalse(html.contains("<script"), "messages are escaped");
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("src="),
                "no external resources");
    }

    @Test
    void markdownHasTheMatrixAndTheFailures() {
        String md = sample().toMarkdown();
        assertTrue(md.contains("| rule | cpu | gpu |"), md);
        assertTrue(md.contains("| `conv2d.stride` "), md);
        assertTrue(md.contains("## Failures"), md);
        assertTrue(md.contains("- `a/1` [conv2d.stride]"), md);
    }

    @Test
    void writesThreeFiles(@TempDir Path dir) throws Exception {
        List<Path> files = sample().writeTo(dir.resolve("out"));
        assertEquals(3, files.size());
        for (Path p : files) {
            assertTrue(Files.size(p) > 100, p.toString());
        }
        assertEquals(sample().toJson().length() > 0, Files.readString(dir.resolve("out/conformance.json")).startsWith("{"));
    }

    @Test
    void mergesReportsOfSeveralBackends() {
        ConformanceReport a = ConformanceReport.of(sample().results("cpu"));
        ConformanceReport b = ConformanceReport.of(sample().results("gpu"));
        ConformanceReport m = ConformanceReport.merge(List.of(a, b));
        assertEquals(List.of("cpu", "gpu"), m.backends());
        assertEquals(5, m.results().size());
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
    void refusesJsonThatIsNotAReport() {
        assertThrows(FormatException.class, () -> ConformanceReport.fromJson("{\"format\": \"other\"}", "x.json"));
        assertThrows(FormatException.class, () -> ConformanceReport.fromJson("[1, 2", "x.json"));
    }
}
