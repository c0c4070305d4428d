package dev.lamina.onnx;

import dev.lamina.api.AdaptiveAvgPool2d;
import dev.lamina.api.AdaptiveMaxPool2d;
import dev.lamina.api.Add;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.ChannelShuffle;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Dims2;
import dev.lamina.api.Dropout;
import dev.lamina.api.ELU;
import dev.lamina.api.Flatten;
import dev.lamina.api.GELU;
import dev.lamina.api.Hardsigmoid;
import dev.lamina.api.Hardswish;
import dev.lamina.api.Hardtanh;
import dev.lamina.api.Identity;
import dev.lamina.api.Layer;
import dev.lamina.api.LeakyReLU;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Mul;
import dev.lamina.api.Names;
import dev.lamina.api.Padding;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.SiLU;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Slice;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
import dev.lamina.api.Tensor;
import dev.lamina.api.ZeroPad2d;
import dev.lamina.core.LayerNode;
import dev.lamina.core.ModelException;
import dev.lamina.onnx.proto.OnnxIr.AttributeProto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static dev.lamina.onnx.ExportGraph.attr;
import static dev.lamina.onnx.ExportGraph.ints;

/**
 * The export table: for each Lamina layer type the ONNX node (or nodes) with the same semantics, the inverse
 * of {@link Ops}. A layer type missing here, or a parameter value ONNX has no node for, is a
 * {@link ModelException} naming the layer.
 */
final class LayerExports {
    /** How one layer type is written. */
    @FunctionalInterface
    interface Writer {
        void write(ExportGraph g, LayerNode n);
    }

    /** A writer that gets the layer as its own type. */
    @FunctionalInterface
    private interface Typed<L extends Layer> {
        void write(ExportGraph g, LayerNode n, L layer);
    }

    private static final Map<Class<? extends Layer>, Writer> TABLE = new LinkedHashMap<>();
    /** The model-file type names of the layers in the table, for the error message. */
    private static final TreeSet<String> TYPES = new TreeSet<>();

    private static <L extends Layer> void put(Class<L> type, String typeName, Typed<L> w) {
        TABLE.put(type, (g, n) -> w.write(g, n, type.cast(n.layer())));
        TYPES.add(typeName);
    }

    static {
        put(Conv2d.class, "conv2d", LayerExports::conv);
        put(BatchNorm2d.class, "batchnorm2d", LayerExports::batchNorm);
        put(Dense.class, "dense", LayerExports::dense);
        put(ReLU.class, "relu", (g, n, l) -> unary(g, n, "Relu"));
        put(Sigmoid.class, "sigmoid", (g, n, l) -> unary(g, n, "Sigmoid"));
        put(Tanh.class, "tanh", (g, n, l) -> unary(g, n, "Tanh"));
        put(Hardswish.class, "hardswish", (g, n, l) -> unary(g, n, "HardSwish"));
        put(Softmax.class, "softmax", (g, n, l) -> unary(g, n, "Softmax", attr("axis", 1L)));
        put(LeakyReLU.class, "leaky_relu", (g, n, l) -> unary(g, n, "LeakyRelu", attr("alpha", l.slope())));
        put(ELU.class, "elu", (g, n, l) -> unary(g, n, "Elu", attr("alpha", l.alpha())));
        put(Hardsigmoid.class, "hardsigmoid", (g, n, l) -> unary(g, n, "HardSigmoid", attr("alpha", l.alpha()),
                attr("beta", l.beta())));
        put(Hardtanh.class, "hardtanh", (g, n, l) -> g.node(n.name(), "Clip", List.of(in(n, 0),
                g.scalar(n.name() + ".min", l.min()), g.scalar(n.name() + ".max", l.max())), n.name()));
        put(Flatten.class, "flatten", (g, n, l) -> unary(g, n, "Flatten", attr("axis", 1L)));
        put(Identity.class, "identity", (g, n, l) -> unary(g, n, "Identity"));
        put(Dropout.class, "dropout", (g, n, l) -> g.node(n.name(), "Dropout", List.of(in(n, 0),
                g.scalar(n.name() + ".ratio", (float) l.p())), n.name()));
        put(MaxPool2d.class, "maxpool2d", LayerExports::maxPool);
        put(AvgPool2d.class, "avgpool2d", LayerExports::avgPool);
        put(AdaptiveAvgPool2d.class, "adaptive_avgpool2d",
                (g, n, l) -> adaptive(g, n, l.output(), "GlobalAveragePool", "AveragePool"));
        put(AdaptiveMaxPool2d.class, "adaptive_maxpool2d",
                (g, n, l) -> adaptive(g, n, l.output(), "GlobalMaxPool", "MaxPool"));
        put(Add.class, "add", (g, n, l) -> chain(g, n, "Add"));
        put(Mul.class, "mul", (g, n, l) -> chain(g, n, "Mul"));
        put(Concat.class, "concat", (g, n, l) -> g.node(n.name(), "Concat", n.inputs(), n.name(), attr("axis", 1L)));
        put(ZeroPad2d.class, "zeropad2d", LayerExports::zeroPad);
        put(Slice.class, "slice", LayerExports::slice);
        put(ChannelShuffle.class, "channel_shuffle", LayerExports::channelShuffle);
        put(SiLU.class, "silu", LayerExports::silu);
        put(GELU.class, "gelu", LayerExports::gelu);
    }

