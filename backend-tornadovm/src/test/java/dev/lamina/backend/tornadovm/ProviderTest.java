package dev.lamina.backend.tornadovm;

import dev.lamina.core.BackendRegistry;
import dev.lamina.core.BackendStatus;
import dev.lamina.spi.Availability;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The provider on a JVM without TornadoVM: it loads, lists itself and says exactly why it cannot run. */
class ProviderTest {
    private static final boolean TORNADOVM = ModuleLayer.boot().findModule("tornado.runtime").isPresent();

    @Test
    void describesItself() {
        TornadoVmBackendProvider p = new TornadoVmBackendProvider();
        assertEquals("tornadovm", p.id());
        assertEquals(30, p.priority());
        assertTrue(p.description().startsWith("TornadoVM"), p.description());
    }

    @Test
    void reasonsInTheOrderTheyAreChecked() {
        assertEquals("needs Java \u2265 25 (TornadoVM 5.2.0-jdk25), this is Java 17",
                TornadoVmBackendProvider.missingPrerequisite(17, true));
        String noRuntime = TornadoVmBackendProvider.missingPrerequisite(25, false);
        assertTrue(noRuntime.startsWith("no TornadoVM runtime on this JVM"), noRuntime);
        assertTrue(noRuntime.contains("java @$TORNADOVM_HOME/tornado-argfile"), noRuntime);
        assertNull(TornadoVmBackendProvider.missingPrerequisite(26, true));
    }

    @Test
    void withoutTornadoVmItIsListedAsUnavailableWithTheReason() {
        assumeTrue(!TORNADOVM, "this JVM runs TornadoVM");
        TornadoVmBackendProvider p = new TornadoVmBackendProvider();
        Availability a = p.probe();
        assertFalse(a.available());
        assertTrue(a.reason().startsWith("no TornadoVM runtime on this JVM"), a.reason());
        assertEquals(List.of(), p.details());
        IllegalStateException e = assertThrows(IllegalStateException.class, p::create);
        assertTrue(e.getMessage().contains("no TornadoVM runtime"), e.getMessage());

        BackendStatus status = BackendRegistry.discover(getClass().getClassLoader()).statuses().stream()
                .filter(s -> s.id().equals("tornadovm")).findFirst().orElseThrow();
        assertFalse(status.available());
        assertEquals(a.reason(), status.reason());
        assertEquals(TornadoVmBackendProvider.class.getName(), status.source());
    }

    @Test
    void theProviderIsJava17ByteCodeAndTheRestJava25() throws IOException {
        assertEquals(61, majorVersion(TornadoVmBackendProvider.class));
        assertEquals(61, majorVersion(RuntimeBridge.class));
        assertEquals(69, majorVersion(TornadoVmRuntime.class));
        assertEquals(69, majorVersion(Kernels.class));
    }

    /**
     * The real thing: a Java 17 JVM loads the provider through the service loader and gets the reason. Runs
     * where a Java 17 is found ({@code JAVA17_HOME}, or the usual Debian and Temurin places).
     */
    @Test
    void onJava17TheProviderLoadsAndSaysWhy() throws Exception {
        Path java17 = findJava17();
        assumeTrue(java17 != null, "no Java 17 found (set JAVA17_HOME)");
        Path dir = Files.createTempDirectory("lamina-java17");
        Path source = dir.resolve("Probe17.java");
        Files.writeString(source, """
                import dev.lamina.spi.BackendProvider;
                import java.util.ServiceLoader;
                public class Probe17 {
                    public static void main(String[] args) {
                        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
                            System.out.println(p.id() + " " + p.priority() + " " + p.probe());
                        }
                    }
                }
                """);
        String classpath = String.join(java.io.File.pathSeparator, codeSourceOf(TornadoVmBackendProvider.class),
                codeSourceOf(Availability.class));
        Process process = new ProcessBuilder(java17.toString(), "-cp", classpath, source.toString())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        assertTrue(out.contains("tornadovm 30 Availability[available=false, reason=needs Java \u2265 25"
                + " (TornadoVM 5.2.0-jdk25), this is Java 17, priority=OptionalInt.empty]"), out);
    }

    private static Path findJava17() {
        List<String> homes = new ArrayList<>();
        String env = System.getenv("JAVA17_HOME");
        if (env != null) {
            homes.add(env);
        }
        homes.add("/usr/lib/jvm/java-17-openjdk-amd64");
        homes.add("/usr/lib/jvm/temurin-17-jdk-amd64");
        homes.add("/usr/lib/jvm/java-17-openjdk");
        for (String h : homes) {
            Path java = Path.of(h, "bin", "java");
            if (Files.isExecutable(java)) {
                return java;
            }
        }
        return null;
    }

    private static String codeSourceOf(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static int majorVersion(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            DataInputStream data = new DataInputStream(in);
            data.readInt();
            data.readUnsignedShort();
            return data.readUnsignedShort();
        }
    }
}
