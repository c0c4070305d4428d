package dev.lamina.backend.tornadovm;

import dev.lamina.api.Add;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Dims2;
import dev.lamina.api.Flatten;
import dev.lamina.api.Layer;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Padding;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
import dev.lamina.spi.Node;
import dev.lamina.spi.Support;
import dev.lamina.spi.helpers.LayerTable;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

import java.util.List;
import java.util.function.Supplier;

/**
 * The {@link LayerTask} for each layer type: this backend's one place per layer type, a {@link LayerTable}
 * that {@link TornadoVmBackend#supports} answers from. Flatten is a view ({@link Network} gives it its input's
 * buffer); a layer type missing here is reported as unsupported, never run by another kernel.
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
        // Lamina 0.2's parameters have no device kernels yet: declined here, shown as unsupported in the matrix.
        add(Conv2d.class, (c, node) -> c.groups() == 1 && c.padding().symmetric() ? Support.yes()
                : Support.no("tornadovm runs conv2d with groups 1 and symmetric padding only (groups " + c.groups()
                        + ", padding " + c.padding() + ")"), LayerTasks::conv);
        add(MaxPool2d.class, (p, node) -> !p.ceilMode() && p.dilation().equals(Dims2.of(1)) && p.padding().symmetric()
                ? Support.yes() : Support.no("tornadovm runs maxpool2d without ceil_mode, dilation or asymmetric"
                        + " padding only"), (p, node, weights, noBias) -> {
            Window g = new Window(node, p.kernel(), p.stride(), p.padding());
            return (s, x, y, batch) -> s.task(node.name(), Kernels::maxPool, x[0], y, g.height, g.width, g.outH,
                    g.outW, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw);
        });
        add(AvgPool2d.class, (p, node) -> !p.ceilMode() && p.countIncludePad() && p.padding().symmetric()
                ? Support.yes() : Support.no("tornadovm runs avgpool2d without ceil_mode, count_include_pad=false or"
                        + " asymmetric padding only"), (p, node, weights, noBias) -> {
            Window g = new Window(node, p.kernel(), p.stride(), p.padding());
            return (s, x, y, batch) -> s.task(node.name(), Kernels::avgPool, x[0], y, g.height, g.width, g.outH,
                    g.outW, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw);
        });
        add(ReLU.class, (r, node, weights, noBias) -> (s, x, y, batch) -> s.task(node.name(), Kernels::relu, x[0], y));
        add(Sigmoid.class, (g, node, weights, noBias) ->
                (s, x, y, batch) -> s.task(node.name(), Kernels::sigmoid, x[0], y));
        add(Tanh.class, (t, node, weights, noBias) ->
                (s, x, y, batch) -> s.task(node.name(), Kernels::hyperbolicTangent, x[0], y));
        add(Softmax.class, (m, node, weights, noBias) -> {
            Shape shape = node.outputShape();
            int axis = shape.dim(0);
            int inner = shape.size() / axis;
            return (s, x, y, batch) -> s.task(node.name(), Kernels::softmax, x[0], y, axis, inner,
                    Math.multiplyExact(batch, inner));
        });
        add(Dense.class, LayerTasks::dense);
        add(Add.class, (a, node) -> node.inputShapes().stream().allMatch(node.outputShape()::equals) ? Support.yes()
                : Support.no("tornadovm does not broadcast add yet"), (a, node, weights, noBias) -> (s, x, y, batch) -> {
            s.task(node.name(), Kernels::add, x[0], x[1], y);
            for (int i = 2; i < x.length; i++) {
                s.task(node.name(), Kernels::accumulate, y, x[i]);
            }
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
        TABLE.registerView(Flatten.class);
    }

    private LayerTasks() {
    }

    private static <L extends Layer> void add(Class<L> type, Factory<L> factory) {
        TABLE.register(type, (layer, node, weights, noBias) -> factory.of(type.cast(layer), node, weights, noBias));
    }

    private static <L extends Layer> void add(Class<L> type, LayerTable.Check<? super L> check, Factory<L> factory) {
        TABLE.register(type, check,
                (layer, node, weights, noBias) -> factory.of(type.cast(layer), node, weights, noBias));
    }

    /** Whether the node is a view: it shares its input's buffer and has no task. */
    static boolean isView(Node node) {
        return TABLE.isView(node);
    }

    /** The task of a node that is not a view; its weights are added to {@code weights}. */
    static LayerTask of(Node node, List<FloatArray> weights, Supplier<FloatArray> noBias) {
        return TABLE.factory(node).of(node.layer(), node, weights, noBias);
    }

    private static LayerTask conv(Conv2d c, Node node, List<FloatArray> weights, Supplier<FloatArray> noBias) {
        String name = node.name();
        Shape in = node.inputShape();
        Shape out = node.outputShape();
        int channels = in.dim(0);
        Dims2 k = c.kernel();
        FloatArray w = FloatArrays.of(Kernels.packConvWeights(node.param("weight"), c.filters(), channels * k.h() * k.w()));
        weights.add(w);
        FloatArray b = c.bias() ? weight(node, "bias", weights) : noBias.get();
        int bias = c.bias() ? 1 : 0;
        int height = in.dim(1);
        int width = in.dim(2);
        int filters = out.dim(0);
        int outH = out.dim(1);
        int outW = out.dim(2);
        Dims2 st = c.stride();
        Padding pad = c.padding();
        Dims2 dil = c.dilation();
        int perSample = (filters + Kernels.CONV_BLOCK - 1) / Kernels.CONV_BLOCK * outH * outW;
        return (s, x, y, batch) -> s.task(name, Kernels::conv2dBlocked, x[0], w, b, y, channels, height, width,
                filters, outH, outW, k.h(), k.w(), st.h(), st.w(), pad.top(), pad.left(), dil.h(), dil.w(), bias,
                Math.multiplyExact(batch, perSample));
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

    private static FloatArray weight(Node node, String key, List<FloatArray> weights) {
        FloatArray a = FloatArrays.of(node.param(key));
        weights.add(a);
        return a;
    }

    /** The geometry of a pooling window, as the pool kernels take it. */
    private record Window(int height, int width, int outH, int outW, int kh, int kw, int sh, int sw, int ph, int pw) {
        Window(Node node, Dims2 kernel, Dims2 stride, Padding padding) {
            this(node.inputShape().dim(1), node.inputShape().dim(2), node.outputShape().dim(1),
                    node.outputShape().dim(2), kernel.h(), kernel.w(), stride.h(), stride.w(), padding.top(),
                    padding.left());
        }
    }
}
