package dev.lamina.backend.cpu;

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
import dev.lamina.spi.Kernel;
import dev.lamina.spi.KernelBackend;
import dev.lamina.spi.Node;
import dev.lamina.spi.Support;

import java.util.function.Function;

/**
 * The plain-Java backend: a float kernel for every layer, following PyTorch's semantics. Kernels are
 * built once per node at compile time (weights unpacked and checked there) and hold no mutable state,
 * so a compiled plan can run on many threads at once.
 */
public final class CpuBackend extends KernelBackend {

    @Override
    public String id() {
        return "cpu";
    }

    @Override
    public Support supports(Node node) {
        Function<Node, Kernel> factory = factory(node.layer());
        return factory != null ? Support.yes()
                : Support.no("cpu has no kernel for layer type " + node.layer().type());
    }

    @Override
    protected Kernel kernel(Node node) {
        Function<Node, Kernel> factory = factory(node.layer());
        if (factory == null) {
            throw new IllegalArgumentException(node.name() + ": cpu has no kernel for layer type "
                    + node.layer().type());
        }
        return factory.apply(node);
    }

    /**
     * The kernel for each layer type, or null for a type this backend does not know. Java 17 cannot
     * switch exhaustively over the sealed {@link Layer} without preview features, so a test checks this
     * chain against {@link Class#getPermittedSubclasses()}: a new layer type fails that test, and until
     * it is added here it is reported as unsupported, never run by some other kernel.
     */
    static Function<Node, Kernel> factory(Layer layer) {
        if (layer instanceof Conv2d) {
            return ConvKernel::new;
        } else if (layer instanceof MaxPool2d) {
            return MaxPoolKernel::new;
        } else if (layer instanceof AvgPool2d) {
            return AvgPoolKernel::new;
        } else if (layer instanceof ReLU) {
            return ReluKernel::new;
        } else if (layer instanceof Sigmoid) {
            return SigmoidKernel::new;
        } else if (layer instanceof Tanh) {
            return TanhKernel::new;
        } else if (layer instanceof Softmax) {
            return SoftmaxKernel::new;
        } else if (layer instanceof Flatten) {
            return FlattenKernel::new;
        } else if (layer instanceof Dense) {
            return DenseKernel::new;
        } else if (layer instanceof Add) {
            return AddKernel::new;
        } else if (layer instanceof Concat) {
            return ConcatKernel::new;
        }
        return null;
    }
}
