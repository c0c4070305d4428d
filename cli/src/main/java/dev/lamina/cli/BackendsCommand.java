package dev.lamina.cli;

import dev.lamina.core.BackendException;
import dev.lamina.core.BackendRegistry;
import dev.lamina.core.BackendStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;

@Command(name = "backends", mixinStandardHelpOptions = true, description = "Lists every backend found: id, priority "
        + "(with the declared one in brackets when the probe lowered it), available or why not, and which one is "
        + "selected and why.")
final class BackendsCommand implements Runnable {
    @Mixin
    CommonOptions common;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        BackendRegistry r = common.registry();
        List<BackendStatus> all = r.statuses();
        String selected;
        String why;
        try {
            BackendRegistry.Selection s = r.select(common.config());
            selected = s.id();
            why = s.reason();
        } catch (BackendException e) {
            selected = null;
            why = e.getMessage();
        }
        out.printf("%-3s %-12s %-9s %-12s %s%n", "", "ID", "PRIORITY", "STATUS", "DETAILS");
        for (BackendStatus s : all) {
            out.printf("%-3s %-12s %-9s %-12s %s%n", s.id().equals(selected) ? "*" : "", s.id(),
                    s.priority() == Integer.MIN_VALUE ? "-"
                            : s.priority() + (s.lowered() ? " (" + s.declaredPriority() + ")" : ""),
                    s.available() ? "available" : "unavailable", s.reason() + " — " + s.description());
            for (String d : s.details()) {
                out.printf("%-3s %-12s %s%n", "", "", d);
            }
        }
        out.println(selected == null ? "selected: none — " + why : "selected: " + selected + " — " + why);
        if (selected == null) {
            throw new BackendException(why);
        }
    }
}
