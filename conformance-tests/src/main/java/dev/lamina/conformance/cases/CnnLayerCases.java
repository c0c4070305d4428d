package dev.lamina.conformance.cases;

import dev.lamina.api.AdaptiveAvgPool2d;
import dev.lamina.api.AdaptiveMaxPool2d;
import dev.lamina.api.Add;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.ChannelShuffle;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dims2;
import dev.lamina.api.Dropout;
import dev.lamina.api.ELU;
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
import dev.lamina.api.Shape;
import dev.lamina.api.SiLU;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Slice;
import dev.lamina.api.Tensor;
import dev.lamina.api.ZeroPad2d;
import dev.lamina.core.Model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.lamina.conformance.cases.LayerCases.layer;
import static dev.lamina.conformance.cases.LayerCases.of;
import static dev.lamina.conformance.cases.LayerCases.values;

/**
 * The layers of Lamina 0.2 — what torchvision's CNNs are made of — and the new parameters of conv and the
 * pools, each against the reference implementation; then torchvision's characteristic blocks against
 * PyTorch's golden outputs. Activations are probed at their kinks and where they saturate, with NaN and ±Inf.
 */
final class CnnLayerCases {
    private static final float NAN = Float.NaN;
    private static final float INF = Float.POSITIVE_INFINITY;

    private CnnLayerCases() {
    }

    static void add(List<ConformanceCase> l) {
        conv(l);
        pools(l);
        batchNorm(l);
        activations(l);
        elementwise(l);
        moves(l);
    }

    private static void conv(List<ConformanceCase> l) {
        Rule r = Rule.CONV2D_GROUPS;
        l.add(layer("conv2d/groups-3", r, "conv 6→6, 3×3, groups 3 on 7×7, batch 2",
                Conv2d.of(6, 3, 3).withGroups(3), 2, 6, 7, 7));
        l.add(layer("conv2d/groups-2-wide", r, "conv 4→8, 3×3 pad 1, groups 2 (RegNet) on 6×5",
                Conv2d.of(8, 3, 3).withPadding(1, 1).withGroups(2), 1, 4, 6, 5));
        l.add(layer("conv2d/groups-4-stride-no-bias", r, "conv 8→4, 1×1 stride 2, groups 4, no bias on 5×5",
                Conv2d.of(4, 1, 1).withStride(2, 2).withGroups(4).withBias(false), 2, 8, 5, 5));
        r = Rule.CONV2D_DEPTHWISE;
        l.add(layer("conv2d/depthwise-3x3-s2", r, "depthwise 8 channels, 3×3 stride 2 pad 1 on 9×9, batch 3",
                Conv2d.of(8, 3, 3).withStride(2, 2).withPadding(1, 1).withGroups(8), 3, 8, 9, 9));
        l.add(layer("conv2d/depthwise-5x5", r, "depthwise 6 channels, 5×5 pad 2 on 7×6 (MobileNetV3)",
                Conv2d.of(6, 5, 5).withPadding(2, 2).withGroups(6), 2, 6, 7, 6));
        l.add(layer("conv2d/depthwise-multiplier-2", r, "depthwise with multiplier 2: 3→6, groups 3, 3×3 on 6×6",
                Conv2d.of(6, 3, 3).withGroups(3).withBias(false), 1, 3, 6, 6));
        l.add(layer("conv2d/depthwise-dilated", r, "depthwise 4 channels, 3×3 dilation 2 pad 2 on 8×8",
                Conv2d.of(4, 3, 3).withDilation(2, 2).withPadding(2, 2).withGroups(4), 1, 4, 8, 8));
        r = Rule.CONV2D_ASYMMETRIC_PADDING;
        l.add(layer("conv2d/padding-0-1-2-1", r, "conv 3×3 padding top 0, left 1, bottom 2, right 1 on 6×7",
                Conv2d.of(3, 3, 3).withPadding(new Padding(0, 1, 2, 1)), 2, 2, 6, 7));
        l.add(layer("conv2d/padding-2-0-0-3-stride-2", r, "conv 3×2 stride 2, padding 2, 0, 0, 3 on 7×6",
                Conv2d.of(2, 3, 2).withStride(2, 2).withPadding(new Padding(2, 0, 0, 3)), 1, 3, 7, 6));
        r = Rule.CONV2D_SAME;
        l.add(layer("conv2d/same-4x3", r, "conv 4×3 padding \"same\" on 6×7 (1 row above, 2 below)",
                Conv2d.of(3, 4, 3).withPadding(Padding.same(Dims2.of(4, 3), Dims2.of(1))), 2, 2, 6, 7));
        l.add(layer("conv2d/same-dilated", r, "conv 2×3 dilation 3 padding \"same\" on 8×8",
                Conv2d.of(2, 2, 3).withDilation(3, 3).withPadding(Padding.same(Dims2.of(2, 3), Dims2.of(3))),
                1, 2, 8, 8));
    }

