package dev.lamina.backend.blas;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a plan's time goes, step by step, when {@code -Dlamina.blas.stepTimes=true} is set as the plan is
 * built ({@link #PROPERTY}): the nanoseconds each step of a step list spent, summed over the threads that ran
 * it, and the calls that ran the list; the means cover the later half of the calls or more, leaving the JIT's
 * warm-up out ({@link Track#measuredCalls}). The plan logs the table when it is closed ({@link #report}); with
 * the switch off there is no instance and the run loop times nothing.
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
        /** {@code marks[k]}: each step's nanoseconds when call {@code 2^k} ended (null before it). */
        private final long[][] marks = new long[63][];

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

        /** One more call ran this list; at call 1, 2, 4, 8 … the sums so far are kept, to leave warm-up out. */
        void call() {
            calls.increment();
            long c = calls.sum();
            if (Long.bitCount(c) == 1) {
                long[] m = new long[nanos.length];
                for (int i = 0; i < m.length; i++) {
                    m[i] = nanos[i].sum();
                }
                marks[Long.numberOfTrailingZeros(c)] = m;
            }
        }

        long calls() {
            return calls.sum();
        }

        /**
         * The calls the means cover: the later half or more of them — those after call {@code 2^k}, the largest
         * power of two at most half the calls — so the JIT's first, slow calls are left out (all of them for
         * fewer than two calls). With several callers at once the split is approximate.
         */
        long measuredCalls() {
            long c = calls.sum();
            return c < 2 ? c : c - Long.highestOneBit(c / 2);
        }

        /** Mean nanoseconds per measured call of step {@code i} (0 before the first call). */
        double meanNanos(int i) {
            long c = calls.sum();
            if (c == 0) {
                return 0;
            }
            if (c < 2) {
                return nanos[i].sum();
            }
            long skip = Long.highestOneBit(c / 2);
            long[] m = marks[Long.numberOfTrailingZeros(skip)];
            return (double) (nanos[i].sum() - m[i]) / (c - skip);
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
        lines.add("blas step times, plan of " + plan + " (mean per call, warm-up left out; thread time summed over parts):");
        for (Track t : new Track[] {fused, plain}) {
            long calls = t.calls();
            if (calls == 0) {
                continue;
            }
            double total = 0;
            for (int i = 0; i < t.size(); i++) {
                total += t.meanNanos(i);
            }
            lines.add(String.format(Locale.ROOT, "  %s steps, %d calls, the last %d measured:",
                    t == fused ? "fused" : "plain", calls, t.measuredCalls()));
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
