package dev.lamina.backend.cpu;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Dims2;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Names;
import dev.lamina.backend.cpu.gemm.ConvGemm;
import dev.lamina.backend.cpu.gemm.ConvGeometry;
import dev.lamina.backend.cpu.gemm.ConvPass;
import dev.lamina.backend.cpu.gemm.DepthwiseConv;
import dev.lamina.backend.cpu.gemm.Epilogue;
import dev.lamina.backend.cpu.gemm.MicroKernels;
import dev.lamina.backend.cpu.gemm.WinogradConv;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

/**
 * {@code nn.Conv2d} on a fast path: groups = 1 as a blocked GEMM ({@link ConvGemm}) or, for 3×3 stride-1 convs
 * with at least 16 channels in and out, Winograd F(2×2, 3×3) ({@link WinogradConv}); depthwise as a direct
 * vectorised pass ({@link DepthwiseConv}). {@link #of(Node)} is the conv entry of the backend's table and keeps
 * the direct {@link ConvKernel} for the other grouped convs and for convs too small for the GEMM to pay (the
 * notebook's 1→3 2×2 conv: 240 multiply-adds). {@link #fused} is the same pass with the layers after it in its
 * epilogue (a BatchNorm folded into the weights, an activation, a non-overlapping max-pool), for {@link Fusion}.
 */
final class FastConvKernel implements Kernel {
    /** Multiply-adds per sample below which the direct kernel is faster than packing for a GEMM. */
    static final long MIN_MACS = 8192;
    /**
     * Whether 3×3 stride-1 convs with enough channels run as Winograd F(2×2, 3×3) ({@link WinogradConv});
     * {@code -Dlamina.cpu.winograd=false} keeps them on the GEMM, to compare (read once). Vector path only: on
     * the scalar path C2 leaves the transforms' loops scalar and Winograd was slower than the GEMM (W2 4.2× ORT
     * against 3.0×).
     */
    static final boolean WINOGRAD = Boolean.parseBoolean(System.getProperty("lamina.cpu.winograd", "true"));

    /** A conv's weight {@code [F, C, kh, kw]} and bias {@code [F]} (null: none), as its GEMM computes with them. */
    record Params(float[] weight, float[] bias) {
        static Params of(Node conv) {
            return new Params(NodeParams.require(conv, Names.WEIGHT),
                    ((Conv2d) conv.layer()).bias() ? NodeParams.require(conv, Names.BIAS) : null);
        }
    }

    private final String name;
    private final int[] inSizes;
    private final int outSize;
    private final ConvPass pass;

    private FastConvKernel(String name, int inSize, ConvPass pass) {
        this.name = name;
        this.inSizes = new int[] {inSize};
        this.outSize = pass.outSize();
        this.pass = pass;
    }

    /** Whether the node runs as GEMM: groups = 1 and enough work per sample for packing to pay. */
    static boolean gemm(Node node) {
        Conv2d conv = (Conv2d) node.layer();
        return conv.groups() == 1 && (long) conv.filters() * node.inputShape().dim(0) * conv.kernel().h()
                * conv.kernel().w() * node.outputShape().dim(1) * node.outputShape().dim(2) >= MIN_MACS;
    }

    /** Whether the node is a depthwise conv: groups = channels = filters. */
    static boolean depthwise(Node node) {
        return ((Conv2d) node.layer()).depthwise(node.inputShape().dim(0));
    }

    /** Whether the node runs on a fast path, which can take an epilogue. */
    static boolean fast(Node node) {
        return gemm(node) || depthwise(node);
    }

    /** The kernel for a conv node: a fast one where it applies and pays, else the direct one. */
    static Kernel of(Node node) {
        if (!fast(node)) {
            return new ConvKernel(node);
        }
        return fused(node.name(), node, Params.of(node), null, null, node);
    }

    /**
     * Whether {@code pool} (reading a fast conv's output) can run in the conv's epilogue: a window equal to its
     * stride, no padding, no dilation, and an output of whole windows (floor mode, or ceil mode that drops nothing).
     */
    static boolean canPool(Node conv, Node pool) {
        MaxPool2d p = (MaxPool2d) pool.layer();
        Dims2 k = p.kernel();
        return k.equals(p.stride()) && p.padding().isZero() && p.dilation().equals(Dims2.of(1))
                && pool.outputShape().dim(1) == conv.outputShape().dim(1) / k.h()
                && pool.outputShape().dim(2) == conv.outputShape().dim(2) / k.w();
    }

    /**
     * The fast conv of node {@code conv} computing with {@code params} (its own, or with a BatchNorm folded in),
     * then {@code activation} (null: none), then {@code pool} (a max-pool node {@link #canPool} accepts; null:
     * none), writing the output of {@code last}, the chain's last node; {@code name} names it in errors.
     */
    static Kernel fused(String name, Node conv, Params params, Epilogue.Activation activation, Node pool, Node last) {
        ConvGeometry g = new ConvGeometry((Conv2d) conv.layer(), conv.inputShape(), conv.outputShape());
        Epilogue e = pool == null ? Epilogue.of(activation, 0, 0)
                : Epilogue.of(activation, ((MaxPool2d) pool.layer()).kernel().h(), ((MaxPool2d) pool.layer()).kernel().w());
        ConvPass pass;
        if (depthwise(conv)) {
            pass = new DepthwiseConv(g, params.weight(), params.bias(), e, MicroKernels.get());
        } else if (WINOGRAD && MicroKernels.vector() && WinogradConv.fits(g, e, params.weight(), params.bias())) {
            pass = new WinogradConv(g, params.weight(), params.bias(), e, MicroKernels.get());
        } else {
            pass = new ConvGemm(g, params.weight(), params.bias(), e, MicroKernels.get());
        }
        if (pass.outSize() != last.outputShape().size()) {
            throw new IllegalStateException(name + ": the fused conv writes " + pass.outSize()
                    + " values per sample, its last layer " + last.name() + " has " + last.outputShape().size());
        }
        return new FastConvKernel(name, conv.inputShape().size(), pass);
    }

    @Override
    public void forward(int batch, float[][] inputs, float[] output) {
        NodeParams.checkBuffers(name, batch, inputs, inSizes, output, outSize);
        pass.forward(batch, inputs[0], output);
    }
}
