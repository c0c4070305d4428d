package dev.lamina.conformance;

import dev.lamina.conformance.reference.ReferenceBackend;
import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;
import dev.lamina.spi.BackendProvider;

/**
 * The reference backend on the service path of the kit's own tests only, so that the property route
 * ({@link ConformanceTest} with {@code -Dlamina.conformance.backend}) can be tested end to end.
 */
public final class ServiceReferenceProvider implements BackendProvider {
    @Override
    public String id() {
        return ReferenceBackend.ID;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Availability probe() {
        return Availability.available("plain Java");
    }

    @Override
    public Backend create() {
        return new ReferenceBackend();
    }
}
