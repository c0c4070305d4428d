package dev.lamina.conformance.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.lamina.conformance.cases.LayerCheck;
import dev.lamina.conformance.cases.Rule;
import dev.lamina.conformance.reference.Tolerance;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * The report as JSON, format {@value #FORMAT}, written with Jackson's streaming generator. Its JSON Schema
 * is {@link ConformanceReport#SCHEMA_RESOURCE}; {@code conformance-tests/README.md} describes every field.
 * Numbers that JSON cannot hold (NaN, ±Infinity: an expected NaN, an infinite error) are written as the
 * strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"} (Jackson's
 * {@code WRITE_NAN_AS_STRINGS}, on by default). Top-level fields and the elements of top-level arrays each
 * take a line ({@link LinePrinter}), so that a diff of two reports reads case by case.
 */
final class ReportJson {
    static final String FORMAT = "lamina-conformance/2";
    static final String FORMAT_1 = "lamina-conformance/1";

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private ReportJson() {
    }

    static String render(ConformanceReport report) {
        StringWriter out = new StringWriter(64 * 1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.setPrettyPrinter(new LinePrinter(2));
            write(g, report);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a report to a string", e);
        }
        return out.append('\n').toString();
    }

    private static void write(JsonGenerator g, ConformanceReport report) throws IOException {
        g.writeStartObject();
        g.writeStringField("format", FORMAT);
        g.writeStringField("kit", KitVersion.get());
        g.writeStringField("created", report.created().toString());
        g.writeStringField("summary", report.summary());
        List<String> backends = report.backends();
        array(g, "runs", backends.stream().map(report::run).toList(), ReportJson::run);
        g.writeArrayFieldStart("backends");
        for (String b : backends) {
            ConformanceReport.Counts c = report.counts(b);
            g.writeStartObject();
            g.writeStringField("id", b);
            g.writeBooleanField("compatible", report.compatible(b));
            g.writeStringField("verdict", report.verdict(b));
            g.writeStringField("summary", report.summary(b));
            counts(g, c);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("rules");
        for (Rule r : report.rules()) {
            g.writeStartObject();
            g.writeStringField("id", r.id());
            g.writeStringField("description", r.description());
            g.writeObjectFieldStart("cells");
            for (String b : backends) {
                var cell = report.cell(r, b);
                if (cell.isPresent()) {
                    ConformanceReport.Cell c = cell.get();
                    g.writeObjectFieldStart(b);
                    g.writeStringField("status", c.status().label());
                    counts(g, c.counts());
                    g.writeNumberField("maxAbsError", c.maxAbs());
                    g.writeNumberField("maxRelError", c.maxRel());
                    g.writeEndObject();
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        array(g, "results", report.results(), ReportJson::result);
        g.writeEndObject();
    }

    private static void run(JsonGenerator g, BackendRun run) throws IOException {
        g.writeStartObject();
        g.writeStringField("backend", run.backend());
        g.writeStringField("description", run.description());
        g.writeStringField("availability", run.availability());
        array(g, "details", run.details(), JsonGenerator::writeString);
        if (run.device().isEmpty()) {
            g.writeNullField("device");
        } else {
            g.writeStringField("device", run.device());
        }
        Machine m = run.machine();
        g.writeObjectFieldStart("machine");
        g.writeStringField("name", m.name());
        g.writeStringField("os", m.os());
        g.writeStringField("arch", m.arch());
        g.writeStringField("cpu", m.cpu());
        g.writeNumberField("cores", m.cores());
        g.writeStringField("jvm", m.jvm());
        g.writeEndObject();
        g.writeStringField("kit", run.kit());
        g.writeStringField("created", run.created().toString());
        g.writeEndObject();
    }

    private static void counts(JsonGenerator g, ConformanceReport.Counts c) throws IOException {
        g.writeNumberField("passed", c.passed());
        g.writeNumberField("failed", c.failed());
        g.writeNumberField("unsupported", c.unsupported());
        g.writeNumberField("skipped", c.skipped());
    }

    private static void result(JsonGenerator g, CaseResult r) throws IOException {
        g.writeStartObject();
        g.writeStringField("case", r.caseId());
        g.writeStringField("title", r.title());
        g.writeStringField("rule", r.rule().id());
        g.writeStringField("backend", r.backend());
        g.writeBooleanField("required", r.required());
        g.writeStringField("outcome", r.outcome().label());
        g.writeStringField("message", r.message());
        g.writeNumberField("millis", r.millis());
        if (r.check() != null) {
            g.writeStringField("layer", r.layer());
            g.writeFieldName("tolerance");
            tolerance(g, r.tolerance());
            ints(g, "firstMismatch", r.firstMismatch());
            g.writeNumberField("expected", r.expected());
            g.writeNumberField("actual", r.actual());
            g.writeNumberField("mismatches", r.mismatches());
        }
        g.writeNumberField("maxAbsError", r.maxAbs());
        g.writeNumberField("maxRelError", r.maxRel());
        g.writeNumberField("ratio", r.ratio());
        if (!r.layers().isEmpty()) {
            array(g, "layers", r.layers(), ReportJson::layer);
        }
        g.writeEndObject();
    }

    private static void layer(JsonGenerator g, LayerCheck c) throws IOException {
        g.writeStartObject();
        g.writeStringField("layer", c.layer());
        array(g, "shape", c.shape() == null ? List.of() : Arrays.stream(c.shape().dims()).boxed().toList(),
                JsonGenerator::writeNumber);
        g.writeFieldName("tolerance");
        tolerance(g, c.tolerance());
        g.writeNumberField("compared", c.compared());
        g.writeNumberField("mismatches", c.mismatches());
        g.writeNumberField("maxAbsError", c.maxAbs());
        g.writeNumberField("maxRelError", c.maxRel());
        g.writeNumberField("ratio", c.ratio());
        if (!c.passed()) {
            ints(g, "firstMismatch", c.firstMismatch());
            g.writeNumberField("expected", c.expected());
            g.writeNumberField("actual", c.actual());
        }
        if (c.problem() != null) {
            g.writeStringField("problem", c.problem());
        }
        g.writeEndObject();
    }

    private static void tolerance(JsonGenerator g, Tolerance t) throws IOException {
        g.writeStartObject();
        g.writeNumberField("atol", t.atol());
        g.writeNumberField("rtol", t.rtol());
        g.writeEndObject();
    }

    private static void ints(JsonGenerator g, String field, List<Integer> values) throws IOException {
        array(g, field, values, JsonGenerator::writeNumber);
    }

    /** How one element of an array is written. */
    private interface ElementWriter<T> {
        void write(JsonGenerator g, T element) throws IOException;
    }

    private static <T> void array(JsonGenerator g, String field, List<T> elements, ElementWriter<? super T> w)
            throws IOException {
        g.writeArrayFieldStart(field);
        for (T e : elements) {
            w.write(g, e);
        }
        g.writeEndArray();
    }
}
