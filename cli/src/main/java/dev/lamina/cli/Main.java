package dev.lamina.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.lamina.core.BackendException;
import dev.lamina.core.ModelException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Arrays;

/**
 * The {@code lamina} command. Exit codes: 0 success, 2 usage or bad input (a bad model, file, backend id or
 * input), 1 any other failure. Errors are one line on stderr; {@code --verbose} adds the stack trace.
 */
@Command(name = "lamina", mixinStandardHelpOptions = true, version = "lamina 0.1.0",
        description = "Runs convolutional networks on pluggable backends.",
        subcommands = {RunCommand.class, ConvertCommand.class, SummaryCommand.class, InspectCommand.class, BackendsCommand.class,
                ConformanceCommand.class, CompareCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static final int BAD_INPUT = 2;
    static final int FAILURE = 1;

    /** Held so the level set on it sticks (java.util.logging keeps loggers weakly). */
    private static final java.util.logging.Logger LAMINA_LOG = java.util.logging.Logger.getLogger("dev.lamina");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "say what to do: run, convert, summary, inspect, backends, conformance, compare, bench");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line, wired by {@link CliModule}, and returns its exit code; the tests call this. */
    static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(Guice.createInjector(new CliModule()), args, out, err);
    }

    /** Runs a command line with commands created by this injector. */
    static int execute(Injector injector, String[] args, PrintWriter out, PrintWriter err) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        // The command prints what it chose; the library's INFO lines (backend choice, kit reports) only
        // with --verbose.
        LAMINA_LOG.setLevel(verbose ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
        CommandLine cl = new CommandLine(Main.class, new CliModule.Factory(injector));
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("lamina: " + ex.getMessage());
            err.println("Try 'lamina " + commandPath(ex.getCommandLine()) + " --help'.");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println("lamina: " + oneLine(ex));
            if (verbose) {
                ex.printStackTrace(err);
            }
            return isBadInput(ex) ? BAD_INPUT : FAILURE;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String commandPath(CommandLine cl) {
        String name = cl.getCommandSpec().qualifiedName(" ");
        return name.startsWith("lamina ") ? name.substring(7) : "";
    }

    static boolean isBadInput(Throwable ex) {
        return ex instanceof ModelException || ex instanceof BackendException || ex instanceof UsageException
                || ex instanceof IllegalArgumentException;
    }

    static String oneLine(Throwable ex) {
        String msg = ex.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = ex.getClass().getSimpleName();
        } else if (!isBadInput(ex) && !(ex instanceof CommandFailure)) {
            msg = ex.getClass().getSimpleName() + ": " + msg;
        }
        return msg.replace('\n', ' ');
    }
}
