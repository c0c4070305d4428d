package dev.lamina.backend.blas;

import dev.lamina.spi.Backend;
import dev.lamina.spi.Executable;
import dev.lamina.spi.Graph;
import dev.lamina.spi.Node;
import dev.lamina.spi.Support;

/**
 * Every layer type: conv2d and dense through {@code cblas_sgemm} (tiny ones in Java, where a native call
 * costs more than the arithmetic), the others in Java over the plan's native buffers.
 */
final class BlasBackend implements Backend {
    private final int threads;

    BlasBackend(int threads) {
        this.threads = threads;
    }

    @Override
    public String id() {
        return BlasBackendProvider.ID;
    }

    /** From the plan's step table; the SPI's {@link Node} already guarantees shapes and parameters. */
    @Override
    public Support supports(Node node) {
        return BlasPlan.STEPS.supports(node);
    }

    @Override
    public Executable compile(Graph graph) {
        for (Node n : graph.nodes()) {
            Support s = supports(n);
            if (!s.supported()) {
                throw new IllegalArgumentException(n.name() + ": " + s.reason());
            }
        }
        return new BlasPlan(graph, threads);
    }
}
