package dev.lamina.backend.tornadovm;

import dev.lamina.api.Add;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Dims2;
import dev.lamina.api.Flatten;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Padding;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
import dev.lamina.spi.Node;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

import java.util.List;
import java.util.function.Supplier;

/**
 * The {@link LayerTask} for each layer type. Layer types without a kernel here are declined by
 * {@link TornadoVmBackend#supports}, so the default branch is never reached for a supported node.
 */
final class LayerTasks {
    /** Dense layers with at least this many input features use the work-group reduction kernel. */
    static final int GROUP_DENSE_FEATURES = 1024;

    private LayerTasks() {
    }

    /**
     * The task of a node; its weights are added to {@code weights}. {@code noBias} supplies the placeholder
     * a kernel gets for its bias argument when the layer has none.
     */
    static LayerTask of(Node node, List<FloatArray> weights, Supplier<FloatArray> noBias) {
        String name = node.name();
        return switch (node.layer()) {
            case Conv2d c -> conv(node, c, weights, noBias);
            case MaxPool2d p -> {
                Window g = new Window(node, p.kernel(), p.stride(), p.padding());
                yield (s, x, y, batch) -> s.task(name, Kernels::maxPool, x[0], y, g.height, g.width, g.outH, g.outW,
                        g.kh, g.kw, g.sh, g.sw, g.ph, g.pw);
            }
            case AvgPool2d p -> {
                Window g = new Window(node, p.kernel(), p.stride(), p.padding());
                yield (s, x, y, batch) -> s.task(name, Kernels::avgPool, x[0], y, g.height, g.width, g.outH, g.outW,
                        g.kh, g.kw, g.sh, g.sw, g.ph, g.pw);
            }
            case ReLU r -> (s, x, y, batch) -> s.task(name, Kernels::relu, x[0], y);
            case Sigmoid g -> (s, x, y, batch) -> s.task(name, Kernels::sigmoid, x[0], y);
            case Tanh t -> (s, x, y, batch) -> s.task(name, Kernels::hyperbolicTangent, x[0], y);
            case Softmax m -> {
                Shape shape = node.outputShape();
                int axis = shape.dim(0);
                int inner = shape.size() / axis;
                yield (s, x, y, batch) -> s.task(name, Kernels::softmax, x[0], y, axis, inner,
                        Math.multiplyExact(batch, inner));
            }
            case Dense d -> dense(node, d, weights, noBias);
            case Add a -> (s, x, y, batch) -> {
                s.task(name, Kernels::add, x[0], x[1], y);
                for (int i = 2; i < x.length; i++) {
                    s.task(name, Kernels::accumulate, y, x[i]);
                }
            };
            case Concat c -> {
                int[] sizes = node.inputShapes().stream().mapToInt(Shape::size).toArray();
                int total = node.outputShape().size();
                yield (s, x, y, batch) -> {
                    int offset = 0;
                    for (int i = 0; i < x.length; i++) {
                        s.task(name, Kernels::concatInto, x[i], y, sizes[i], total, offset);
                        offset += sizes[i];
                    }
                };
            }
            case Flatten f -> throw new IllegalArgumentException(name + ": flatten is a view, it has no task");
            default -> throw new IllegalArgumentException(name + ": tornadovm has no kernel for layer type "
                    + node.layer().type());
        };
    }

    private static LayerTask conv(Node node, Conv2d c, List<FloatArray> weights, Supplier<FloatArray> noBias) {
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

    private static LayerTask dense(Node node, Dense d, List<FloatArray> weights, Supplier<FloatArray> noBias) {
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
