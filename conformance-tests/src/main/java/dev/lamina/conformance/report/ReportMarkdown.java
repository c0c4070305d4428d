package dev.lamina.conformance.report;

import dev.lamina.conformance.cases.LayerCheck;
import dev.lamina.conformance.cases.Rule;

import java.util.List;

/** The report as GitHub-flavoured Markdown: summary, rules × backends matrix, failures, every case. */
final class ReportMarkdown {
    private ReportMarkdown() {
    }

    static String render(ConformanceReport report) {
        StringBuilder sb = new StringBuilder(32 * 1024);
        sb.append("# Lamina conformance report\n\n");
        for (String b : report.backends()) {
            sb.append("- **").append(report.summary(b)).append("**\n");
        }
        sb.append("\n").append(report.results().size()).append(" results, ").append(report.created())
                .append(".\n\n");
        sb.append("Tolerance: |a − b| ≤ atol + rtol·|b| per case (see each case); \"max err\" is the largest "
                + "absolute error seen.\n\n");
        List<String> backends = report.backends();
        sb.append("## Runs\n\n| backend | machine | device | kit | details |\n|---|---|---|---|---|\n");
        for (String b : backends) {
            BackendRun run = report.run(b);
            sb.append("| ").append(cell(b)).append(" | ").append(cell(run.machine().describe())).append(" | ")
                    .append(cell(run.device())).append(" | ").append(cell(run.kit())).append(" | ")
                    .append(cell(String.join("; ", run.details()))).append(" |\n");
        }
        sb.append("\n## Rules × backends\n\n| rule |");
        backends.forEach(b -> sb.append(" **").append(cell(b)).append("**<br><sub>")
                .append(cell(report.run(b).label())).append("</sub> |"));
        sb.append("\n|---|");
        backends.forEach(b -> sb.append("---|"));
        sb.append('\n');
        for (Rule r : report.rules()) {
            sb.append("| `").append(r.id()).append("` ").append(cell(r.description())).append(" |");
            for (String b : backends) {
                sb.append(' ').append(report.cell(r, b).map(c -> icon(c.status()) + " " + c.text()).orElse("—"))
                        .append(" |");
            }
            sb.append('\n');
        }
        boolean anyFailure = report.results().stream().anyMatch(r -> r.outcome() == Outcome.FAILED);
        if (anyFailure) {
            sb.append("\n## Failures\n");
            for (String b : backends) {
                List<CaseResult> failed = report.results(b).stream()
                        .filter(r -> r.outcome() == Outcome.FAILED).toList();
                if (failed.isEmpty()) {
                    continue;
                }
                sb.append("\n### ").append(b).append("\n\n");
                for (CaseResult r : failed) {
                    sb.append("- `").append(r.caseId()).append("` [").append(r.rule().id()).append("] ")
                            .append(r.title()).append(": ").append(r.message()).append('\n');
                }
            }
        }
        sb.append("\n## Cases\n");
        for (String b : backends) {
            sb.append("\n### ").append(b).append("\n\n| case | rule | outcome | tolerance | max abs | max rel | time | message |\n")
                    .append("|---|---|---|---|---|---|---|---|\n");
            for (CaseResult r : report.results(b)) {
                sb.append("| `").append(r.caseId()).append("` ").append(cell(r.title()))
                        .append(" | `").append(r.rule().id()).append("` | ")
                        .append(icon(r.outcome())).append(' ').append(r.outcome().label())
                        .append(r.required() ? " (required)" : "")
                        .append(" | ").append(r.tolerance() == null ? "" : cell(r.tolerance().describe()))
                        .append(" | ").append(LayerCheck.number(r.maxAbs()))
                        .append(" | ").append(LayerCheck.number(r.maxRel()))
                        .append(" | ").append(ConformanceReport.millis(r.millis()))
                        .append(" | ").append(cell(r.message())).append(" |\n");
            }
        }
        return sb.toString();
    }

    static String icon(Outcome o) {
        return switch (o) {
            case PASSED -> "✅";
            case FAILED -> "❌";
            case UNSUPPORTED -> "➖";
            case SKIPPED -> "⏭️";
        };
    }

    /** Text safe inside a table cell: no pipes, no line breaks. */
    private static String cell(String s) {
        return s.replace("|", "\\|").replace("<", "&lt;").replace("\r", " ").replace("\n", " ");
    }
}
