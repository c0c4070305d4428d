package dev.lamina.backend.blas;

import dev.lamina.core.BackendRegistry;
import dev.lamina.core.BackendStatus;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the native library cannot load, blas is listed as unavailable with the loader's reason, and nothing
 * else breaks. A child JVM pretends to be another platform, for which no native jar is on the class path.
 */
class UnavailableTest {
    /** Runs in the child JVM. */
    public static void main(String[] args) {
        BackendRegistry r = BackendRegistry.discover(null);
        for (BackendStatus s : r.statuses()) {
            System.out.println("STATUS " + s.id() + " " + s.available() + " " + s.reason());
        }
        System.out.println("CONSTRUCTED " + new BlasBackendProvider().id());
    }

    @Test
    void anotherPlatformIsReportedUnavailableWithTheLoadersReason() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(java, "-Dorg.bytedeco.javacpp.platform=android-arm",
                "-cp", System.getProperty("java.class.path"), UnavailableTest.class.getName())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        String line = out.lines().filter(l -> l.startsWith("STATUS blas ")).findFirst().orElseThrow(() ->
                new AssertionError(out));
        assertTrue(line.startsWith("STATUS blas false "), line);
        assertTrue(line.contains("cannot load OpenBLAS") && line.contains("android-arm"), line);
        assertTrue(out.contains("CONSTRUCTED blas"), out);
    }

    @Test
    void providerConstructionLoadsNothing() {
        BlasBackendProvider p = new BlasBackendProvider();
        assertEquals("blas", p.id());
        assertEquals(20, p.priority());
        assertFalse(p.description().isBlank());
        assertTrue(List.of(p.getClass().getDeclaredFields()).stream()
                .noneMatch(f -> java.lang.reflect.Modifier.isStatic(f.getModifiers()) && !f.getName().equals("ID")));
    }
}
