package com.example.lamina;

import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;
import dev.lamina.spi.BackendProvider;

/** Registers the "naive" backend with Lamina (see META-INF/services). Cheap to construct, nothing to load. */
public final class NaiveBackendProvider implements BackendProvider {
    @Override
    public String id() {
        return "naive";
    }

    @Override
    public int priority() {
        return 1; // never chosen unless asked for by id
    }

    @Override
    public String description() {
        return "example third-party backend: straightforward loops, a subset of layers";
    }

    @Override
    public Availability probe() {
        return Availability.available("pure Java");
    }

    @Override
    public Backend create() {
        return new NaiveBackend();
    }
}
