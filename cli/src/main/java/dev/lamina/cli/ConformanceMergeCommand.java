package dev.lamina.cli;

import dev.lamina.conformance.report.BackendRun;
import dev.lamina.conformance.report.ConformanceReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

@Command(name = "merge", mixinStandardHelpOptions = true, description = {
        "Merges conformance runs made on different machines into one rules × backends matrix, each column",
        "labelled with its machine; writes conformance.json, conformance-junit.xml, .md and .html into DIR.",
        "A backend that comes from several machines gets a column per machine (id@machine).",
        "Exits 0 when the runs could be merged, whatever their verdicts (gate with 'diff').",
        "  lamina conformance merge cpu/conformance.json blas/conformance.json --report merged"})
final class ConformanceMergeCommand extends ReportFilesCommand {
    @Parameters(arity = "1..*", paramLabel = "RUN.json",
            description = "Reports written by 'lamina conformance' or the kit (a file, or a directory holding conformance.json).")
    List<Path> runs;

    @Option(names = "--report", paramLabel = "DIR", required = true, description = "Where to write the merged report.")
    Path report;

    @Override
    public void run() {
        PrintWriter out = out();
        List<ConformanceReport> reports = runs.stream().map(this::read).toList();
        ConformanceReport merged;
        try {
            merged = ConformanceReport.merge(reports);
        } catch (IllegalArgumentException e) {
            throw new UsageException("cannot merge " + runs + ": " + e.getMessage());
        }
        out.println(ConformanceCommand.matrix(merged));
        for (BackendRun run : merged.runs()) {
            out.println(run.backend() + ": " + run.machine().describe()
                    + (run.device().isEmpty() ? "" : "; device " + run.device()) + " (kit " + run.kit() + ")");
        }
        out.println(merged.summary());
        List<Path> written = merged.writeTo(report);
        out.println("report: " + String.join(", ", written.stream().map(Path::toString).toList()));
    }
}
