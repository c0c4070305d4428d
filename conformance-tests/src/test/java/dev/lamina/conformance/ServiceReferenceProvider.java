package dev.lamina.conformance;

import dev.lamina.conformance.reference.ReferenceBackend;
import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;
import dev.lamina.spi.BackendProvider;

/**
 * The reference backend on the service path of the kit's own tests only, so that the property route
 * ({@link ConformanceTest} with {@code -Dlamina.conformance.backend}) can be tested end to end. In the kit's
 * test jar it is also a plugin for {@code lamina conformance --plugin}: with {@value #BROKEN}{@code =transposed-kernel}
 * the same backend id reads its convolution kernels transposed, a regression for
 * {@code lamina conformance diff} to catch (examples/conformance-ci).
 */
public final class ServiceReferenceProvider implements BackendProvider {
    /** The system property that breaks the backend on purpose; the only value is {@code transposed-kernel}. */
    public static final String BROKEN = "lamina.kit.test.broken";

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
    public String description() {
        String broken = System.getProperty(BROKEN, "");
        return "the kit's reference implementation" + (broken.isEmpty() ? "" : ", broken on purpose: " + broken);
    }

    @Override
    public Backend create() {
        String broken = System.getProperty(BROKEN, "");
        return switch (broken) {
            case "" -> new ReferenceBackend();
            case "transposed-kernel" -> new ReferenceBackend().withKernel("conv2d", n -> BrokenKernels.conv(n, true, false));
            default -> throw new IllegalArgumentException("-D" + BROKEN + ": expected transposed-kernel, got " + broken);
        };
    }
}
