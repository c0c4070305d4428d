package dev.lamina.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.lamina.core.BackendConfig;
import dev.lamina.core.BackendRegistry;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code lamina} command is an application wired by Guice: its commands get what the injector binds. */
class WiringTest {
    private static String[] run(Injector injector, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(injector, args, new PrintWriter(out), new PrintWriter(err));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void theCommandsUseTheInjectedRegistryAndSettings() {
        // Only the test plugin's backend, and settings that ask for it: nothing from the class path or the JVM.
        BackendRegistry registry = BackendRegistry.of(List.of(new PluginProvider()));
        Injector injector = Guice.createInjector(new CliModule(registry, BackendConfig.fromEnvironment()
                .withRequested("leaky", "the test's settings")));
        String[] backends = run(injector, "backends");
        assertEquals("0", backends[0], backends[2]);
        assertTrue(backends[1].contains("leaky"), backends[1]);
        assertTrue(!backends[1].contains("cpu "), "the class path's backends are not consulted: " + backends[1]);
        assertTrue(backends[1].contains("selected: leaky — requested by the test's settings"), backends[1]);

        String[] summary = run(injector, "run", "notebook");
        assertEquals("0", summary[0], summary[2]);
        assertTrue(summary[1].lines().anyMatch(l -> l.startsWith("conv1 (Conv2D)") && l.endsWith("leaky")), summary[1]);
    }

    @Test
    void commandsAndTheirSharedOptionsComeFromTheInjector() throws Exception {
        BackendRegistry registry = BackendRegistry.of(List.of(new PluginProvider()));
        Injector injector = Guice.createInjector(new CliModule(registry, BackendConfig.fromEnvironment()));
        CliModule.Factory factory = new CliModule.Factory(injector);
        CommonOptions common = factory.create(CommonOptions.class);
        assertSame(registry, common.registry());
        assertSame(injector.getInstance(Backends.class), common.backends);
        // picocli's own types still come from its default factory
        assertEquals(java.util.ArrayList.class, factory.create(java.util.List.class).getClass());
    }

    @Test
    void backendsShowsALoweredPriorityAndWhyTheChosenOneWon() {
        dev.lamina.spi.BackendProvider slow = new dev.lamina.spi.BackendProvider() {
            @Override
            public String id() {
                return "slow";
            }

            @Override
            public int priority() {
                return 30;
            }

            @Override
            public dev.lamina.spi.Availability probe() {
                return dev.lamina.spi.Availability.available("on a CPU device", 5);
            }

            @Override
            public dev.lamina.spi.Backend create() {
                return new dev.lamina.conformance.reference.ReferenceBackend().withId("slow");
            }
        };
        BackendRegistry registry = BackendRegistry.of(List.of(slow, new dev.lamina.backend.cpu.CpuBackendProvider()));
        Injector injector = Guice.createInjector(new CliModule(registry, new BackendConfig(java.util.Optional.empty(),
                "", java.util.Optional.empty())));
        String[] r = run(injector, "backends");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].lines().anyMatch(l -> l.matches("\\s+slow\\s+5 \\(30\\)\\s+available\\s+on a CPU device.*")), r[1]);
        assertTrue(r[1].contains("selected: cpu — highest priority available (priority 10; slow lowered from 30 to 5:"
                + " on a CPU device; set -Dlamina.backend to choose)"), r[1]);
    }
}