    private static MaxPool2d max(int k, int s, Padding p, int d, boolean ceil) {
        return new MaxPool2d(Dims2.of(k), Dims2.of(s), p, Dims2.of(d), ceil);
    }

    private static AvgPool2d avg(int k, int s, Padding p, boolean ceil, boolean countPad) {
        return new AvgPool2d(Dims2.of(k), Dims2.of(s), p, ceil, countPad);
    }

    private static void pools(List<ConformanceCase> l) {
        Rule r = Rule.MAXPOOL_CEIL_MODE;
        l.add(layer("maxpool/ceil-3-s2-14", r, "max pool 3×3 stride 2 ceil_mode on 14×14 → 7×7 (GoogLeNet)",
                max(3, 2, Padding.none(), 1, true), 2, 2, 14, 14));
        l.add(layer("maxpool/ceil-2-s2-7", r, "max pool 2×2 stride 2 ceil_mode on 7×5 → 4×3 (clipped last windows)",
                max(2, 2, Padding.none(), 1, true), 1, 3, 7, 5));
        l.add(of("maxpool/ceil-last-window-dropped", r,
                "max pool 2×2 stride 2 pad 1 ceil_mode on negative 5×5: a 4th window would start in the padding",
                Requirement.optional(), Fixtures.layerOn("maxpool/ceil-last-window-dropped",
                        max(2, 2, Padding.of(1), 1, true), () -> Fixtures.uniform(Shape.of(2, 2, 5, 5), 23, -2, -1))));
        r = Rule.MAXPOOL_DILATION;
        l.add(layer("maxpool/dilation-2", r, "max pool 3×3 dilation 2 stride 1 on 9×9",
                max(3, 1, Padding.none(), 2, false), 2, 2, 9, 9));
        l.add(of("maxpool/dilation-2-pad-1-ceil", r, "max pool 3×3 dilation 2 stride 2 pad 1 ceil_mode on negative 8×7",
                Requirement.optional(), Fixtures.layerOn("maxpool/dilation-2-pad-1-ceil",
                        max(3, 2, Padding.of(1), 2, true), () -> Fixtures.uniform(Shape.of(1, 2, 8, 7), 24, -3, -1))));
        l.add(of("maxpool/padding-1-0-0-1", Rule.MAXPOOL_ASYMMETRIC_PADDING,
                "max pool 2×2 stride 2 padding top 1, right 1 on negative 6×6",
                Requirement.optional(), Fixtures.layerOn("maxpool/padding-1-0-0-1",
                        max(2, 2, new Padding(1, 0, 0, 1), 1, false),
                        () -> Fixtures.uniform(Shape.of(2, 1, 6, 6), 25, -2, -1))));

        r = Rule.AVGPOOL_CEIL_MODE;
        l.add(layer("avgpool/ceil-3-s2-6", r, "average pool 3×3 stride 2 ceil_mode on 6×6: the last window divides by 2·3",
                avg(3, 2, Padding.none(), true, true), 2, 2, 6, 6));
        l.add(layer("avgpool/ceil-3-s2-pad-1-5", r, "average pool 3×3 stride 2 pad 1 ceil_mode on 5×7",
                avg(3, 2, Padding.of(1), true, true), 1, 2, 5, 7));
        r = Rule.AVGPOOL_EXCLUDE_PAD;
        l.add(layer("avgpool/exclude-pad-3-s2-p1", r, "average pool 3×3 stride 2 pad 1, count_include_pad=False on 6×6",
                avg(3, 2, Padding.of(1), false, false), 2, 2, 6, 6));
        l.add(layer("avgpool/exclude-pad-ceil", r, "average pool 3×3 stride 2 pad 1 ceil_mode, count_include_pad=False on 7×8",
                avg(3, 2, Padding.of(1), true, false), 1, 1, 7, 8));
        l.add(layer("avgpool/padding-1-0-0-1", Rule.AVGPOOL_ASYMMETRIC_PADDING,
                "average pool 2×2 stride 2 padding top 1, right 1 on 5×5",
                avg(2, 2, new Padding(1, 0, 0, 1), false, true), 2, 2, 5, 5));

        l.add(layer("adaptive-avgpool/global", Rule.ADAPTIVE_AVGPOOL_GLOBAL, "adaptive average pool to 1×1 on 7×7, batch 3",
                Requirement.basicOf("adaptive_avgpool2d"), AdaptiveAvgPool2d.of(1, 1), 3, 4, 7, 7));
        r = Rule.ADAPTIVE_AVGPOOL_UNEVEN;
        l.add(layer("adaptive-avgpool/3x3-on-7x7", r, "adaptive average pool to 3×3 on 7×7 (overlapping windows)",
                AdaptiveAvgPool2d.of(3, 3), 2, 2, 7, 7));
        l.add(layer("adaptive-avgpool/2x4-on-5x6", r, "adaptive average pool to 2×4 on 5×6",
                AdaptiveAvgPool2d.of(2, 4), 1, 3, 5, 6));
        l.add(layer("adaptive-avgpool/4x5-on-3x2", r, "adaptive average pool to 4×5 on 3×2 (larger than the input)",
                AdaptiveAvgPool2d.of(4, 5), 1, 2, 3, 2));
        l.add(layer("adaptive-maxpool/3x2-on-7x5", Rule.ADAPTIVE_MAXPOOL_BASIC, "adaptive max pool to 3×2 on 7×5",
                Requirement.basicOf("adaptive_maxpool2d"), AdaptiveMaxPool2d.of(3, 2), 2, 2, 7, 5));
        l.add(layer("adaptive-maxpool/2x2-on-6x6", Rule.ADAPTIVE_MAXPOOL_BASIC, "adaptive max pool to 2×2 on 6×6",
                AdaptiveMaxPool2d.of(2, 2), 1, 3, 6, 6));
        l.add(of("adaptive-maxpool/nan", Rule.ADAPTIVE_MAXPOOL_NAN_INF, "adaptive max pool to 2×2 with NaN, ±Inf",
                Requirement.optional(), Fixtures.layerOn("adaptive-maxpool/nan", AdaptiveMaxPool2d.of(2, 2),
                        () -> Tensor.of(Shape.of(1, 1, 3, 3), new float[]{1, NAN, 2, -INF, 0, 3, 4, INF, -1}))));
    }

