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
import dev.lamina.api.Layer;
import dev.lamina.spi.Executable;
import dev.lamina.spi.Graph;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.KernelBackend;
import dev.lamina.spi.Node;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The plain-Java backend: a float kernel for every layer, following PyTorch's semantics. Kernels are
 * built once per node at compile time (weights unpacked and checked there) and hold no mutable state,
 * so a compiled plan can run on many threads at once. The table below is the one place per layer type;
 * a test checks it covers every permitted subclass of the sealed {@code Layer}, and a type missing from
 * it is reported as unsupported, never run by some other kernel. The activations are registered as such:
 * their kernels are also what a conv's epilogue runs when {@link Fusion} fuses them ({@link CpuPlan}).
 */
public final class CpuBackend extends KernelBackend {
    /** The element-wise activation types, by class: each also registered as a layer. */
    private final Map<Class<? extends Layer>, Function<Node, ElementwiseKernel>> activations = new HashMap<>();

    public CpuBackend() {
        register(Conv2d.class, FastConvKernel::of);
        register(MaxPool2d.class, MaxPoolKernel::pool);
        register(AvgPool2d.class, AvgPoolKernel::pool);
        register(AdaptiveMaxPool2d.class, MaxPoolKernel::adaptive);
        register(AdaptiveAvgPool2d.class, AvgPoolKernel::adaptive);
        register(BatchNorm2d.class, BatchNormKernel::new);
        activation(ReLU.class, ReluKernel::new);
        activation(Sigmoid.class, SigmoidKernel::new);
        activation(Tanh.class, TanhKernel::new);
        register(Softmax.class, SoftmaxKernel::new);
        activation(Hardtanh.class, HardtanhKernel::new);
        activation(LeakyReLU.class, LeakyReluKernel::new);
        activation(ELU.class, EluKernel::new);
        activation(Hardsigmoid.class, HardsigmoidKernel::new);
        activation(Hardswish.class, HardswishKernel::new);
        activation(SiLU.class, SiluKernel::new);
        activation(GELU.class, GeluKernel::new);
        register(Dense.class, GemmDenseKernel::of);
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

    /** An activation type: its layer kernel, which a fused conv's epilogue runs too. */
    private <L extends Layer> void activation(Class<L> type, Function<Node, ElementwiseKernel> factory) {
        activations.put(type, factory);
        register(type, factory::apply);
    }

    /** The activation kernel of a node, or null when the node is no element-wise activation. */
    private ElementwiseKernel activationKernel(Node node) {
        Function<Node, ElementwiseKernel> f = activations.get(node.layer().getClass());
        return f == null ? null : f.apply(node);
    }

    /** The fused plan ({@link CpuPlan}): groups from {@link Fusion}, and one kernel per node when all outputs are asked for. */
    @Override
    public Executable compile(Graph graph) {
        return new CpuPlan(graph, this::isView, this::kernel,
                Fusion.groups(graph, this::isView, this::kernel, this::activationKernel));
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
