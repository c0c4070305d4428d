package dev.lamina.cli;

import dev.lamina.conformance.report.ConformanceReport;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the commands that work on written conformance reports (merge, diff) share: no backend, only files. */
abstract class ReportFilesCommand implements Runnable {
    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /**
     * A report file, or the {@code conformance.json} in a report directory; says on stderr when it held
     * results of rules this kit does not know (a newer kit's), which are left out.
     */
    ConformanceReport read(Path p) {
        Path file = Files.isDirectory(p) ? p.resolve(ConformanceReport.JSON_FILE) : p;
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + ": no such file" + (Files.isDirectory(p) ? " (is " + p + " a report directory?)" : ""));
        }
        ConformanceReport r = ConformanceReport.read(file);
        if (!r.unknownRules().isEmpty()) {
            spec.commandLine().getErr().println("lamina: " + file + ": left out the results of rules this kit does not know"
                    + " (a newer kit's report?): " + String.join(", ", r.unknownRules().entrySet().stream()
                    .map(e -> e.getKey() + " ×" + e.getValue()).toList()));
        }
        return r;
    }
}
