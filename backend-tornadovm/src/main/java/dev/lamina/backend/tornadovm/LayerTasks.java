package dev.lamina.backend.tornadovm;

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
import dev.lamina.api.Padding;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.SiLU;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Slice;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
import dev.lamina.api.ZeroPad2d;
import dev.lamina.spi.Node;
import dev.lamina.spi.helpers.LayerTable;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

import java.util.List;
import java.util.function.Supplier;

/**
 * The {@link LayerTask} for each layer type: this backend's one place per layer type, a {@link LayerTable}
 * that {@link TornadoVmBackend#supports} answers from: every layer type and parameter of Lamina 0.2, none
 * declined. Flatten, identity and dropout are views ({@link Network} gives them their input's buffer); a layer
 * type missing here is reported as unsupported, never run by another kernel.
 */
final class LayerTasks {
    /** Dense layers with at least this many input features use the work-group reduction kernel. */
    static final int GROUP_DENSE_FEATURES = 1024;

    /**
     * Builds the task of one node of type {@code L}; its weights are added to {@code weights}, and
     * {@code noBias} supplies the placeholder a kernel gets for its bias argument when the layer has none.
     */
    @FunctionalInterface
    interface Factory<L extends Layer> {
        LayerTask of(L layer, Node node, List<FloatArray> weights, Supplier<FloatArray> noBias);
    }

    static final LayerTable<Factory<Layer>> TABLE = LayerTable.of(TornadoVmBackendProvider.ID);

    static {
        add(Conv2d.class, LayerTasks::conv);
        add(MaxPool2d.class, (p, node, weights, noBias) -> {
            Window g = new Window(node, p.kernel(), p.stride(), p.padding());
            Dims2 d = p.dilation();
            return (s, x, y, batch) -> s.task(node.name(), Kernels::maxPool, x[0], y, g.height, g.width, g.outH,
                    g.outW, g.kh, g.kw, g.sh, g.sw, g.top, g.left, d.h(), d.w());
        });
        add(AvgPool2d.class, (p, node, weights, noBias) -> {
            Window g = new Window(node, p.kernel(), p.stride(), p.padding());
            int countPad = p.countIncludePad() ? 1 : 0;
            int rowLimit = g.height + p.padding().bottom();
            int colLimit = g.width + p.padding().right();
            return (s, x, y, batch) -> s.task(node.name(), Kernels::avgPool, x[0], y, g.height, g.width, g.outH,
                    g.outW, g.kh, g.kw, g.sh, g.sw, g.top, g.left, countPad, rowLimit, colLimit);
        });
        add(AdaptiveMaxPool2d.class, (p, node, weights, noBias) -> adaptive(node, p.output(), 1));
        add(AdaptiveAvgPool2d.class, (p, node, weights, noBias) -> adaptive(node, p.output(), 0));
        add(BatchNorm2d.class, LayerTasks::batchNorm);
        add(ReLU.class, (r, node, weights, noBias) -> (s, x, y, batch) -> s.task(node.name(), Kernels::relu, x[0], y));
        add(Sigmoid.class, (g, node, weights, noBias) ->
                (s, x, y, batch) -> s.task(node.name(), Kernels::sigmoid, x[0], y));
        add(Tanh.class, (t, node, weights, noBias) ->
                (s, x, y, batch) -> s.task(node.name(), Kernels::hyperbolicTangent, x[0], y));
        add(Hardtanh.class, (h, node, weights, noBias) ->
                (s, x, y, batch) -> s.task(node.name(), Kernels::hardtanh, x[0], y, h.min(), h.max()));
        add(LeakyReLU.class, (r, node, weights, noBias) ->
                (s, x, y, batch) -> s.task(node.name(), Kernels::leakyRelu, x[0], y, r.slope()));
        add(ELU.class, (e, node, weights, noBias) ->
                (s, x, y, batch) -> s.task(node.name(), Kernels::elu, x[0], y, e.alpha()));
        add(Hardsigmoid.class, (h, node, weights, noBias) ->
                (s, x, y, batch) -> s.task(node.name(), Kernels::hardsigmoid, x[0], y, h.alpha(), h.beta()));
        add(Hardswish.class, (h, node, weights, noBias) ->
                (s, x, y, batch) -> s.task(node.name(), Kernels::hardswish, x[0], y));
        add(SiLU.class, (f, node, weights, noBias) ->
                (s, x, y, batch) -> s.task(node.name(), Kernels::silu, x[0], y));
        add(GELU.class, (g, node, weights, noBias) -> g.tanhApproximation()
                ? (s, x, y, batch) -> s.task(node.name(), Kernels::geluTanh, x[0], y)
                : (s, x, y, batch) -> s.task(node.name(), Kernels::gelu, x[0], y));
        add(Softmax.class, (m, node, weights, noBias) -> {
            Shape shape = node.outputShape();
            int axis = shape.dim(0);
            int inner = shape.size() / axis;
            return (s, x, y, batch) -> s.task(node.name(), Kernels::softmax, x[0], y, axis, inner,
                    Math.multiplyExact(batch, inner));
        });
        add(Dense.class, LayerTasks::dense);
        add(Add.class, (a, node, weights, noBias) -> {
            int[] planes = broadcastPlanes(node);
            return (s, x, y, batch) -> {
                s.task(node.name(), Kernels::add, x[0], x[1], y, planes[0], planes[1]);
                for (int i = 2; i < x.length; i++) {
                    s.task(node.name(), Kernels::accumulate, y, x[i], planes[i]);
                }
            };
        });
        add(Mul.class, (m, node, weights, noBias) -> {
            int[] planes = broadcastPlanes(node);
            return (s, x, y, batch) -> s.task(node.name(), Kernels::mul, x[0], x[1], y, planes[0], planes[1]);
        });
        add(Concat.class, (c, node, weights, noBias) -> {
            int[] sizes = node.inputShapes().stream().mapToInt(Shape::size).toArray();
            int total = node.outputShape().size();
            return (s, x, y, batch) -> {
                int offset = 0;
                for (int i = 0; i < x.length; i++) {
                    s.task(node.name(), Kernels::concatInto, x[i], y, sizes[i], total, offset);
                    offset += sizes[i];
                }
            };
        });
        add(ChannelShuffle.class, (c, node, weights, noBias) -> {
            Shape in = node.inputShape();
            int channels = in.dim(0);
            int plane = in.size() / channels;
            return (s, x, y, batch) -> s.task(node.name(), Kernels::channelShuffle, x[0], y, channels, c.groups(),
                    plane);
        });
        add(Slice.class, (c, node, weights, noBias) -> {
            Shape in = node.inputShape();
            int inner = 1;
            for (int a = c.axis() + 1; a < in.rank(); a++) {
                inner *= in.dim(a);
            }
            int inRow = in.dim(c.axis()) * inner;
            int outRow = (c.end() - c.start()) * inner;
            int offset = c.start() * inner;
            return (s, x, y, batch) -> s.task(node.name(), Kernels::slice, x[0], y, inRow, outRow, offset);
        });
        add(ZeroPad2d.class, (z, node, weights, noBias) -> {
            Shape in = node.inputShape();
            Shape out = node.outputShape();
            return (s, x, y, batch) -> s.task(node.name(), Kernels::zeroPad, x[0], y, in.dim(1), in.dim(2),
                    out.dim(1), out.dim(2), z.padding().top(), z.padding().left());
        });
        TABLE.registerView(Flatten.class);
        TABLE.registerView(Identity.class);
        TABLE.registerView(Dropout.class);
    }

