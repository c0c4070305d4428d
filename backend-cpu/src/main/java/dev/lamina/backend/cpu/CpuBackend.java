package dev.lamina.backend.cpu;

import dev.lamina.api.Add;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Flatten;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.KernelBackend;
import dev.lamina.spi.Node;

/**
 * The plain-Java backend: a float kernel for every layer, following PyTorch's semantics. Kernels are
 * built once per node at compile time (weights unpacked and checked there) and hold no mutable state,
 * so a compiled plan can run on many threads at once. The table below is the one place per layer type;
 * a test checks it covers every permitted subclass of the sealed {@code Layer}, and a type missing from
 * it is reported as unsupported, never run by some other kernel.
 */
public final class CpuBackend extends KernelBackend {

    public CpuBackend() {
        register(Conv2d.class, ConvKernel::new);
        register(MaxPool2d.class, MaxPoolKernel::new);
        register(AvgPool2d.class, AvgPoolKernel::new);
        register(ReLU.class, ReluKernel::new);
        register(Sigmoid.class, SigmoidKernel::new);
        register(Tanh.class, TanhKernel::new);
        register(Softmax.class, SoftmaxKernel::new);
        register(Dense.class, DenseKernel::new);
        register(Add.class, AddKernel::new);
        register(Concat.class, ConcatKernel::new);
        registerView(Flatten.class);
    }

    @Override
    public String id() {
        return "cpu";
    }

    // Overridden only to open them to this package's tests, which check each type's kernel directly.
    @Override
    protected Kernel kernel(Node node) {
        return super.kernel(node);
    }

    @Override
    protected boolean isView(Node node) {
        return super.isView(node);
    }
}