    private LayerExports() {
    }

    /** The writer of the node's layer type. */
    static Writer of(LayerNode n) {
        Writer w = TABLE.get(n.layer().getClass());
        if (w == null) {
            throw new ModelException(n.name() + ": a " + n.layer().type() + " layer cannot be written as ONNX; "
                    + "the exporter writes " + types());
        }
        return w;
    }

    /** The type names the table writes, sorted. */
    static String types() {
        return String.join(", ", TYPES);
    }

    private static String in(LayerNode n, int i) {
        return n.inputs().get(i);
    }

    private static void unary(ExportGraph g, LayerNode n, String op, AttributeProto... attrs) {
        g.node(n.name(), op, List.of(in(n, 0)), n.name(), attrs);
    }

    /** Conv: W [filters, in/groups, kh, kw] and the optional bias, as Lamina holds them (PyTorch layout). */
    private static void conv(ExportGraph g, LayerNode n, Conv2d c) {
        List<String> inputs = new ArrayList<>(List.of(in(n, 0), g.parameter(n, Names.WEIGHT)));
        if (c.bias()) {
            inputs.add(g.parameter(n, Names.BIAS));
        }
        g.node(n.name(), "Conv", inputs, n.name(), ints("kernel_shape", c.kernel().h(), c.kernel().w()),
                strides(c.stride()), pads(c.padding()), ints("dilations", c.dilation().h(), c.dilation().w()),
                attr("group", (long) c.groups()));
    }

    /**
     * BatchNormalization at inference: scale, B, mean, var; a layer without affine parameters gets scale 1 and
     * B 0 (the same arithmetic: PyTorch's non-affine BN is the affine one with those values). epsilon is an
     * ONNX float: PyTorch's double epsilon rounds to it.
     */
    private static void batchNorm(ExportGraph g, LayerNode n, BatchNorm2d b) {
        int channels = n.inputShapes().get(0).dim(0);
        String scale;
        String bias;
        if (b.affine()) {
            scale = g.parameter(n, Names.WEIGHT);
            bias = g.parameter(n, Names.BIAS);
        } else {
            float[] ones = new float[channels];
            Arrays.fill(ones, 1f);
            scale = g.floats(n.name() + ".scale", Tensor.of(Shape.of(channels), ones));
            bias = g.floats(n.name() + ".B", Tensor.zeros(Shape.of(channels)));
        }
        g.node(n.name(), "BatchNormalization", List.of(in(n, 0), scale, bias,
                g.parameter(n, BatchNorm2d.RUNNING_MEAN), g.parameter(n, BatchNorm2d.RUNNING_VAR)), n.name(),
                attr("epsilon", (float) b.eps()));
    }

    /** Gemm with transB = 1: Lamina's dense weight is PyTorch's [units, in_features]. */
    private static void dense(ExportGraph g, LayerNode n, Dense d) {
        List<String> inputs = new ArrayList<>(List.of(in(n, 0), g.parameter(n, Names.WEIGHT)));
        if (d.bias()) {
            inputs.add(g.parameter(n, Names.BIAS));
        }
        g.node(n.name(), "Gemm", inputs, n.name(), attr("transB", 1L));
    }

    private static void maxPool(ExportGraph g, LayerNode n, MaxPool2d p) {
        g.node(n.name(), "MaxPool", List.of(in(n, 0)), n.name(), ints("kernel_shape", p.kernel().h(), p.kernel().w()),
                strides(p.stride()), pads(p.padding()), ints("dilations", p.dilation().h(), p.dilation().w()),
                attr("ceil_mode", p.ceilMode() ? 1L : 0L));
    }

    private static void avgPool(ExportGraph g, LayerNode n, AvgPool2d p) {
        g.node(n.name(), "AveragePool", List.of(in(n, 0)), n.name(),
                ints("kernel_shape", p.kernel().h(), p.kernel().w()), strides(p.stride()), pads(p.padding()),
                attr("ceil_mode", p.ceilMode() ? 1L : 0L), attr("count_include_pad", p.countIncludePad() ? 1L : 0L));
    }

    /**
     * Adaptive pooling: to 1×1 it is the global pool; to an output that divides the input it is the plain
     * pool with kernel = stride = input / output (PyTorch's windows are then exactly those); any other output
     * has overlapping windows of varying size, which no ONNX op computes.
     */
    private static void adaptive(ExportGraph g, LayerNode n, Dims2 out, String global, String pool) {
        Shape in = n.inputShapes().get(0);
        if (out.h() == 1 && out.w() == 1) {
            unary(g, n, global);
            return;
        }
        int h = in.dim(1);
        int w = in.dim(2);
        if (h % out.h() != 0 || w % out.w() != 0) {
            throw new ModelException(n.name() + ": " + n.layer().type() + " to " + out.h() + "×" + out.w() + " from " + h + "×" + w
                    + " cannot be written as ONNX: the output must be 1×1 or divide the input (here "
                    + h + " % " + out.h() + " = " + h % out.h() + ", " + w + " % " + out.w() + " = " + w % out.w()
                    + ")");
        }
        Dims2 k = Dims2.of(h / out.h(), w / out.w());
        g.node(n.name(), pool, List.of(in(n, 0)), n.name(), ints("kernel_shape", k.h(), k.w()), strides(k));
    }

