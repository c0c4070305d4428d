package dev.lamina.backend.cpu;

import dev.lamina.backend.cpu.gemm.MicroKernels;
import dev.lamina.backend.cpu.gemm.Workers;
import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;
import dev.lamina.spi.BackendProvider;

import java.util.List;

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

    /** Which GEMM path is active (and how to enable the Vector API one when it is not), and the thread count. */
    @Override
    public List<String> details() {
        return List.of(MicroKernels.status(),
                "threads: " + Workers.threads() + " (-D" + Workers.PROPERTY + "=N; default the number of processors)");
    }

    @Override
    public Backend create() {
        return new CpuBackend();
    }
}
