package dev.lamina.cli;

import dev.lamina.conformance.report.ConformanceReport;
import dev.lamina.conformance.report.RunDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;

@Command(name = "diff", mixinStandardHelpOptions = true, description = {
        "Compares a conformance run with a baseline (e.g. the last main build's merged report), case by case",
        "for every backend column in both. Exits 1 on a regression (a case that passed now fails or became",
        "unsupported, or any case that did not fail now fails) or a new failing case, naming the rules; lists",
        "error drift (a passing case whose max error grew more than 10×, or crossed half its tolerance), fixes,",
        "and cases or backends added or missing, which never fail it.",
        "  lamina conformance diff --baseline main/conformance.json merged/conformance.json"})
final class ConformanceDiffCommand extends ReportFilesCommand {
    @Option(names = "--baseline", paramLabel = "OLD.json", required = true,
            description = "The report to compare with (a file, or a directory holding conformance.json).")
    Path baseline;

    @Parameters(arity = "1", paramLabel = "NEW.json", description = "The new report (a file or a report directory).")
    Path current;

    @Override
    public void run() {
        PrintWriter out = out();
        ConformanceReport old = read(baseline);
        ConformanceReport now = read(current);
        RunDiff d = now.diffFrom(old);
        out.println(d.describe());
        if (d.regressed()) {
            throw new Regression(d);
        }
    }

    /** A regression against the baseline: exit code 1; the summary names the rules. */
    static final class Regression extends CommandFailure {
        Regression(RunDiff d) {
            super("regression against the baseline: " + d.summary());
        }
    }
}
