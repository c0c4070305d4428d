package dev.lamina.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One line saying what machine a bench ran on, printed on stderr before the table: the CPU as the OS names
 * it (model name, and on x86 its family and model, which tell Zen 4 from Zen 5), the processors this JVM
 * sees, the Java version, and {@code OPENBLAS_CORETYPE} when the environment sets it — a table pasted
 * without it once compared blas on OpenBLAS's 256-bit kernels with ONNX Runtime on its 512-bit ones.
 */
final class HostLine {
    private HostLine() {
    }

    /** The line for this machine; {@code /proc/cpuinfo} where there is one, else the OS's architecture. */
    static String here() {
        String cpuinfo = "";
        try {
            Path p = Path.of("/proc/cpuinfo");
            if (Files.isReadable(p)) {
                cpuinfo = Files.readString(p);
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: the architecture stands in for the CPU's name
        }
        return of(cpuinfo, System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getenv("OPENBLAS_CORETYPE"));
    }

    /**
     * The line from its parts: the first processor's {@code model name}, {@code cpu family} and {@code model}
     * fields of {@code cpuinfo} (any of them may be missing; none: {@code arch}), and {@code coretype} when
     * not blank.
     */
    static String of(String cpuinfo, String arch, int processors, String javaVersion, String coretype) {
        String name = field(cpuinfo, "model name");
        String family = field(cpuinfo, "cpu family");
        String model = field(cpuinfo, "model");
        StringBuilder sb = new StringBuilder("lamina bench: host ");
        sb.append(name != null ? name : arch);
        if (family != null && model != null) {
            sb.append(" (family ").append(family).append(" model ").append(model).append(')');
        }
        sb.append(", ").append(processors).append(processors == 1 ? " processor" : " processors");
        sb.append(", Java ").append(javaVersion);
        if (coretype != null && !coretype.isBlank()) {
            sb.append(", OPENBLAS_CORETYPE=").append(coretype.trim());
        }
        return sb.toString();
    }

    /** The value of {@code key} in the first block of {@code cpuinfo} ({@code key\t: value}), or null. */
    private static String field(String cpuinfo, String key) {
        for (String line : cpuinfo.split("\n", -1)) {
            if (line.isBlank()) {
                break; // the first processor's block only
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                String v = line.substring(colon + 1).trim();
                return v.isEmpty() ? null : v;
            }
        }
        return null;
    }
}