    private LayerTasks() {
    }

    private static <L extends Layer> void add(Class<L> type, Factory<L> factory) {
        TABLE.register(type, (layer, node, weights, noBias) -> factory.of(type.cast(layer), node, weights, noBias));
    }

    /** Whether the node is a view: it shares its input's buffer and has no task. */
    static boolean isView(Node node) {
        return TABLE.isView(node);
    }

    /** The task of a node that is not a view; its weights are added to {@code weights}. */
    static LayerTask of(Node node, List<FloatArray> weights, Supplier<FloatArray> noBias) {
        return TABLE.factory(node).of(node.layer(), node, weights, noBias);
    }

    /**
     * conv2d: the blocked kernel when no filter block would span two groups (groups 1, or a multiple of
     * {@link Kernels#CONV_BLOCK} filters per group), else the direct grouped kernel (depthwise and other
     * narrow groups). Both get a bias array, zeros when the layer has none.
     */
    private static LayerTask conv(Conv2d c, Node node, List<FloatArray> weights, Supplier<FloatArray> noBias) {
        String name = node.name();
        Shape in = node.inputShape();
        Shape out = node.outputShape();
        int groups = c.groups();
        int groupChannels = in.dim(0) / groups;
        int groupFilters = c.filters() / groups;
        Dims2 k = c.kernel();
        FloatArray b = c.bias() ? weight(node, "bias", weights) : zeros(c.filters(), weights);
        int height = in.dim(1);
        int width = in.dim(2);
        int outH = out.dim(1);
        int outW = out.dim(2);
        Dims2 st = c.stride();
        Padding pad = c.padding();
        Dims2 dil = c.dilation();
        if (groups == 1 || groupFilters % Kernels.CONV_BLOCK == 0) {
            FloatArray w = FloatArrays.of(Kernels.packConvWeights(node.param("weight"), groups, groupFilters,
                    groupChannels * k.h() * k.w()));
            weights.add(w);
            int groupBlocks = (groupFilters + Kernels.CONV_BLOCK - 1) / Kernels.CONV_BLOCK;
            int perSample = Math.multiplyExact(groups * groupBlocks, outH * outW);
            return (s, x, y, batch) -> s.task(name, Kernels::conv2dBlocked, x[0], w, b, y, groupChannels, groups,
                    groupFilters, height, width, outH, outW, k.h(), k.w(), st.h(), st.w(), pad.top(), pad.left(),
                    dil.h(), dil.w(), Math.multiplyExact(batch, perSample));
        }
        FloatArray w = weight(node, "weight", weights);
        return (s, x, y, batch) -> s.task(name, Kernels::conv2dGrouped, x[0], w, b, y, groupChannels, groups,
                groupFilters, height, width, outH, outW, k.h(), k.w(), st.h(), st.w(), pad.top(), pad.left(),
                dil.h(), dil.w());
    }

