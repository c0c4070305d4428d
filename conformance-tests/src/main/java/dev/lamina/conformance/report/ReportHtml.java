package dev.lamina.conformance.report;

import dev.lamina.conformance.cases.LayerCheck;
import dev.lamina.conformance.cases.Rule;

import java.util.List;

/** The report as one self-contained HTML page: inline CSS, no script, no external resource. */
final class ReportHtml {
    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2em;color:#1b1f24}
            h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.6em}
            .summary{font-size:1.1em;margin:.2em 0}.meta{color:#57606a}
            table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #d0d7de;padding:4px 8px;vertical-align:top}
            th{background:#f6f8fa;text-align:left}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
            td.passed{background:#dafbe1}td.failed{background:#ffebe9;font-weight:600}
            td.unsupported{background:#eaeef2;color:#57606a}td.skipped{background:#fff8c5}td.none{color:#8c959f}
            .ok{color:#1a7f37}.bad{color:#cf222e}.msg{font-size:12px;color:#424a53;max-width:60em}
            details{margin:.4em 0}summary{cursor:pointer;font-weight:600}
            """;

    private ReportHtml() {
    }

    static String render(ConformanceReport report) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Lamina conformance: ").append(esc(report.summary())).append("</title>")
                .append("<style>").append(CSS).append("</style></head><body>\n");
        sb.append("<h1>Lamina conformance report</h1>\n");
        for (String b : report.backends()) {
            sb.append("<p class=\"summary ").append(report.compatible(b) ? "ok" : "bad").append("\">")
                    .append(esc(report.summary(b))).append("</p>\n");
        }
        sb.append("<p class=\"meta\">").append(report.results().size()).append(" results, ")
                .append(esc(report.created().toString()))
                .append(". Each case passes when |a − b| ≤ atol + rtol·|b| for every value; a cell shows the "
                        + "cases of a rule and the largest absolute error seen.</p>\n");
        List<String> backends = report.backends();
        sb.append("<h2>Rules × backends</h2>\n<table class=\"matrix\"><tr><th>rule</th>");
        backends.forEach(b -> sb.append("<th>").append(esc(b)).append("<br><span class=\"msg\">")
                .append(esc(report.run(b).label())).append("</span></th>"));
        sb.append("</tr>\n");
        for (Rule r : report.rules()) {
            sb.append("<tr><td><code>").append(esc(r.id())).append("</code><br><span class=\"msg\">")
                    .append(esc(r.description())).append("</span></td>");
            for (String b : backends) {
                var cell = report.cell(r, b);
                if (cell.isEmpty()) {
                    sb.append("<td class=\"none\">—</td>");
                } else {
                    sb.append("<td class=\"").append(cell.get().status().label()).append("\">")
                            .append(esc(cell.get().text())).append("</td>");
                }
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n<h2>Runs</h2>\n<table class=\"runs\"><tr><th>backend</th><th>machine</th><th>device</th>"
                + "<th>kit</th><th>details</th></tr>\n");
        for (String b : backends) {
            BackendRun run = report.run(b);
            sb.append("<tr><td><code>").append(esc(b)).append("</code></td><td>").append(esc(run.machine().describe()))
                    .append("</td><td>").append(esc(run.device())).append("</td><td>").append(esc(run.kit()))
                    .append("</td><td class=\"msg\">").append(esc(String.join("; ", run.details()))).append("</td></tr>\n");
        }
        sb.append("</table>\n");
        for (String b : backends) {
            List<CaseResult> failed = report.results(b).stream().filter(r -> r.outcome() == Outcome.FAILED).toList();
            if (!failed.isEmpty()) {
                sb.append("<h2>Failures on ").append(esc(b)).append("</h2>\n<ul>\n");
                for (CaseResult r : failed) {
                    sb.append("<li><code>").append(esc(r.caseId())).append("</code> [<code>").append(esc(r.rule().id()))
                            .append("</code>] ").append(esc(r.title())).append("<br><span class=\"msg\">")
                            .append(esc(r.message())).append("</span></li>\n");
                }
                sb.append("</ul>\n");
            }
        }
        sb.append("<h2>Cases</h2>\n");
        for (String b : backends) {
            sb.append("<details><summary>").append(esc(report.summary(b))).append("</summary>\n")
                    .append("<table><tr><th>case</th><th>rule</th><th>outcome</th><th>tolerance</th>")
                    .append("<th>max abs</th><th>max rel</th><th>time</th><th>message</th></tr>\n");
            for (CaseResult r : report.results(b)) {
                sb.append("<tr><td><code>").append(esc(r.caseId())).append("</code><br>").append(esc(r.title()))
                        .append("</td><td><code>").append(esc(r.rule().id())).append("</code></td><td class=\"")
                        .append(r.outcome().label()).append("\">").append(r.outcome().label())
                        .append(r.required() ? " (required)" : "").append("</td><td>")
                        .append(r.tolerance() == null ? "" : esc(r.tolerance().describe())).append("</td><td>")
                        .append(LayerCheck.number(r.maxAbs())).append("</td><td>").append(LayerCheck.number(r.maxRel()))
                        .append("</td><td>").append(ConformanceReport.millis(r.millis())).append("</td><td class=\"msg\">")
                        .append(esc(r.message())).append("</td></tr>\n");
            }
            sb.append("</table></details>\n");
        }
        sb.append("</body></html>\n");
        return sb.toString();
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
