package dev.lamina.conformance.cases;

import dev.lamina.api.Add;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Dims2;
import dev.lamina.api.Padding;
import dev.lamina.api.Flatten;
import dev.lamina.api.Layer;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
import dev.lamina.api.Tensor;
import dev.lamina.core.Model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Each layer type over its parameter space, against the reference implementation. Every case is one layer
 * (or a small graph for add and concat) so that a failure points at one kernel and one parameter.
 */
final class LayerCases {
    private static final float NAN = Float.NaN;
    private static final float INF = Float.POSITIVE_INFINITY;

    private LayerCases() {
    }

    static List<ConformanceCase> all() {
        List<ConformanceCase> l = new ArrayList<>();
        conv(l);
        pools(l);
        activations(l);
        softmax(l);
        dense(l);
        addConcat(l);
        CnnLayerCases.add(l);
        return l;
    }

    static ConformanceCase of(String id, Rule rule, String title, Requirement req, Supplier<Fixture> f) {
        return new ConformanceCase(id, rule, title, req, ModelCheck.reference(f));
    }

    /** A deterministic seed per case (String.hashCode is specified, so the same on every JVM). */
    private static long seed(String id) {
        return id.hashCode();
    }

    static ConformanceCase layer(String id, Rule rule, String title, Requirement req, Layer layer,
                                         int batch, int... chw) {
        return of(id, rule, title, req, Fixtures.layer(id, layer, batch, seed(id), chw));
    }

    static ConformanceCase layer(String id, Rule rule, String title, Layer layer, int batch, int... chw) {
        return layer(id, rule, title, Requirement.optional(), layer, batch, chw);
    }

    private static Conv2d conv(int filters, int kh, int kw) {
        return Conv2d.of(filters, kh, kw);
    }

