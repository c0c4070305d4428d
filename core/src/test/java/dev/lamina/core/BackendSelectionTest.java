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
    void requestingOneBackendProbesOnlyThatOne() {
        assertEquals("cpu", registry.select(BackendConfig.from("cpu", null, null)).id());
        try (Backend b = registry.open("cpu")) {
            assertEquals("cpu", b.id());
        }
        assertEquals(1, cpu.probes.get());
        assertEquals(0, blas.probes.get());
        assertEquals(0, gpu.probes.get());
    }

    @Test
    void automaticSelectionStopsAtTheFirstAvailableBackendThatNothingLeftCanBeat() {
        assertEquals("blas", registry.select(BackendConfig.from(null, null, null)).id());
        assertEquals(1, gpu.probes.get(), "declared 30: probed first, unavailable");
        assertEquals(1, blas.probes.get());
        assertEquals(0, cpu.probes.get(), "declared 10 cannot beat blas' 20");
    }

    @Test
    void aProbeMayLowerItsPriorityAndSelectionGoesOn() {
        FakeProvider slow = new FakeProvider("accel", 30,
                Availability.available("OpenCL device is a CPU (PoCL)", 5), Set.of(ReLU.class));
        BackendRegistry r = BackendRegistry.of(List.of(cpu, blas, slow));
        BackendRegistry.Selection s = r.select(BackendConfig.from(null, null, null));
        assertEquals("blas", s.id());
        assertEquals("highest priority available (priority 20; accel lowered from 30 to 5: OpenCL device is a CPU (PoCL);"
                + " set -Dlamina.backend to choose)", s.reason());
        assertEquals(0, cpu.probes.get());
        BackendStatus st = r.statuses().stream().filter(x -> x.id().equals("accel")).findFirst().orElseThrow();
        assertEquals(5, st.priority());
        assertEquals(30, st.declaredPriority());
        assertEquals("accel (priority 5, declared 30): available — OpenCL device is a CPU (PoCL)", st.line());
        assertEquals(List.of("blas", "cpu", "accel"), r.statuses().stream().map(BackendStatus::id).toList());
    }

    @Test
    void aProbeCannotRaiseItsPriority() {
        FakeProvider boastful = new FakeProvider("boast", 15, Availability.available("fast", 99), Set.of());
        BackendRegistry r = BackendRegistry.of(List.of(cpu, blas, boastful));
        assertEquals("blas", r.select(BackendConfig.from(null, null, null)).id());
        assertEquals(0, boastful.probes.get(), "declared 15 cannot beat blas' 20, whatever its probe would say");
        assertEquals(15, r.statuses().stream().filter(x -> x.id().equals("boast")).findFirst().orElseThrow().priority());
    }

    @Test
    void anAvailableBackendAtItsDeclaredPriorityIsTheOnlyOneProbed() {
        FakeProvider fast = new FakeProvider("fast", 30, Availability.available("a GPU"), Set.of(ReLU.class));
        BackendRegistry r = BackendRegistry.of(List.of(cpu, blas, fast));
        assertEquals("fast", r.select(BackendConfig.from(null, null, null)).id());
        assertEquals(0, blas.probes.get());
        assertEquals(0, cpu.probes.get());
    }

    @Test
    void duplicateIdsAreFoundWithoutProbing() {
        FakeProvider other = FakeProvider.available("cpu", 5);
        BackendRegistry dup = BackendRegistry.of(List.of(cpu, other, blas));
        assertThrows(BackendException.class, () -> dup.select(BackendConfig.from("blas", null, null)));
        assertEquals(0, cpu.probes.get() + other.probes.get() + blas.probes.get());
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
