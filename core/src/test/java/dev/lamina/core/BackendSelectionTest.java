package dev.lamina.core;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.lamina.api.ReLU;
import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;
import dev.lamina.spi.BackendProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackendSelectionTest {
    private final FakeProvider cpu = FakeProvider.available("cpu", 10);
    private final FakeProvider blas = FakeProvider.available("blas", 20);
    private final FakeProvider gpu = new FakeProvider("gpu", 30, Availability.unavailable("no device found"),
            Set.of(ReLU.class));
    private final BackendRegistry registry = BackendRegistry.of(List.of(cpu, blas, gpu));

    @Test
    void withoutARequestTheHighestPriorityAvailableWins() {
        BackendRegistry.Selection s = registry.select(BackendConfig.from(null, null, null));
        assertEquals("blas", s.id());
        assertTrue(s.reason().startsWith("highest priority available"), s.reason());
    }

    @Test
    void thePropertyWinsOverTheEnvironment() {
        assertEquals("cpu", registry.select(BackendConfig.from("cpu", "blas", null)).id());
        assertEquals("blas", registry.select(BackendConfig.from(null, "blas", null)).id());
        assertEquals("requested by LAMINA_BACKEND", registry.select(BackendConfig.from(" ", "cpu", null)).reason());
        assertEquals("requested by -Dlamina.backend", registry.select(BackendConfig.from("cpu", null, null)).reason());
    }

    @Test
    void anUnknownIdListsEveryBackendAndWhy() {
        BackendException e = assertThrows(BackendException.class,
                () -> registry.select(BackendConfig.from("cuda", null, null)));
        assertEquals("unknown backend cuda; found: gpu (priority 30): unavailable — no device found; "
                + "blas (priority 20): available; cpu (priority 10): available", e.getMessage());
    }

    @Test
    void anUnavailableIdIsAnErrorNeverASilentFallback() {
        BackendException e = assertThrows(BackendException.class,
                () -> registry.select(BackendConfig.from("gpu", null, null)));
        assertTrue(e.getMessage().startsWith("backend gpu (requested by -Dlamina.backend) is unavailable: "
                + "no device found; found: "), e.getMessage());
    }

    @Test
    void duplicateIdsAreAnError() {
        BackendRegistry dup = BackendRegistry.of(List.of(cpu, FakeProvider.available("cpu", 5)));
        BackendException e = assertThrows(BackendException.class, () -> dup.select(BackendConfig.from(null, null, null)));
        assertTrue(e.getMessage().startsWith("duplicate backend id cpu: provided by [dev.lamina.core.FakeProvider, "
                + "dev.lamina.core.FakeProvider]"), e.getMessage());
    }

    @Test
    void aThrowingProbeIsReportedAndBreaksNothingElse() {
        BackendProvider bad = new FakeProvider("bad", 99, Availability.available("x"), Set.of()) {
            @Override
            public Availability probe() {
                throw new UnsatisfiedLinkError("no openblas in java.library.path");
            }
        };
        BackendRegistry r = BackendRegistry.of(List.of(bad, cpu));
        BackendStatus st = r.statuses().get(0);
        assertEquals("bad", st.id());
        assertFalse(st.available());
        assertEquals("probe failed: UnsatisfiedLinkError: no openblas in java.library.path", st.reason());
        assertEquals("cpu", r.select(BackendConfig.from(null, null, null)).id());
    }

    @Test
    void eachProviderIsProbedOnce() {
        registry.statuses();
        registry.statuses();
        registry.select(BackendConfig.from(null, null, null));
        assertEquals(1, cpu.probes.get());
        assertEquals(1, gpu.probes.get());
    }

    @Test
    void serviceLoaderFindsProvidersAndReportsBrokenOnes() {
        // src/test/resources registers one working provider and one whose constructor throws.
        BackendRegistry found = BackendRegistry.discover(getClass().getClassLoader());
        List<BackendStatus> st = found.statuses();
        assertTrue(st.stream().anyMatch(s -> s.id().equals("listed") && s.available()), st.toString());
        BackendStatus broken = st.stream().filter(s -> s.source().contains("ThrowingProvider")).findFirst().orElseThrow();
        assertFalse(broken.available());
        assertTrue(broken.reason().contains("cannot start: license file missing"), broken.reason());
        assertEquals("listed", found.select(BackendConfig.from("listed", null, null)).id());
    }

    @Test
    void guiceModuleBindsProvidersByIdAndTheSelectedBackend() {
        Injector injector = Guice.createInjector(new LaminaModule(registry, BackendConfig.from("cpu", null, null)));
        Map<String, BackendProvider> byId = injector.getInstance(Key.get(new TypeLiteral<Map<String, BackendProvider>>() { }));
        assertEquals(Set.of("cpu", "blas", "gpu"), byId.keySet());
        assertEquals(cpu, byId.get("cpu"));
        try (Backend b = injector.getInstance(Backend.class)) {
            assertEquals("cpu", b.id());
        }
        assertEquals("cpu", injector.getInstance(Compiler.class).registry().select(
                injector.getInstance(BackendConfig.class)).id());
    }
}