    private static void conv(List<ConformanceCase> l) {
        Rule r;
        l.add(layer("conv2d/basic", Rule.CONV2D_BASIC, "conv 2→4, 3×3 on 7×7, batch 2",
                Requirement.basicOf("conv2d"), conv(4, 3, 3), 2, 2, 7, 7));
        r = Rule.CONV2D_STRIDE;
        l.add(layer("conv2d/stride-2-pad-1", r, "conv 3×3 stride 2 pad 1 on 9×9, batch 3",
                conv(3, 3, 3).withStride(2, 2).withPadding(1, 1), 3, 2, 9, 9));
        l.add(layer("conv2d/stride-2x3", r, "conv 3×2 stride 2×3 on 10×11 (strides leave a remainder)",
                conv(2, 3, 2).withStride(2, 3), 1, 3, 10, 11));
        l.add(layer("conv2d/stride-4", r, "conv 2×2 stride 4 on 9×10 (stride above the kernel)",
                conv(3, 2, 2).withStride(4, 4), 2, 2, 9, 10));
        r = Rule.CONV2D_PADDING;
        l.add(layer("conv2d/padding-same", r, "conv 3×3 pad 1 on 6×6 ('same'), batch 2",
                conv(4, 3, 3).withPadding(1, 1), 2, 3, 6, 6));
        l.add(layer("conv2d/padding-2x0", r, "conv 5×3 pad 2×0 on 5×8", conv(2, 5, 3).withPadding(2, 0), 1, 1, 5, 8));
        l.add(layer("conv2d/padding-wide", r, "conv 3×3 pad 3 on 4×4 (border outputs see only padding)",
                conv(2, 3, 3).withPadding(3, 3), 2, 2, 4, 4));
        r = Rule.CONV2D_DILATION;
        l.add(layer("conv2d/dilation-2", r, "conv 3×3 dilation 2 on 9×9", conv(3, 3, 3).withDilation(2, 2), 2, 2, 9, 9));
        l.add(layer("conv2d/dilation-2x1-pad-stride", r, "conv 3×2 dilation 2×1 pad 2×1 stride 1×2 on 8×9",
                conv(2, 3, 2).withDilation(2, 1).withPadding(2, 1).withStride(1, 2), 1, 2, 8, 9));
        r = Rule.CONV2D_KERNEL_SHAPE;
        l.add(layer("conv2d/kernel-1x3", r, "conv 1×3 on 5×7", conv(3, 1, 3), 2, 2, 5, 7));
        l.add(layer("conv2d/kernel-5x2", r, "conv 5×2 on 9×7, batch 2", conv(2, 5, 2), 2, 1, 9, 7));
        l.add(layer("conv2d/kernel-4x4-odd-input", r, "conv 4×4 stride 3 on 11×13", conv(3, 4, 4).withStride(3, 3),
                1, 2, 11, 13));
        l.add(layer("conv2d/kernel-whole-input", r, "conv 5×6 on 5×6 (one output per filter)", conv(4, 5, 6), 3, 2, 5, 6));
        l.add(layer("conv2d/pointwise", Rule.CONV2D_POINTWISE, "conv 1×1, 8→5 channels on 4×5, batch 2",
                conv(5, 1, 1), 2, 8, 4, 5));
        l.add(layer("conv2d/pointwise-stride", Rule.CONV2D_POINTWISE, "conv 1×1 stride 2 on 5×5",
                conv(3, 1, 1).withStride(2, 2), 1, 4, 5, 5));
        r = Rule.CONV2D_CHANNELS;
        l.add(layer("conv2d/channels-32-16", r, "conv 32→16, 3×3 on 6×6 (288 terms a sum)", conv(16, 3, 3), 2, 32, 6, 6));
        l.add(layer("conv2d/channels-3-64", r, "conv 3→64, 3×3 pad 1 on 8×8", conv(64, 3, 3).withPadding(1, 1), 1, 3, 8, 8));
        r = Rule.CONV2D_BATCH;
        l.add(layer("conv2d/batch-1", r, "conv 3×3 on 6×6, batch 1", conv(3, 3, 3), 1, 2, 6, 6));
        l.add(layer("conv2d/batch-9", r, "conv 3×3 pad 1 on 6×6, batch 9", conv(3, 3, 3).withPadding(1, 1), 9, 2, 6, 6));
        l.add(layer("conv2d/no-bias", Rule.CONV2D_NO_BIAS, "conv 3×3 without bias on 6×6, batch 2",
                conv(3, 3, 3).withBias(false), 2, 2, 6, 6));
        r = Rule.CONV2D_NAN_INF;
        l.add(of("conv2d/nan", r, "conv 3×3 pad 1 with a NaN input: NaN in exactly the windows that see it",
                Requirement.optional(), Fixtures.layerOn("conv2d/nan", conv(2, 3, 3).withPadding(1, 1),
                        () -> Fixtures.with(Fixtures.input(2, 11, 1, 6, 6), new int[]{7, 36 + 35}, new float[]{NAN, NAN}))));
        l.add(of("conv2d/inf", r, "conv 3×3 with +Inf and −Inf inputs: ±Inf by the weights' signs, NaN where they meet",
                Requirement.optional(), Fixtures.layerOn("conv2d/inf", conv(2, 3, 3),
                        () -> Fixtures.with(Fixtures.input(1, 12, 1, 7, 7), new int[]{8, 17, 40},
                                new float[]{INF, -INF, INF}))));
    }

