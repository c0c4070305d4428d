package dev.lamina.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostLineTest {
    private static final String ZEN5 = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel\t\t: 2\n"
            + "model name\t: AMD EPYC\nstepping\t: 1\n\nprocessor\t: 1\ncpu family\t: 99\nmodel\t\t: 98\n"
            + "model name\t: other\n";

    @Test
    void namesTheCpuItsFamilyAndModelTheProcessorsJavaAndAForcedOpenBlasCore() {
        assertEquals("lamina bench: host AMD EPYC (family 26 model 2), 2 processors, Java 17.0.15,"
                + " OPENBLAS_CORETYPE=Haswell", HostLine.of(ZEN5, "amd64", 2, "17.0.15", " Haswell "));
        assertEquals("lamina bench: host AMD EPYC (family 26 model 2), 1 processor, Java 21",
                HostLine.of(ZEN5, "amd64", 1, "21", "  "));
    }

    @Test
    void withoutCpuinfoItNamesTheArchitecture() {
        assertEquals("lamina bench: host aarch64, 8 processors, Java 17", HostLine.of("", "aarch64", 8, "17", null));
        // an arm64 cpuinfo has no model name: the architecture, and no family
        assertEquals("lamina bench: host aarch64, 4 processors, Java 17",
                HostLine.of("processor\t: 0\nBogoMIPS\t: 50.00\nCPU part\t: 0xd0c\n", "aarch64", 4, "17", null));
    }

    @Test
    void hereDescribesThisJvm() {
        String line = HostLine.here();
        assertTrue(line.startsWith("lamina bench: host "), line);
        assertTrue(line.contains("Java " + System.getProperty("java.version")), line);
        assertTrue(line.contains(Runtime.getRuntime().availableProcessors() + " processor"), line);
    }
}