    private static void batchNorm(List<ConformanceCase> l) {
        l.add(layer("batchnorm/affine", Rule.BATCHNORM_AFFINE, "BatchNorm over 4 channels of 5×5, batch 2",
                Requirement.basicOf("batchnorm2d"), BatchNorm2d.of(), 2, 4, 5, 5));
        l.add(layer("batchnorm/affine-one-pixel", Rule.BATCHNORM_AFFINE, "BatchNorm over 16 channels of 1×1, batch 3",
                BatchNorm2d.of(), 3, 16, 1, 1));
        l.add(layer("batchnorm/no-affine-eps-1e-3", Rule.BATCHNORM_NO_AFFINE, "BatchNorm without affine, eps 1e-3, on 3×4×4",
                new BatchNorm2d(1e-3, false), 2, 3, 4, 4));
        l.add(of("batchnorm/nan-inf", Rule.BATCHNORM_NAN_INF, "BatchNorm of NaN, +Inf and −Inf inputs",
                Requirement.optional(), Fixtures.layerOn("batchnorm/nan-inf", BatchNorm2d.of(),
                        () -> Fixtures.with(Fixtures.input(1, 26, 2, 2, 2), new int[]{0, 3, 5},
                                new float[]{NAN, INF, -INF}))));
    }

    private static void activations(List<ConformanceCase> l) {
        l.add(of("hardtanh/kinks", Rule.HARDTANH_KINKS, "Hardtanh(−1, 1) at ±1, just inside and outside, ±0, ±5",
                Requirement.basicOf("hardtanh"), Fixtures.layerOn("hardtanh/kinks", Hardtanh.of(),
                        values(-1, 1, Math.nextDown(-1f), Math.nextUp(-1f), Math.nextDown(1f), Math.nextUp(1f),
                                0f, -0f, 0.5f, -5, 5, 1e30f))));
        l.add(of("hardtanh/relu6", Rule.HARDTANH_KINKS, "ReLU6 at 0, 6, just around them, −0, and on 3×4×4",
                Requirement.optional(), Fixtures.layerOn("hardtanh/relu6", Hardtanh.relu6(),
                        () -> Fixtures.with(Fixtures.uniform(Shape.of(2, 3, 4, 4), 27, -8, 8), new int[]{0, 1, 2, 3, 4, 5},
                                new float[]{0, -0f, 6, Math.nextUp(6f), Math.nextDown(0f), Float.MIN_VALUE}))));
        l.add(of("hardtanh/nan-inf", Rule.HARDTANH_NAN_INF, "Hardtanh(0, 6) of NaN, +Inf, −Inf",
                Requirement.optional(), Fixtures.layerOn("hardtanh/nan-inf", Hardtanh.relu6(), values(NAN, INF, -INF))));

        l.add(of("leaky-relu/default", Rule.LEAKY_RELU_BASIC, "LeakyReLU(0.01) on [−4, 4), ±0, subnormals",
                Requirement.basicOf("leaky_relu"), Fixtures.layerOn("leaky-relu/default", new LeakyReLU(LeakyReLU.DEFAULT_SLOPE),
                        () -> Fixtures.with(Fixtures.uniform(Shape.of(2, 2, 3, 3), 28, -4, 4), new int[]{0, 1, 2, 3},
                                new float[]{0, -0f, -Float.MIN_VALUE, -Float.MIN_NORMAL}))));
        l.add(of("leaky-relu/slope-0.2", Rule.LEAKY_RELU_BASIC, "LeakyReLU(0.2) on [−3, 3)", Requirement.optional(),
                Fixtures.layerOn("leaky-relu/slope-0.2", new LeakyReLU(0.2f),
                        () -> Fixtures.uniform(Shape.of(3, 10), 29, -3, 3))));
        l.add(of("leaky-relu/nan-inf", Rule.LEAKY_RELU_NAN_INF, "LeakyReLU of NaN, +Inf, −Inf", Requirement.optional(),
                Fixtures.layerOn("leaky-relu/nan-inf", new LeakyReLU(0.01f), values(NAN, INF, -INF))));

        l.add(of("elu/basic", Rule.ELU_BASIC, "ELU(1) on [−4, 4) and near 0", Requirement.basicOf("elu"),
                Fixtures.layerOn("elu/basic", new ELU(1),
                        () -> Fixtures.with(Fixtures.uniform(Shape.of(2, 3, 3, 3), 30, -4, 4), new int[]{0, 1, 2, 3, 4},
                                new float[]{0, -0f, -1e-7f, 1e-7f, -1e-30f}))));
        l.add(of("elu/alpha-0.5", Rule.ELU_BASIC, "ELU(0.5) on [−3, 3)", Requirement.optional(),
                Fixtures.layerOn("elu/alpha-0.5", new ELU(0.5f), () -> Fixtures.uniform(Shape.of(2, 12), 33, -3, 3))));
        l.add(of("elu/saturation", Rule.ELU_SATURATION, "ELU of −20 … −3e38: −alpha", Requirement.optional(),
                Fixtures.layerOn("elu/saturation", new ELU(1), values(-20, -50, -100, -1e4f, -3e38f, 3e38f))));
        l.add(of("elu/nan-inf", Rule.ELU_NAN_INF, "ELU of NaN, +Inf, −Inf", Requirement.optional(),
                Fixtures.layerOn("elu/nan-inf", new ELU(1), values(NAN, INF, -INF))));

        l.add(of("hardsigmoid/kinks", Rule.HARDSIGMOID_KINKS, "Hardsigmoid at ±3 and around, 0, ±10, on [−5, 5)",
                Requirement.basicOf("hardsigmoid"), Fixtures.layerOn("hardsigmoid/kinks", Hardsigmoid.of(),
                        () -> Fixtures.with(Fixtures.uniform(Shape.of(2, 16), 34, -5, 5), new int[]{0, 1, 2, 3, 4, 5, 6, 7},
                                new float[]{-3, 3, Math.nextDown(-3f), Math.nextUp(-3f), Math.nextDown(3f), 0, -10, 10}))));
        l.add(of("hardsigmoid/onnx-0.2-0.5", Rule.HARDSIGMOID_KINKS, "ONNX HardSigmoid(0.2, 0.5) at ±2.5, on [−4, 4)",
                Requirement.optional(), Fixtures.layerOn("hardsigmoid/onnx-0.2-0.5", new Hardsigmoid(0.2f, 0.5f),
                        () -> Fixtures.with(Fixtures.uniform(Shape.of(2, 10), 35, -4, 4), new int[]{0, 1},
                                new float[]{-2.5f, 2.5f}))));
        l.add(of("hardsigmoid/nan-inf", Rule.HARDSIGMOID_NAN_INF, "Hardsigmoid of NaN, +Inf, −Inf", Requirement.optional(),
                Fixtures.layerOn("hardsigmoid/nan-inf", Hardsigmoid.of(), values(NAN, INF, -INF))));

        l.add(of("hardswish/kinks", Rule.HARDSWISH_KINKS, "Hardswish at ±3 and around, −0, −1e30, 3e38 (PyTorch's float product overflows), on [−5, 5)",
                Requirement.basicOf("hardswish"), Fixtures.layerOn("hardswish/kinks", new Hardswish(),
                        () -> Fixtures.with(Fixtures.uniform(Shape.of(2, 2, 4, 4), 36, -5, 5), new int[]{0, 1, 2, 3, 4, 5, 6, 7},
                                new float[]{-3, 3, Math.nextDown(-3f), Math.nextUp(-3f), Math.nextUp(3f), -0f, 3e38f, -1e30f}))));
        l.add(of("hardswish/nan-inf", Rule.HARDSWISH_NAN_INF, "Hardswish of NaN, +Inf, −Inf", Requirement.optional(),
                Fixtures.layerOn("hardswish/nan-inf", new Hardswish(), values(NAN, INF, -INF))));

        l.add(of("silu/basic", Rule.SILU_BASIC, "SiLU on 3×4×4 in [−8, 8), batch 2", Requirement.basicOf("silu"),
                Fixtures.layerOn("silu/basic", new SiLU(), () -> Fixtures.uniform(Shape.of(2, 3, 4, 4), 37, -8, 8))));
        l.add(of("silu/saturation", Rule.SILU_SATURATION, "SiLU of ±20 … ±3e38", Requirement.optional(),
                Fixtures.layerOn("silu/saturation", new SiLU(),
                        values(20, -20, 50, -50, 88, -88, 100, -100, 1e4f, -1e4f, 3e38f, -3e38f))));
        l.add(of("silu/nan-inf", Rule.SILU_NAN_INF, "SiLU of NaN, +Inf, −Inf", Requirement.optional(),
                Fixtures.layerOn("silu/nan-inf", new SiLU(), values(NAN, INF, -INF))));

        l.add(of("gelu/exact", Rule.GELU_EXACT, "GELU (erf) on 3×4×4 in [−6, 6) and tiny arguments, batch 2",
                Requirement.basicOf("gelu"), Fixtures.layerOn("gelu/exact", GELU.exact(),
                        () -> Fixtures.with(Fixtures.uniform(Shape.of(2, 3, 4, 4), 38, -6, 6), new int[]{0, 1, 2, 3},
                                new float[]{1e-3f, -1e-5f, 1e-20f, -0f}))));
        l.add(of("gelu/tanh", Rule.GELU_TANH, "GELU (tanh approximation) on [−6, 6)", Requirement.optional(),
                Fixtures.layerOn("gelu/tanh", new GELU(GELU.TANH), () -> Fixtures.uniform(Shape.of(2, 20), 39, -6, 6))));
        l.add(of("gelu/saturation", Rule.GELU_SATURATION, "GELU (both forms) of ±8 … ±3e38", Requirement.optional(),
                Fixtures.model(() -> Model.sequential("gelu-saturation", 10)
                        .add("exact", GELU.exact(), "input").add("tanh", new GELU(GELU.TANH), "input").build(),
                        () -> Tensor.of(Shape.of(1, 10), new float[]{8, -8, 12, -12, 50, -50, 1e4f, -1e4f, 3e38f, -3e38f}))));
        l.add(of("gelu/nan-inf", Rule.GELU_NAN_INF, "GELU (both forms) of NaN, +Inf, −Inf", Requirement.optional(),
                Fixtures.model(() -> Model.sequential("gelu-nan-inf", 3)
                        .add("exact", GELU.exact(), "input").add("tanh", new GELU(GELU.TANH), "input").build(),
                        () -> Tensor.of(Shape.of(1, 3), new float[]{NAN, INF, -INF}))));
    }