    private static void pools(List<ConformanceCase> l) {
        Rule r;
        l.add(layer("maxpool/basic", Rule.MAXPOOL_BASIC, "max pool 2×2 on 6×6, batch 2",
                Requirement.basicOf("maxpool2d"), MaxPool2d.of(2, 2), 2, 3, 6, 6));
        r = Rule.MAXPOOL_OVERLAP;
        l.add(layer("maxpool/3-stride-2", r, "max pool 3×3 stride 2 on 7×7",
                new MaxPool2d(Dims2.of(3), Dims2.of(2), Padding.of(0), Dims2.of(1), false), 2, 2, 7, 7));
        l.add(layer("maxpool/2-stride-1", r, "max pool 2×2 stride 1 on 5×6",
                new MaxPool2d(Dims2.of(2), Dims2.of(1), Padding.of(0), Dims2.of(1), false), 1, 2, 5, 6));
        r = Rule.MAXPOOL_PADDING;
        l.add(of("maxpool/3-stride-2-pad-1", r, "max pool 3×3 stride 2 pad 1 on negative 6×6 (padding is −∞)",
                Requirement.optional(), Fixtures.layerOn("maxpool/3-stride-2-pad-1",
                        new MaxPool2d(Dims2.of(3), Dims2.of(2), Padding.of(1), Dims2.of(1), false),
                        () -> Fixtures.uniform(Shape.of(2, 2, 6, 6), 21, -2, -1))));
        l.add(of("maxpool/3x5-pad-1x2", r, "max pool 3×5 stride 1×2 pad 1×2 on negative 6×9",
                Requirement.optional(), Fixtures.layerOn("maxpool/3x5-pad-1x2",
                        new MaxPool2d(Dims2.of(3, 5), Dims2.of(1, 2), Padding.of(1, 2), Dims2.of(1), false),
                        () -> Fixtures.uniform(Shape.of(1, 1, 6, 9), 22, -3, -0.5))));
        r = Rule.MAXPOOL_KERNEL_SHAPE;
        l.add(layer("maxpool/odd-input", r, "max pool 2×2 on 7×9 (the last row and column are dropped)",
                MaxPool2d.of(2, 2), 2, 2, 7, 9));
        l.add(layer("maxpool/1x3", r, "max pool 1×3 on 4×7", MaxPool2d.of(1, 3), 1, 2, 4, 7));
        l.add(layer("maxpool/3x2-stride-2x1", r, "max pool 3×2 stride 2×1 on 7×5",
                new MaxPool2d(Dims2.of(3, 2), Dims2.of(2, 1), Padding.of(0), Dims2.of(1), false), 1, 3, 7, 5));
        r = Rule.MAXPOOL_NAN_INF;
        l.add(of("maxpool/nan", r, "max pool 2×2 where NaN sits beside larger values: NaN wins",
                Requirement.optional(), Fixtures.layerOn("maxpool/nan", MaxPool2d.of(2, 2),
                        () -> Tensor.of(Shape.of(1, 1, 2, 4), new float[]{1, NAN, 0, 5, 9, 2, NAN, 7}))));
        l.add(of("maxpool/inf", r, "max pool 2×2 with +Inf, −Inf and a window of −Inf only",
                Requirement.optional(), Fixtures.layerOn("maxpool/inf", MaxPool2d.of(2, 2),
                        () -> Tensor.of(Shape.of(1, 1, 2, 6), new float[]{1, -INF, -INF, -INF, 3, INF,
                                2, 0, -INF, -INF, -4, 1}))));

        l.add(layer("avgpool/basic", Rule.AVGPOOL_BASIC, "average pool 2×2 on 6×6, batch 2",
                Requirement.basicOf("avgpool2d"), AvgPool2d.of(2, 2), 2, 3, 6, 6));
        l.add(layer("avgpool/3-stride-2", Rule.AVGPOOL_OVERLAP, "average pool 3×3 stride 2 on 7×7",
                new AvgPool2d(Dims2.of(3), Dims2.of(2), Padding.of(0), false, true), 2, 2, 7, 7));
        r = Rule.AVGPOOL_PADDING;
        l.add(layer("avgpool/3-stride-2-pad-1", r, "average pool 3×3 stride 2 pad 1 on 6×6 (border windows divide by 9)",
                new AvgPool2d(Dims2.of(3), Dims2.of(2), Padding.of(1), false, true), 2, 2, 6, 6));
        l.add(layer("avgpool/2x3-pad-1", r, "average pool 2×3 stride 2×1 pad 1 on 5×7",
                new AvgPool2d(Dims2.of(2, 3), Dims2.of(2, 1), Padding.of(1), false, true), 1, 1, 5, 7));
    }

    static Supplier<Tensor> values(float... v) {
        return () -> Tensor.of(Shape.of(1, v.length), v);
    }

