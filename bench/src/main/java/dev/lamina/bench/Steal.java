package dev.lamina.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The CPU time a hypervisor took from this machine during a bench ({@code steal} in Linux's {@code /proc/stat}),
 * printed on stderr after the table. On a shared 2-vCPU machine (2026-12-08) a two-thread ResNet-18 run with
 * 2.5 s of its ~36 s of CPU time stolen (7 %) gave blas 1.89× ONNX Runtime where the runs around it, with
 * 0.1–0.2 s, gave 1.27–1.34×: a row measured while the host took a core away is disturbed, and the line says
 * so. Where there is no {@code /proc/stat} nothing is printed.
 *
 * @param total all CPU time so far, in clock ticks (user through steal: the first eight fields)
 * @param steal the stolen part of it
 */
record Steal(long total, long steal) {
    Steal {
        if (total < 0 || steal < 0 || steal > total) {
            throw new IllegalArgumentException("CPU times " + steal + " stolen of " + total);
        }
    }

    /** Share of CPU time stolen from which the line calls the run disturbed: 5 %. */
    static final double DISTURBED = 0.05;

    /** Clock ticks per second of {@code /proc/stat} (USER_HZ, 100 on Linux's usual builds). */
    static final int USER_HZ = 100;

    /** The counters now, or null where {@code /proc/stat} cannot be read or parsed. */
    static Steal now() {
        try {
            Path p = Path.of("/proc/stat");
            return Files.isReadable(p) ? parse(Files.readString(p)) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The aggregate {@code cpu} line of a {@code /proc/stat} text, or null when it has none or too few fields. */
    static Steal parse(String stat) {
        for (String line : stat.split("\n", -1)) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 0 && f[0].equals("cpu")) {
                if (f.length < 9) {
                    return null;
                }
                long total = 0;
                for (int i = 1; i <= 8; i++) {
                    total = Math.addExact(total, Long.parseLong(f[i]));
                }
                return new Steal(total, Long.parseLong(f[8]));
            }
        }
        return null;
    }

    /**
     * The line for the run between {@code before} and {@code after} (either null: none); ticks are counted at
     * {@code hz} per second.
     */
    static String line(Steal before, Steal after, int hz) {
        if (before == null || after == null || after.total < before.total || after.steal < before.steal) {
            return null;
        }
        long total = after.total - before.total;
        long stolen = after.steal - before.steal;
        double share = total == 0 ? 0 : (double) stolen / total;
        String warning = share < DISTURBED ? "" : String.format(Locale.ROOT,
                "; above %.0f %%, the rows may be disturbed: run again to compare", 100 * DISTURBED);
        return String.format(Locale.ROOT,
                "lamina bench: CPU time taken by the hypervisor during the run: %.1f %% (%.1f s of %.1f s)%s",
                100 * share, (double) stolen / hz, (double) total / hz, warning);
    }
}
