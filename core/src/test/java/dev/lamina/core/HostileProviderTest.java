package dev.lamina.core;

import dev.lamina.spi.Availability;
import dev.lamina.spi.BackendProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Providers that misbehave, as a --plugin jar may: each is listed with its reason, none takes Lamina down. */
class HostileProviderTest {
    private final FakeProvider cpu = FakeProvider.available("cpu", 10);

    /** A provider class whose static initialiser throws an Error (not wrapped as ExceptionInInitializerError). */
    public static final class FailingInit extends FakeProvider {
        static {
            if (Boolean.parseBoolean("true")) {
                throw new AssertionError("static init: no licence server");
            }
        }

        public FailingInit() {
            super("failing-init", 1, Availability.available("never"), Set.of());
        }
    }

    /** A provider class whose static initialiser throws an exception. */
    public static final class ThrowingInit extends FakeProvider {
        static {
            if (Boolean.parseBoolean("true")) {
                throw new IllegalStateException("static init: config missing");
            }
        }

        public ThrowingInit() {
            super("throwing-init", 1, Availability.available("never"), Set.of());
        }
    }

    @Test
    void staticInitialisersThatThrowAreListedWithTheReason(@TempDir Path dir) throws IOException {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(BackendProvider.class.getName()),
                FailingInit.class.getName() + "\n" + ThrowingInit.class.getName() + "\n", StandardCharsets.UTF_8);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            List<BackendStatus> st = BackendRegistry.discover(loader).statuses();
            BackendStatus failing = bySource(st, "FailingInit");
            assertFalse(failing.available());
            assertTrue(failing.reason().contains("AssertionError static init: no licence server")
                    || failing.reason().contains("static init: no licence server"), failing.reason());
            BackendStatus throwing = bySource(st, "ThrowingInit");
            assertTrue(throwing.reason().contains("IllegalStateException static init: config missing"), throwing.reason());
            // the working provider registered by src/test/resources is still there and selectable
            assertTrue(st.stream().anyMatch(s -> s.id().equals("listed") && s.available()), st.toString());
        }
    }

    @Test
    void nullBlankAndThrowingIdsAreListedAsBroken() {
        BackendProvider nullId = new FakeProvider("x", 50, Availability.available("x"), Set.of()) {
            @Override
            public String id() {
                return null;
            }
        };
        BackendProvider blank = new FakeProvider(" ", 40, Availability.available("x"), Set.of());
        BackendProvider throwing = new FakeProvider("y", 30, Availability.available("x"), Set.of()) {
            @Override
            public int priority() {
                throw new UnsupportedOperationException("not yet");
            }
        };
        BackendRegistry r = BackendRegistry.of(List.of(nullId, blank, throwing, cpu));
        assertEquals(List.of("cpu"), r.ids());
        List<String> reasons = r.statuses().stream().filter(s -> !s.available()).map(BackendStatus::reason).toList();
        assertEquals(List.of("provider failed to load: id() returned null; a backend needs an id to be chosen by",
                "provider failed to load: id() returned a blank id; a backend needs an id to be chosen by",
                "provider failed to load: id() or priority() failed: UnsupportedOperationException: not yet"), reasons);
        assertEquals("cpu", r.select(BackendConfig.from(null, null, null)).id());
    }

    @Test
    void aProbeThatHangsIsUnavailableAfterTheTimeoutAndSelectionGoesOn() {
        CountDownLatch never = new CountDownLatch(1);
        FakeProvider hangs = new FakeProvider("hangs", 99, Availability.available("x"), Set.of()) {
            @Override
            public Availability probe() {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Availability.available("too late");
            }
        };
        BackendRegistry r = BackendRegistry.of(List.of(hangs, cpu), Duration.ofMillis(300));
        assertEquals("cpu", r.select(BackendConfig.from(null, null, null)).id());
        BackendStatus st = status(r, "hangs");
        assertEquals("hangs", st.id());
        assertFalse(st.available());
        assertEquals("probe did not answer within 0.3 s (-Dlamina.probe.timeout=SECONDS allows more)", st.reason());
        BackendException e = assertThrows(BackendException.class,
                () -> r.select(BackendConfig.from("hangs", null, null)));
        assertTrue(e.getMessage().contains("probe did not answer within 0.3 s"), e.getMessage());
        never.countDown();
    }

    @Test
    void aProbeThatReturnsNullOrThrowsAnErrorIsUnavailable() {
        FakeProvider nothing = new FakeProvider("nothing", 50, Availability.available("x"), Set.of()) {
            @Override
            public Availability probe() {
                return null;
            }
        };
        FakeProvider asserts = new FakeProvider("asserts", 40, Availability.available("x"), Set.of()) {
            @Override
            public Availability probe() {
                throw new AssertionError("driver version 0");
            }
        };
        BackendRegistry r = BackendRegistry.of(List.of(nothing, asserts, cpu));
        assertEquals("cpu", r.select(BackendConfig.from(null, null, null)).id());
        assertEquals("probe() returned null instead of an Availability", status(r, "nothing").reason());
        assertEquals("probe failed: AssertionError: driver version 0", status(r, "asserts").reason());
    }

    @Test
    void aCreateThatThrowsIsABackendError() {
        FakeProvider broken = new FakeProvider("broken", 50, Availability.available("x"), Set.of()) {
            @Override
            public dev.lamina.spi.Backend create() {
                throw new IllegalStateException("device lost");
            }
        };
        BackendRegistry r = BackendRegistry.of(List.of(broken));
        BackendException e = assertThrows(BackendException.class, () -> r.open("broken"));
        assertEquals("backend broken failed to start: IllegalStateException: device lost", e.getMessage());
    }

    @Test
    void aBadProbeTimeoutIsAnErrorNamingTheProperty() {
        String before = System.getProperty(BackendRegistry.PROBE_TIMEOUT_PROPERTY);
        try {
            System.setProperty(BackendRegistry.PROBE_TIMEOUT_PROPERTY, "soon");
            BackendException e = assertThrows(BackendException.class, BackendRegistry::probeTimeoutFromEnvironment);
            assertEquals("-Dlamina.probe.timeout=soon: expected seconds between 0 and 3600, e.g. 20", e.getMessage());
            System.setProperty(BackendRegistry.PROBE_TIMEOUT_PROPERTY, "2.5");
            assertEquals(Duration.ofMillis(2500), BackendRegistry.probeTimeoutFromEnvironment());
        } finally {
            if (before == null) {
                System.clearProperty(BackendRegistry.PROBE_TIMEOUT_PROPERTY);
            } else {
                System.setProperty(BackendRegistry.PROBE_TIMEOUT_PROPERTY, before);
            }
        }
    }

    private static BackendStatus bySource(List<BackendStatus> st, String cls) {
        return st.stream().filter(s -> s.source().contains(cls)).findFirst().orElseThrow(() -> new AssertionError(st));
    }

    private static BackendStatus status(BackendRegistry r, String id) {
        return r.statuses().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }
}
