package dev.lamina.backend.blas;

import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;
import dev.lamina.spi.BackendProvider;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code blas} backend: OpenBLAS through JavaCPP. Construction is free; {@link #probe()} loads the native
 * library, and reports the loader's reason when it cannot (another OS, a missing library).
 */
public final class BlasBackendProvider implements BackendProvider {
    public static final String ID = "blas";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    public String description() {
        return "OpenBLAS (JavaCPP): conv2d as Winograd or im2col + sgemm, dense as sgemm, native workspaces";
    }

    @Override
    public Availability probe() {
        BlasNative.Status s = BlasNative.load();
        return s.available() ? Availability.available(s.reason()) : Availability.unavailable(s.reason());
    }

    @Override
    public List<String> details() {
        BlasNative.Status s = BlasNative.load();
        List<String> lines = new ArrayList<>();
        lines.add("platform " + s.platform() + " (other OSes: build with -Djavacpp.platform=...)");
        if (s.core() != null) {
            lines.add("OpenBLAS " + s.core().describe());
            s.core().warning().ifPresent(lines::add);
        }
        lines.add(s.threads() + " thread(s) per inference (-D" + BlasNative.THREADS_PROPERTY
                + "), OpenBLAS single-threaded per call");
        lines.add(JavaKernels.status());
        return List.copyOf(lines);
    }

    @Override
    public Backend create() {
        BlasNative.Status s = BlasNative.load();
        if (!s.available()) {
            throw new IllegalStateException("backend blas is unavailable: " + s.reason());
        }
        return new BlasBackend(s.threads());
    }
}
