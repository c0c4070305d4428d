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

    /** A report file, or the {@code conformance.json} in a report directory. */
    static ConformanceReport read(Path p) {
        Path file = Files.isDirectory(p) ? p.resolve(ConformanceReport.JSON_FILE) : p;
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + ": no such file" + (Files.isDirectory(p) ? " (is " + p + " a report directory?)" : ""));
        }
        return ConformanceReport.read(file);
    }
}