    private static void activations(List<ConformanceCase> l) {
        l.add(layer("relu/image", Rule.RELU_BASIC, "ReLU on 3×4×5, batch 2", Requirement.basicOf("relu"),
                new ReLU(), 2, 3, 4, 5));
        l.add(layer("relu/features", Rule.RELU_BASIC, "ReLU on 10 features, batch 3", new ReLU(), 3, 10));
        l.add(of("relu/nan-inf", Rule.RELU_NAN_INF, "ReLU of NaN, ±Inf, ±0 and subnormals", Requirement.optional(),
                Fixtures.layerOn("relu/nan-inf", new ReLU(),
                        values(NAN, INF, -INF, 0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-30f, -3f, 2.5f))));

        l.add(of("sigmoid/basic", Rule.SIGMOID_BASIC, "sigmoid on 3×4×5 in [−6, 6), batch 2",
                Requirement.basicOf("sigmoid"), Fixtures.layerOn("sigmoid/basic", new Sigmoid(),
                        () -> Fixtures.uniform(Shape.of(2, 3, 4, 5), 31, -6, 6))));
        l.add(of("sigmoid/saturation", Rule.SIGMOID_SATURATION, "sigmoid of ±10 … ±3e38: exactly 0 and 1 at the ends",
                Requirement.optional(), Fixtures.layerOn("sigmoid/saturation", new Sigmoid(),
                        values(10, -10, 17, -17, 20, -20, 50, -50, 88, -88, 100, -100, 104, -104, 1e4f, -1e4f,
                                3e38f, -3e38f))));
        l.add(of("sigmoid/nan-inf", Rule.SIGMOID_NAN_INF, "sigmoid of NaN, +Inf, −Inf", Requirement.optional(),
                Fixtures.layerOn("sigmoid/nan-inf", new Sigmoid(), values(NAN, INF, -INF, 0))));

        l.add(of("tanh/basic", Rule.TANH_BASIC, "tanh on 3×4×5 in [−4, 4) and tiny arguments, batch 2",
                Requirement.basicOf("tanh"), Fixtures.layerOn("tanh/basic", new Tanh(),
                        () -> Fixtures.with(Fixtures.uniform(Shape.of(2, 3, 4, 5), 32, -4, 4),
                                new int[]{0, 1, 2, 3}, new float[]{1e-3f, -1e-5f, 1e-10f, -1e-30f}))));
        l.add(of("tanh/saturation", Rule.TANH_SATURATION, "tanh of ±9 … ±3e38: exactly ±1 at the ends",
                Requirement.optional(), Fixtures.layerOn("tanh/saturation", new Tanh(),
                        values(9, -9, 10, -10, 20, -20, 50, -50, 100, -100, 1e4f, -1e4f, 3e38f, -3e38f))));
        l.add(of("tanh/nan-inf", Rule.TANH_NAN_INF, "tanh of NaN, +Inf, −Inf", Requirement.optional(),
                Fixtures.layerOn("tanh/nan-inf", new Tanh(), values(NAN, INF, -INF, 0))));

        l.add(layer("flatten/basic", Rule.FLATTEN_BASIC, "flatten 3×4×5, batch 2", Requirement.basicOf("flatten"),
                new Flatten(), 2, 3, 4, 5));
        l.add(of("flatten/then-dense", Rule.FLATTEN_BASIC, "flatten 3×4×4 then dense 5: C, H, W order reaches the weights",
                Requirement.optional(), Fixtures.model(() -> Model.sequential("flatten-then-dense", 3, 4, 4)
                        .add("flat", new Flatten()).add("dense", Dense.of(5)).build(), 2, 41)));
    }

