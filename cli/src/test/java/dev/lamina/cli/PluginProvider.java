package dev.lamina.cli;

import dev.lamina.conformance.reference.ReferenceBackend;
import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;
import dev.lamina.spi.BackendProvider;

/**
 * Stands in for a third-party backend in the --plugin tests: not registered on the test class path, only in
 * the jar a test writes, so it is found only through --plugin. Its ReLU is broken on purpose (it lets
 * negatives through), so that compare has a divergence to find.
 */
public final class PluginProvider implements BackendProvider {
    @Override
    public String id() {
        return "leaky";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Availability probe() {
        return Availability.available("test plugin");
    }

    @Override
    public Backend create() {
        return new ReferenceBackend().withId("leaky").withKernel("relu", node -> {
            int size = node.outputShape().size();
            return (batch, in, out) -> System.arraycopy(in[0], 0, out, 0, batch * size);
        });
    }
}