    /** x → global average pool → sigmoid = s ([C, 1, 1]); then {@code op(x, s)} and {@code op(s, x)}. */
    private static Model squeeze(String name, Layer op, int c, int h, int w) {
        return Model.sequential(name, c, h, w)
                .add("gap", AdaptiveAvgPool2d.of(1, 1))
                .add("gate", new Sigmoid())
                .add("x_gate", op, "input", "gate")
                .add("gate_x", op, "gate", "input")
                .build();
    }

    private static void elementwise(List<ConformanceCase> l) {
        l.add(of("mul/basic", Rule.MUL_BASIC, "mul(x, sigmoid(x)) on 2×4×4, batch 2: exact", Requirement.basicOf("mul"),
                Fixtures.model(() -> Model.sequential("mul-basic", 2, 4, 4)
                        .add("gate", new Sigmoid()).add("mul", new Mul(), "input", "gate").build(), 2, 75)));
        l.add(of("mul/broadcast", Rule.MUL_BROADCAST, "x · sigmoid(gap(x)) with [4, 1, 1] on either side, 4×5×3, batch 2",
                Requirement.optional(), Fixtures.model(() -> squeeze("mul-broadcast", new Mul(), 4, 5, 3), 2, 76)));
        l.add(of("mul/nan-inf", Rule.MUL_NAN_INF, "mul of NaN, ±Inf and 0 by each other", Requirement.optional(),
                Fixtures.model(() -> Model.sequential("mul-nan-inf", 6)
                        .add("neg", new LeakyReLU(-1f), "input").add("mul", new Mul(), "input", "neg").build(),
                        () -> Tensor.of(Shape.of(1, 6), new float[]{NAN, INF, -INF, 0, -0f, 2}))));
        l.add(of("add/broadcast", Rule.ADD_BROADCAST, "x + sigmoid(gap(x)) with [3, 1, 1] on either side, 3×4×5, batch 2",
                Requirement.optional(), Fixtures.model(() -> squeeze("add-broadcast", new Add(), 3, 4, 5), 2, 77)));
    }