    private static void softmax(List<ConformanceCase> l) {
        l.add(of("softmax/features", Rule.SOFTMAX_BASIC, "softmax over 10 features in [−5, 5), batch 3",
                Requirement.basicOf("softmax"), Fixtures.layerOn("softmax/features", new Softmax(),
                        () -> Fixtures.uniform(Shape.of(3, 10), 51, -5, 5))));
        l.add(of("softmax/channels", Rule.SOFTMAX_CHANNELS, "softmax over 4 channels of 3×3, batch 2",
                Requirement.optional(), Fixtures.layerOn("softmax/channels", new Softmax(),
                        () -> Fixtures.uniform(Shape.of(2, 4, 3, 3), 52, -5, 5))));
        l.add(of("softmax/logits-plus-1000", Rule.SOFTMAX_LARGE_LOGITS,
                "softmax of logits around +1000 (a naive exp overflows)", Requirement.optional(),
                Fixtures.layerOn("softmax/logits-plus-1000", new Softmax(), () -> Tensor.of(Shape.of(2, 5),
                        new float[]{1000, 999.5f, 998, 1000, 990, 1000, 1000, 1000, 1000, 1000}))));
        l.add(of("softmax/logits-minus-1000", Rule.SOFTMAX_LARGE_LOGITS,
                "softmax of logits around −1000 and of ±1000 mixed (a naive exp vanishes)", Requirement.optional(),
                Fixtures.layerOn("softmax/logits-minus-1000", new Softmax(), () -> Tensor.of(Shape.of(2, 4),
                        new float[]{-1000, -1001, -1002.5f, -1000, 1000, -1000, 0, 999}))));
        l.add(of("softmax/nan-inf", Rule.SOFTMAX_NAN_INF,
                "softmax rows with NaN, with +Inf, with −Inf, all −Inf", Requirement.optional(),
                Fixtures.layerOn("softmax/nan-inf", new Softmax(), () -> Tensor.of(Shape.of(5, 3),
                        new float[]{1, NAN, 2, INF, 1, 2, -INF, 1, 2, -INF, -INF, -INF, 1, 2, 3}))));
    }

    private static void dense(List<ConformanceCase> l) {
        l.add(layer("dense/basic", Rule.DENSE_BASIC, "dense 12→5, batch 2", Requirement.basicOf("dense"),
                Dense.of(5), 2, 12));
        l.add(layer("dense/no-bias", Rule.DENSE_NO_BIAS, "dense 9→7 without bias, batch 2",
                Dense.of(7).withBias(false), 2, 9));
        l.add(layer("dense/wide", Rule.DENSE_WIDE, "dense 2000→10 (2000 terms a sum), batch 2", Dense.of(10), 2, 2000));
        l.add(layer("dense/batch-16", Rule.DENSE_BATCH, "dense 20→3, batch 16", Dense.of(3), 16, 20));
        l.add(layer("dense/batch-1-single-unit", Rule.DENSE_BATCH, "dense 7→1, batch 1", Dense.of(1), 1, 7));
        l.add(of("dense/nan-inf", Rule.DENSE_NAN_INF, "dense 6→4 on a sample with NaN, one with +Inf, one with −Inf",
                Requirement.optional(), Fixtures.layerOn("dense/nan-inf", Dense.of(4),
                        () -> Fixtures.with(Fixtures.input(4, 61, 6), new int[]{2, 6 + 4, 12 + 0},
                                new float[]{NAN, INF, -INF}))));
    }

    private static void addConcat(List<ConformanceCase> l) {
        l.add(of("add/basic", Rule.ADD_BASIC, "add(x, relu(x)) on 2×4×4, batch 2: exact",
                Requirement.basicOf("add"), Fixtures.model(() -> Model.sequential("add-basic", 2, 4, 4)
                        .add("relu", new ReLU()).add("add", new Add(), "input", "relu").build(), 2, 71)));
        l.add(of("add/three-inputs", Rule.ADD_MANY_INPUTS, "add(x, relu(x), tanh(x)) on 2×3×3, batch 2",
                Requirement.optional(), Fixtures.model(() -> Model.sequential("add-three", 2, 3, 3)
                        .add("relu", new ReLU()).add("tanh", new Tanh(), "input")
                        .add("add", new Add(), "input", "relu", "tanh").build(), 2, 72)));
        l.add(of("concat/basic", Rule.CONCAT_BASIC, "concat(x, relu(x)) on 2×3×3, batch 2: exact",
                Requirement.basicOf("concat"), Fixtures.model(() -> Model.sequential("concat-basic", 2, 3, 3)
                        .add("relu", new ReLU()).add("concat", new Concat(), "input", "relu").build(), 2, 73)));
        l.add(of("concat/three-inputs", Rule.CONCAT_MANY_INPUTS, "concat of 2, 3 and 2 channels of 4×5, batch 2",
                Requirement.optional(), Fixtures.model(() -> Model.sequential("concat-three", 2, 4, 5)
                        .add("conv", Conv2d.of(3, 1, 1)).add("relu", new ReLU(), "input")
                        .add("concat", new Concat(), "input", "conv", "relu").build(), 2, 74)));
    }
}
