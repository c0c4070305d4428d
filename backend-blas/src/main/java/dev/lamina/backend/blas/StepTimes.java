package dev.lamina.backend.blas;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a plan's time goes, step by step, when {@code -Dlamina.blas.stepTimes=true} is set as the plan is
 * built ({@link #PROPERTY}): the nanoseconds each step of a step list spent, summed over the threads that ran
 * it, and the calls that ran the list. The plan logs the table when it is closed ({@link #report}); with the
 * switch off there is no instance and the run loop times nothing.
 *
 * <p>A step's time is its own {@code run}: for a batch split into parts it is the sum over the parts (thread
 * time, not wall time); for a batch of one that a step splits across threads it is the caller's wall time for
 * the step, hand-offs and waits included. {@link System#nanoTime()} costs a few tens of nanoseconds per step,
 * which the times include.
 */
final class StepTimes {
    /** The switch, read when a plan is built. */
    static final String PROPERTY = "lamina.blas.stepTimes";

    /** The timings of one step list, in its order. */
    static final class Track {
        private final List<String> names;
        private final LongAdder[] nanos;
        private final LongAdder calls = new LongAdder();

        Track(List<String> names) {
            this.names = List.copyOf(names);
            nanos = new LongAdder[names.size()];
            for (int i = 0; i < nanos.length; i++) {
                nanos[i] = new LongAdder();
            }
        }

        /** Step {@code i} ran for {@code ns} nanoseconds. */
        void add(int i, long ns) {
            nanos[i].add(ns);
        }

        /** One more call ran this list. */
        void call() {
            calls.increment();
        }

        long calls() {
            return calls.sum();
        }

        /** Mean nanoseconds per call of step {@code i} (0 before the first call). */
        double meanNanos(int i) {
            long c = calls.sum();
            return c == 0 ? 0 : (double) nanos[i].sum() / c;
        }

        int size() {
            return names.size();
        }

        String name(int i) {
            return names.get(i);
        }
    }

    private final Track fused;
    private final Track plain;

    /** Timings for the fused list (named by the chains each step runs) and the plain one (one step per node). */
    StepTimes(List<String> fusedNames, List<String> plainNames) {
        fused = new Track(fusedNames);
        plain = new Track(plainNames);
    }

    /** The switch as set now: an instance to time a plan with, or null. */
    static StepTimes ifEnabled(List<String> fusedNames, List<String> plainNames) {
        return Boolean.getBoolean(PROPERTY) ? new StepTimes(fusedNames, plainNames) : null;
    }

    Track fused() {
        return fused;
    }

    Track plain() {
        return plain;
    }

    /**
     * The table of each list that ran: per step its mean time per call in ms and its share of the list's total,
     * then the total; for {@code plan} (described in the first line).
     */
    String report(String plan) {
        List<String> lines = new ArrayList<>();
        lines.add("blas step times, plan of " + plan + " (mean per call; thread time summed over parts):");
        for (Track t : new Track[] {fused, plain}) {
            long calls = t.calls();
            if (calls == 0) {
                continue;
            }
            double total = 0;
            for (int i = 0; i < t.size(); i++) {
                total += t.meanNanos(i);
            }
            lines.add(String.format(Locale.ROOT, "  %s steps, %d calls:", t == fused ? "fused" : "plain", calls));
            for (int i = 0; i < t.size(); i++) {
                double ns = t.meanNanos(i);
                lines.add(String.format(Locale.ROOT, "  %9.3f ms %5.1f %%  %s", ns / 1e6,
                        total == 0 ? 0 : 100 * ns / total, t.name(i)));
            }
            lines.add(String.format(Locale.ROOT, "  %9.3f ms total", total / 1e6));
        }
        return String.join(System.lineSeparator(), lines);
    }
}
