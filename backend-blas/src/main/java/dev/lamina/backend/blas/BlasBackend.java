package dev.lamina.backend.blas;

import dev.lamina.api.Add;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Flatten;
import dev.lamina.api.Layer;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
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

    @Override
    public Support supports(Node node) {
        Layer l = node.layer();
        boolean known = l instanceof Conv2d || l instanceof Dense || l instanceof MaxPool2d || l instanceof AvgPool2d
                || l instanceof ReLU || l instanceof Sigmoid || l instanceof Tanh || l instanceof Softmax
                || l instanceof Flatten || l instanceof Add || l instanceof Concat;
        if (!known) {
            return Support.no("layer type " + l.type() + " is not implemented by the blas backend");
        }
        if ((l instanceof Conv2d || l instanceof MaxPool2d || l instanceof AvgPool2d) && node.inputShape().rank() != 3) {
            return Support.no("expects a [C, H, W] input, got " + node.inputShape());
        }
        if (l instanceof Conv2d c && (c.groups() != 1 || !c.padding().symmetric())) {
            return Support.no("blas runs conv2d with groups 1 and symmetric padding only (groups " + c.groups()
                    + ", padding " + c.padding() + ")");
        }
        if (l instanceof MaxPool2d p && (p.ceilMode() || p.dilation().h() != 1 || p.dilation().w() != 1
                || !p.padding().symmetric())) {
            return Support.no("blas runs maxpool2d without ceil_mode, dilation or asymmetric padding only");
        }
        if (l instanceof AvgPool2d p && (p.ceilMode() || !p.countIncludePad() || !p.padding().symmetric())) {
            return Support.no("blas runs avgpool2d without ceil_mode, count_include_pad=false or asymmetric"
                    + " padding only");
        }
        if (l instanceof Add && !node.inputShapes().stream().allMatch(node.outputShape()::equals)) {
            return Support.no("blas does not broadcast add");
        }
        if (l instanceof Conv2d && !node.params().containsKey("weight")) {
            return Support.no("conv2d without a weight");
        }
        if (l instanceof Dense && !node.params().containsKey("weight")) {
            return Support.no("dense without a weight");
        }
        return Support.yes();
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