    /** adaptive_maxpool2d ({@code max} 1) and adaptive_avgpool2d ({@code max} 0): one kernel. */
    private static LayerTask adaptive(Node node, Dims2 output, int max) {
        Shape in = node.inputShape();
        return (s, x, y, batch) -> s.task(node.name(), Kernels::adaptivePool, x[0], y, in.dim(1), in.dim(2),
                output.h(), output.w(), max);
    }

    /**
     * batchnorm2d: folded here into a scale and shift per channel, in double and rounded once, as backend-cpu
     * folds it ({@code scale = weight / sqrt(running_var + eps)}, {@code shift = bias − running_mean·scale};
     * weight 1 and bias 0 without affine).
     */
    private static LayerTask batchNorm(BatchNorm2d bn, Node node, List<FloatArray> weights,
                                       Supplier<FloatArray> noBias) {
        Shape in = node.inputShape();
        int channels = in.dim(0);
        int plane = in.size() / channels;
        float[] mean = node.param(BatchNorm2d.RUNNING_MEAN);
        float[] var = node.param(BatchNorm2d.RUNNING_VAR);
        float[] gamma = bn.affine() ? node.param("weight") : null;
        float[] beta = bn.affine() ? node.param("bias") : null;
        float[] scale = new float[channels];
        float[] shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            double a = (gamma == null ? 1.0 : gamma[c]) / Math.sqrt((double) var[c] + bn.eps());
            scale[c] = (float) a;
            shift[c] = (float) ((beta == null ? 0.0 : beta[c]) - mean[c] * a);
        }
        FloatArray a = FloatArrays.of(scale);
        FloatArray b = FloatArrays.of(shift);
        weights.add(a);
        weights.add(b);
        return (s, x, y, batch) -> s.task(node.name(), Kernels::batchNorm, x[0], a, b, y, channels, plane);
    }

    /**
     * For each input of an add or mul, what {@link Kernels#add} divides the output index by to find its value:
     * 1 for an input of the output's shape, H × W for a {@code [C, 1, 1]} input broadcast over {@code [C, H, W]}.
     */
    private static int[] broadcastPlanes(Node node) {
        Shape out = node.outputShape();
        return node.inputShapes().stream().mapToInt(s -> s.equals(out) ? 1 : out.size() / out.dim(0)).toArray();
    }

    private static LayerTask dense(Dense d, Node node, List<FloatArray> weights, Supplier<FloatArray> noBias) {
        String name = node.name();
        FloatArray w = weight(node, "weight", weights);
        FloatArray b = d.bias() ? weight(node, "bias", weights) : noBias.get();
        int bias = d.bias() ? 1 : 0;
        int features = node.inputShape().size();
        int units = d.units();
        if (features >= GROUP_DENSE_FEATURES) {
            return (s, x, y, batch) -> s.kernel(name,
                    Math.multiplyExact(Math.multiplyExact(batch, units), Kernels.DENSE_GROUP), Kernels.DENSE_GROUP,
                    Kernels::denseGroup, x[0], w, b, y, features, units, bias);
        }
        return (s, x, y, batch) -> s.task(name, Kernels::dense, x[0], w, b, y, features, units, bias);
    }

    private static FloatArray zeros(int size, List<FloatArray> weights) {
        FloatArray a = new FloatArray(size);
        a.init(0f);
        weights.add(a);
        return a;
    }

    private static FloatArray weight(Node node, String key, List<FloatArray> weights) {
        FloatArray a = FloatArrays.of(node.param(key));
        weights.add(a);
        return a;
    }

    /** The geometry of a pooling window, as the pool kernels take it. */
    private record Window(int height, int width, int outH, int outW, int kh, int kw, int sh, int sw, int top,
                          int left) {
        Window(Node node, Dims2 kernel, Dims2 stride, Padding padding) {
            this(node.inputShape().dim(1), node.inputShape().dim(2), node.outputShape().dim(1),
                    node.outputShape().dim(2), kernel.h(), kernel.w(), stride.h(), stride.w(), padding.top(),
                    padding.left());
        }
    }
}
