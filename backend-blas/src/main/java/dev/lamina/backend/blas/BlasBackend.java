package dev.lamina.backend.blas;

import dev.lamina.api.Conv2d;
import dev.lamina.spi.Backend;
import dev.lamina.spi.Executable;
import dev.lamina.spi.Graph;
import dev.lamina.spi.MemoryNeeds;
import dev.lamina.spi.MemoryPool;
import dev.lamina.spi.Node;
import dev.lamina.spi.Support;
import org.bytedeco.javacpp.Pointer;

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

    /** The knob of JavaCPP's limit on native memory; it defaults to the maximum heap. */
    static final String MAX_BYTES_KNOB = "-Dorg.bytedeco.javacpp.maxBytes (default: the -Xmx)";

    /**
     * Plans keep weights, activations and scratch in native memory through JavaCPP, which refuses any
     * allocation past its {@code maxBytes}: what is left under that limit.
     */
    @Override
    public MemoryPool memoryPool() {
        long max = Pointer.maxBytes();
        long limit = max > 0 ? max : Long.MAX_VALUE;
        return new MemoryPool("blas native memory (JavaCPP)", Math.max(0, limit - Pointer.totalBytes()), limit,
                MAX_BYTES_KNOB);
    }

    /**
     * One native buffer per value for each sample, as the default; the weights up to three times (the native
     * copy, and Winograd's transformed filters, 16/9 of a 3×3 filter); and per thread one image's im2col and
     * GEMM result of the largest conv, counted per sample (exact for a batch of one, high beyond it).
     */
    @Override
    public MemoryNeeds memoryNeeds(Graph graph) {
        MemoryNeeds values = MemoryNeeds.oneBufferPerValue(graph);
        long scratch = 0;
        for (Node n : graph.nodes()) {
            if (n.layer() instanceof Conv2d c) {
                long positions = (long) n.outputShape().dim(1) * n.outputShape().dim(2);
                long im2col = (long) n.inputShape().dim(0) * c.kernel().h() * c.kernel().w() * positions;
                scratch = Math.max(scratch, Math.addExact(im2col, n.outputShape().size()));
            }
        }
        return new MemoryNeeds(Math.multiplyExact(3L, values.fixedBytes()),
                Math.addExact(values.bytesPerSample(), Math.multiplyExact(4L * threads, scratch)));
    }
}
