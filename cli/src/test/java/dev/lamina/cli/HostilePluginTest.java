package dev.lamina.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static dev.lamina.cli.CliTest.lamina;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A --plugin jar whose providers throw in static initialisers, return a null id or hang in probe(): the
 * command lists each with its reason and goes on with the backends that work (issue 15).
 */
class HostilePluginTest {
    private String before;

    @BeforeEach
    void shortProbeTimeout() {
        before = System.getProperty("lamina.probe.timeout");
        System.setProperty("lamina.probe.timeout", "1");
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty("lamina.probe.timeout");
        } else {
            System.setProperty("lamina.probe.timeout", before);
        }
    }

    @Test
    void backendsListsEachHostileProviderWithItsReason(@TempDir Path dir) throws IOException {
        CliTest.Result r = lamina("backends", "--plugin", hostileJar(dir).toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("cannot find libvendor.so"), r.out());
        assertTrue(r.out().contains("id() returned null"), r.out());
        assertTrue(r.out().matches("(?s).*hanging +1000 +unavailable +probe did not answer within 1 s.*"), r.out());
        assertTrue(r.out().contains("selected: "), r.out());
    }

    @Test
    void runChoosesAWorkingBackendPastThem(@TempDir Path dir) throws IOException {
        CliTest.Result r = lamina("run", "notebook", "--plugin", hostileJar(dir).toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("sigmoid2"), r.out());
    }

    @Test
    void askingForTheHangingOneIsABadInputWithTheReason(@TempDir Path dir) throws IOException {
        CliTest.Result r = lamina("run", "notebook", "--backend", "hanging", "--plugin", hostileJar(dir).toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("backend hanging (requested by --backend) is unavailable: probe did not answer"
                + " within 1 s"), r.err());
    }

    private static Path hostileJar(Path dir) throws IOException {
        Path jar = dir.resolve("hostile.jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os)) {
            j.putNextEntry(new JarEntry("META-INF/services/dev.lamina.spi.BackendProvider"));
            String names = HostilePlugins.BrokenInit.class.getName() + "\n" + HostilePlugins.NullId.class.getName()
                    + "\n" + HostilePlugins.HangingProbe.class.getName() + "\n";
            j.write(names.getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
        return jar;
    }
}
