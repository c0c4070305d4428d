package dev.lamina.backend.cpu;

import dev.lamina.api.AdaptiveAvgPool2d;
import dev.lamina.api.AdaptiveMaxPool2d;
import dev.lamina.api.Add;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.ChannelShuffle;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Dropout;
import dev.lamina.api.ELU;
import dev.lamina.api.Flatten;
import dev.lamina.api.GELU;
import dev.lamina.api.Hardsigmoid;
import dev.lamina.api.Hardswish;
import dev.lamina.api.Hardtanh;
import dev.lamina.api.Identity;
import dev.lamina.api.LeakyReLU;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Mul;
import dev.lamina.api.ReLU;
import dev.lamina.api.SiLU;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Slice;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
import dev.lamina.api.ZeroPad2d;
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
        register(MaxPool2d.class, MaxPoolKernel::pool);
        register(AvgPool2d.class, AvgPoolKernel::pool);
        register(AdaptiveMaxPool2d.class, MaxPoolKernel::adaptive);
        register(AdaptiveAvgPool2d.class, AvgPoolKernel::adaptive);
        register(BatchNorm2d.class, BatchNormKernel::new);
        register(ReLU.class, ReluKernel::new);
        register(Sigmoid.class, SigmoidKernel::new);
        register(Tanh.class, TanhKernel::new);
        register(Softmax.class, SoftmaxKernel::new);
        register(Hardtanh.class, HardtanhKernel::new);
        register(LeakyReLU.class, LeakyReluKernel::new);
        register(ELU.class, EluKernel::new);
        register(Hardsigmoid.class, HardsigmoidKernel::new);
        register(Hardswish.class, HardswishKernel::new);
        register(SiLU.class, SiluKernel::new);
        register(GELU.class, GeluKernel::new);
        register(Dense.class, DenseKernel::new);
        register(Add.class, BroadcastKernel::add);
        register(Mul.class, BroadcastKernel::mul);
        register(Concat.class, ConcatKernel::new);
        register(ChannelShuffle.class, ChannelShuffleKernel::new);
        register(Slice.class, SliceKernel::new);
        register(ZeroPad2d.class, ZeroPadKernel::new);
        registerView(Flatten.class);
        registerView(Identity.class);
        registerView(Dropout.class);
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
