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
        if (factory == null) {
            return Support.no("cpu has no kernel for layer type " + node.layer().type());
        }
        Layer l = node.layer();
        if (l instanceof Conv2d c && c.groups() != 1) {
            return Support.no("cpu does not run grouped convolutions yet (groups " + c.groups() + ")");
        }
        if (l instanceof MaxPool2d p && (p.ceilMode() || p.dilation().h() != 1 || p.dilation().w() != 1)) {
            return Support.no("cpu does not run ceil_mode or dilated max pooling yet");
        }
        if (l instanceof AvgPool2d p && (p.ceilMode() || !p.countIncludePad())) {
            return Support.no("cpu does not run ceil_mode or count_include_pad=false average pooling yet");
        }
        if (l instanceof Add && !node.inputShapes().stream().allMatch(node.outputShape()::equals)) {
            return Support.no("cpu does not broadcast add yet");
        }
        return Support.yes();
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
