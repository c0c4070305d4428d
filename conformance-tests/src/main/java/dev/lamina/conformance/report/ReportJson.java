package dev.lamina.conformance.report;

import dev.lamina.conformance.cases.LayerCheck;
import dev.lamina.conformance.cases.Rule;
import dev.lamina.conformance.reference.Tolerance;

import java.util.List;

/**
 * The report as JSON, format {@code lamina-conformance/1}. Numbers that JSON cannot hold (NaN, ±Infinity:
 * an expected NaN, an infinite error) are written as the strings {@code "NaN"}, {@code "Infinity"} and
 * {@code "-Infinity"}.
 */
final class ReportJson {
    static final String FORMAT = "lamina-conformance/1";

    private ReportJson() {
    }

    static String render(ConformanceReport report) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("{\n  \"format\": ").append(str(FORMAT));
        sb.append(",\n  \"created\": ").append(str(report.created().toString()));
        sb.append(",\n  \"environment\": ").append(str(report.environment()));
        sb.append(",\n  \"summary\": ").append(str(report.summary()));
        sb.append(",\n  \"backends\": [");
        List<String> backends = report.backends();
        for (int i = 0; i < backends.size(); i++) {
            String b = backends.get(i);
            ConformanceReport.Counts c = report.counts(b);
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"id\": ").append(str(b))
                    .append(", \"compatible\": ").append(report.compatible(b))
                    .append(", \"verdict\": ").append(str(report.verdict(b)))
                    .append(", \"summary\": ").append(str(report.summary(b)))
                    .append(", \"passed\": ").append(c.passed()).append(", \"failed\": ").append(c.failed())
                    .append(", \"unsupported\": ").append(c.unsupported()).append(", \"skipped\": ").append(c.skipped())
                    .append('}');
        }
        sb.append("\n  ],\n  \"rules\": [");
        List<Rule> rules = report.rules();
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"id\": ").append(str(r.id()))
                    .append(", \"description\": ").append(str(r.description())).append(", \"cells\": {");
            boolean first = true;
            for (String b : backends) {
                var cell = report.cell(r, b);
                if (cell.isEmpty()) {
                    continue;
                }
                ConformanceReport.Cell c = cell.get();
                sb.append(first ? "" : ", ").append(str(b)).append(": {\"status\": ").append(str(c.status().label()))
                        .append(", \"passed\": ").append(c.counts().passed())
                        .append(", \"failed\": ").append(c.counts().failed())
                        .append(", \"unsupported\": ").append(c.counts().unsupported())
                        .append(", \"skipped\": ").append(c.counts().skipped())
                        .append(", \"maxAbsError\": ").append(num(c.maxAbs()))
                        .append(", \"maxRelError\": ").append(num(c.maxRel())).append('}');
                first = false;
            }
            sb.append("}}");
        }
        sb.append("\n  ],\n  \"results\": [");
        List<CaseResult> results = report.results();
        for (int i = 0; i < results.size(); i++) {
            sb.append(i == 0 ? "\n" : ",\n");
            result(sb, results.get(i));
        }
        sb.append("\n  ]\n}\n");
        return sb.toString();
    }

    private static void result(StringBuilder sb, CaseResult r) {
        sb.append("    {\"case\": ").append(str(r.caseId()))
                .append(", \"title\": ").append(str(r.title()))
                .append(", \"rule\": ").append(str(r.rule().id()))
                .append(", \"backend\": ").append(str(r.backend()))
                .append(", \"required\": ").append(r.required())
                .append(", \"outcome\": ").append(str(r.outcome().label()))
                .append(", \"message\": ").append(str(r.message()))
                .append(", \"millis\": ").append(r.millis());
        if (r.check() != null) {
            sb.append(",\n     \"layer\": ").append(str(r.layer()))
                    .append(", \"tolerance\": ").append(tolerance(r.tolerance()))
                    .append(", \"firstMismatch\": ").append(ints(r.firstMismatch()))
                    .append(", \"expected\": ").append(num(r.expected()))
                    .append(", \"actual\": ").append(num(r.actual()))
                    .append(", \"mismatches\": ").append(r.mismatches());
        }
        sb.append(", \"maxAbsError\": ").append(num(r.maxAbs()))
                .append(", \"maxRelError\": ").append(num(r.maxRel()));
        if (!r.layers().isEmpty()) {
            sb.append(",\n     \"layers\": [");
            for (int i = 0; i < r.layers().size(); i++) {
                LayerCheck c = r.layers().get(i);
                sb.append(i == 0 ? "" : ", ").append("{\"layer\": ").append(str(c.layer()))
                        .append(", \"shape\": ").append(ints(c.shape() == null ? List.of() : dims(c.shape().dims())))
                        .append(", \"tolerance\": ").append(tolerance(c.tolerance()))
                        .append(", \"compared\": ").append(c.compared())
                        .append(", \"mismatches\": ").append(c.mismatches())
                        .append(", \"maxAbsError\": ").append(num(c.maxAbs()))
                        .append(", \"maxRelError\": ").append(num(c.maxRel()));
                if (!c.passed()) {
                    sb.append(", \"firstMismatch\": ").append(ints(c.firstMismatch()))
                            .append(", \"expected\": ").append(num(c.expected()))
                            .append(", \"actual\": ").append(num(c.actual()));
                }
                if (c.problem() != null) {
                    sb.append(", \"problem\": ").append(str(c.problem()));
                }
                sb.append('}');
            }
            sb.append(']');
        }
        sb.append('}');
    }

    private static List<Integer> dims(int[] d) {
        return java.util.Arrays.stream(d).boxed().toList();
    }

    private static String tolerance(Tolerance t) {
        return t == null ? "null" : "{\"atol\": " + num(t.atol()) + ", \"rtol\": " + num(t.rtol()) + "}";
    }

    private static String ints(List<Integer> l) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < l.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(l.get(i));
        }
        return sb.append(']').toString();
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "\"NaN\"";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
        }
        return Double.toString(v);
    }

    /** A float as its shortest decimal (what a person typed), not widened to double digits. */
    static String num(float v) {
        return Float.isFinite(v) ? Float.toString(v) : num((double) v);
    }

    static String str(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
