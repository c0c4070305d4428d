package dev.lamina.backend.cpu;

import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;
import dev.lamina.spi.BackendProvider;

/** Registers the plain-Java backend. It needs nothing but the JVM, so it is always available. */
public final class CpuBackendProvider implements BackendProvider {

    @Override
    public String id() {
        return "cpu";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public String description() {
        return "plain Java, every layer";
    }

    @Override
    public Availability probe() {
        return Availability.available("pure Java, Java " + System.getProperty("java.version"));
    }

    @Override
    public Backend create() {
        return new CpuBackend();
    }
}