    private static void moves(List<ConformanceCase> l) {
        l.add(layer("identity/basic", Rule.IDENTITY_BASIC, "identity on 3×4×5, batch 2", Requirement.basicOf("identity"),
                new Identity(), 2, 3, 4, 5));
        l.add(layer("dropout/basic", Rule.IDENTITY_BASIC, "dropout(0.3) at inference on 10 features, batch 3",
                Requirement.basicOf("dropout"), new Dropout(0.3), 3, 10));
        l.add(layer("channel-shuffle/2-groups", Rule.CHANNEL_SHUFFLE_BASIC, "channel shuffle, 2 groups of 4 on 8×3×3, batch 2",
                Requirement.basicOf("channel_shuffle"), new ChannelShuffle(2), 2, 8, 3, 3));
        l.add(layer("channel-shuffle/3-groups", Rule.CHANNEL_SHUFFLE_BASIC, "channel shuffle, 3 groups of 2 on 6×2×3",
                new ChannelShuffle(3), 1, 6, 2, 3));
        l.add(layer("channel-shuffle/flat", Rule.CHANNEL_SHUFFLE_BASIC, "channel shuffle, 2 groups on [6, 4] values",
                new ChannelShuffle(2), 2, 6, 4));
        l.add(layer("slice/channels", Rule.SLICE_BASIC, "channels [2, 5) of 6×3×3, batch 2", Requirement.basicOf("slice"),
                new Slice(0, 2, 5), 2, 6, 3, 3));
        l.add(layer("slice/rows", Rule.SLICE_BASIC, "rows [1, 3) of 2×4×5", new Slice(1, 1, 3), 2, 2, 4, 5));
        l.add(layer("slice/columns", Rule.SLICE_BASIC, "columns [3, 5) of 2×4×5", new Slice(2, 3, 5), 1, 2, 4, 5));
        l.add(layer("slice/features", Rule.SLICE_BASIC, "features [0, 4) of 10", new Slice(0, 0, 4), 3, 10));
        l.add(layer("zeropad/asymmetric", Rule.ZEROPAD_BASIC, "zero padding top 1, left 2, bottom 0, right 3 on 2×3×4",
                Requirement.basicOf("zeropad2d"), new ZeroPad2d(new Padding(1, 2, 0, 3)), 2, 2, 3, 4));
        l.add(layer("zeropad/symmetric", Rule.ZEROPAD_BASIC, "zero padding 1 on 3×2×2", new ZeroPad2d(Padding.of(1)), 1, 3, 2, 2));
    }

    /** torchvision's blocks, each against PyTorch's outputs of every layer (tools/fixtures/blocks.py). */
    static List<ConformanceCase> blocks() {
        List<ConformanceCase> l = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : GoldenFiles.index(GoldenFiles.BLOCKS).entrySet()) {
            String name = e.getKey();
            l.add(new ConformanceCase("model/blocks/" + name, Rule.MODEL_TORCHVISION_BLOCKS,
                    "torchvision block " + name + " (PyTorch golden, " + e.getValue().size() + " layers)",
                    Requirement.optional(), ModelCheck.golden(() -> GoldenFiles.load(GoldenFiles.BLOCKS, name).fixture(),
                    () -> GoldenFiles.load(GoldenFiles.BLOCKS, name).expected(), false)));
        }
        return l;
    }
}