    /**
     * Add and Mul: ONNX's take two inputs (numpy broadcasting, which covers Lamina's [C, 1, 1] over [C, H, W]);
     * more inputs are a chain, left to right, in Lamina's order of additions.
     */
    private static void chain(ExportGraph g, LayerNode n, String op) {
        List<String> ins = n.inputs();
        String acc = ins.get(0);
        for (int i = 1; i < ins.size(); i++) {
            boolean last = i == ins.size() - 1;
            String out = last ? n.name() : g.intermediate(n, op.toLowerCase(java.util.Locale.ROOT) + i);
            g.node(last ? n.name() : out, op, List.of(acc, ins.get(i)), out);
            acc = out;
        }
    }

    /** Pad with zeros: pads for [N, C, H, W], begins then ends. */
    private static void zeroPad(ExportGraph g, LayerNode n, ZeroPad2d z) {
        Padding p = z.padding();
        g.node(n.name(), "Pad", List.of(in(n, 0), g.int64s(n.name() + ".pads", 0, 0, p.top(), p.left(), 0, 0,
                p.bottom(), p.right())), n.name());
    }

    /** Slice along one per-sample axis: ONNX axis = Lamina axis + 1 (the batch comes first). */
    private static void slice(ExportGraph g, LayerNode n, Slice s) {
        g.node(n.name(), "Slice", List.of(in(n, 0), g.int64s(n.name() + ".starts", s.start()),
                g.int64s(n.name() + ".ends", s.end()), g.int64s(n.name() + ".axes", s.axis() + 1L)), n.name());
    }

    /** PyTorch's export of nn.ChannelShuffle: Reshape [N, g, C/g, H, W], Transpose [0, 2, 1, 3, 4], Reshape back. */
    private static void channelShuffle(ExportGraph g, LayerNode n, ChannelShuffle s) {
        Shape in = n.inputShapes().get(0);
        int c = in.dim(0);
        String split = g.intermediate(n, "split");
        String swapped = g.intermediate(n, "swapped");
        // 0 in a Reshape target copies that dim of the input: the batch
        g.node(n.name(), "Reshape", List.of(in(n, 0), g.int64s(n.name() + ".split_shape", 0, s.groups(),
                c / s.groups(), in.dim(1), in.dim(2))), split);
        g.node(n.name() + ".transpose", "Transpose", List.of(split), swapped, ints("perm", 0, 2, 1, 3, 4));
        g.node(n.name() + ".merge", "Reshape", List.of(swapped, g.int64s(n.name() + ".shape", 0, c, in.dim(1),
                in.dim(2))), n.name());
    }

    /** x · sigmoid(x): ONNX has no SiLU before opset 24, and PyTorch writes these two nodes. */
    private static void silu(ExportGraph g, LayerNode n, SiLU s) {
        String sig = g.intermediate(n, "sigmoid");
        g.node(sig, "Sigmoid", List.of(in(n, 0)), sig);
        g.node(n.name(), "Mul", List.of(in(n, 0), sig), n.name());
    }

    /** The exact GELU as PyTorch writes it: 0.5 · (x · (1 + erf(x / √2))). The tanh form is not written. */
    private static void gelu(ExportGraph g, LayerNode n, GELU l) {
        if (l.tanhApproximation()) {
            throw new ModelException(n.name() + ": gelu with approximate \"tanh\" cannot be written as ONNX yet; "
                    + "the exporter writes the exact form (approximate \"none\")");
        }
        String x = in(n, 0);
        String div = g.intermediate(n, "div");
        String erf = g.intermediate(n, "erf");
        String plus = g.intermediate(n, "plus1");
        String times = g.intermediate(n, "times_x");
        g.node(n.name(), "Div", List.of(x, g.scalar(n.name() + ".c_sqrt2", (float) Math.sqrt(2))), div);
        g.node(erf, "Erf", List.of(div), erf);
        g.node(plus, "Add", List.of(erf, g.scalar(n.name() + ".c_one", 1f)), plus);
        g.node(times, "Mul", List.of(x, plus), times);
        g.node(n.name() + ".half", "Mul", List.of(times, g.scalar(n.name() + ".c_half", 0.5f)), n.name());
    }

    private static AttributeProto strides(Dims2 s) {
        return ints("strides", s.h(), s.w());
    }

    /** ONNX's pads: begins (top, left), then ends (bottom, right). */
    private static AttributeProto pads(Padding p) {
        return ints("pads", p.top(), p.left(), p.bottom(), p.right());
    }
}
