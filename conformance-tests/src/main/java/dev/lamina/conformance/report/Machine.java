package dev.lamina.conformance.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The machine a conformance run was made on, as a report records it, so that runs from different CI runners
 * can be told apart in one matrix. Empty strings (and 0 cores) stand for what is not known, e.g. in a
 * {@code lamina-conformance/1} file, which recorded only one line of environment.
 *
 * @param name  what the machine is called: {@code -Dlamina.conformance.machine}, else the environment
 *              variable {@code LAMINA_MACHINE} (a CI job sets it to the runner's kind), else the host name
 * @param os    operating system name and version, e.g. {@code Linux 6.1.0-18-amd64}
 * @param arch  the JVM's {@code os.arch}, e.g. {@code amd64}, {@code aarch64}
 * @param cpu   the CPU model from {@code /proc/cpuinfo} when there is one, e.g. {@code AMD EPYC 7763 64-Core
 *              Processor}
 * @param cores the processors available to the JVM
 * @param jvm   the Java runtime, e.g. {@code Java 17.0.15+6 (OpenJDK 64-Bit Server VM, Eclipse Adoptium)}
 */
public record Machine(String name, String os, String arch, String cpu, int cores, String jvm) {
    /** The system property that names the machine in reports. */
    public static final String PROPERTY = "lamina.conformance.machine";
    /** The environment variable that names the machine when the property is not set. */
    public static final String ENVIRONMENT = "LAMINA_MACHINE";

    private static volatile Machine local;

    public Machine {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(jvm, "jvm");
        if (cores < 0) {
            throw new IllegalArgumentException("cores must be ≥ 0, got " + cores);
        }
    }

    /** This machine, looked at once per JVM. */
    public static Machine local() {
        Machine m = local;
        if (m == null) {
            m = new Machine(localName(), System.getProperty("os.name", "") + " " + System.getProperty("os.version", ""),
                    System.getProperty("os.arch", ""), localCpu(), Runtime.getRuntime().availableProcessors(),
                    "Java " + System.getProperty("java.runtime.version", System.getProperty("java.version", "")) + " ("
                            + System.getProperty("java.vm.name", "") + ", " + System.getProperty("java.vm.vendor", "") + ")");
            local = m;
        }
        return m;
    }

    /** A machine known only by the one line a {@code lamina-conformance/1} file recorded. */
    static Machine fromEnvironmentLine(String environment) {
        return new Machine("", environment, "", "", 0, "");
    }

    /** {@code runner-a: AMD EPYC 7763, Linux 6.1 amd64, 4 cores, Java 17.0.15 (…)}, leaving out what is unknown. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (String s : List.of(cpu, (os + " " + arch).trim(), cores > 0 ? cores + " cores" : "", jvm)) {
            if (!s.isBlank()) {
                parts.add(s);
            }
        }
        String facts = String.join(", ", parts);
        return name.isEmpty() ? facts : facts.isEmpty() ? name : name + ": " + facts;
    }

    /** Short, for a column header: {@code runner-a (AMD EPYC 7763, amd64)}; {@link #describe()} has it all. */
    public String label() {
        String facts = String.join(", ", java.util.stream.Stream.of(cpu, arch).filter(s -> !s.isBlank()).toList());
        if (name.isEmpty()) {
            return facts.isEmpty() ? describe() : facts;
        }
        return facts.isEmpty() ? name : name + " (" + facts + ")";
    }

    private static String localName() {
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isBlank()) {
            return p.trim();
        }
        for (String var : List.of(ENVIRONMENT, "HOSTNAME", "COMPUTERNAME")) {
            String v = System.getenv(var);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        try {
            return Files.readString(Path.of("/etc/hostname"), StandardCharsets.UTF_8).trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String localCpu() {
        Path info = Path.of("/proc/cpuinfo");
        if (Files.isReadable(info)) {
            try {
                return cpuModel(Files.readAllLines(info, StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                return "";
            }
        }
        String windows = System.getenv("PROCESSOR_IDENTIFIER");
        return windows == null ? "" : windows.trim();
    }

    /**
     * The CPU model in the lines of {@code /proc/cpuinfo}: {@code model name} (x86, most ARM kernels), else
     * {@code Hardware} or {@code Model} (some ARM boards), else {@code cpu model} (MIPS) or {@code cpu}
     * (POWER); empty when none is there. Runs of blanks are collapsed.
     */
    static String cpuModel(List<String> cpuinfo) {
        for (String key : List.of("model name", "model", "hardware", "cpu model", "cpu")) {
            for (String line : cpuinfo) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(key)) {
                    String value = line.substring(colon + 1).trim().replaceAll("\\s+", " ");
                    if (!value.isEmpty() && !value.chars().allMatch(Character::isDigit)) {
                        return value;
                    }
                }
            }
        }
        return "";
    }
}
