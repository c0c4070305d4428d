package dev.lamina.core.io;

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
import dev.lamina.api.SiLU;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Slice;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
import dev.lamina.api.ZeroPad2d;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every layer type of the model file, one {@link LayerCodec} each: adding a layer type to the format is
 * one entry in {@link #ALL}. Defaults are PyTorch's.
 */
final class LayerCodecs {
    private static final Field<Integer> FILTERS = Field.positive("filters");
    private static final Field<Integer> UNITS = Field.positive("units");
    /** 0 when absent: the input features are then not checked (see {@link Dense#inputFeatures()}). */
    private static final Field<Integer> IN_FEATURES = Field.positive("in_features").orElse(0).omittedWhenDefault();
    private static final Field<Dims2> KERNEL = Field.dims("kernel", 1);
    /** Conv's default; pools default to their kernel instead. */
    private static final Field<Dims2> STRIDE = Field.dims("stride", 1).orElse(Dims2.of(1));
    private static final Field<Padding> PADDING = Field.padding("padding").orElse(Padding.none());
    private static final Field<Dims2> DILATION = Field.dims("dilation", 1).orElse(Dims2.of(1));
    private static final Field<Integer> GROUPS = Field.positive("groups").orElse(1);
    private static final Field<Boolean> BIAS = Field.bool("bias").orElse(true);
    private static final Field<Boolean> CEIL_MODE = Field.bool("ceil_mode").orElse(false);
    private static final Field<Boolean> COUNT_INCLUDE_PAD = Field.bool("count_include_pad").orElse(true);
    private static final Field<Double> EPS = Field.real("eps").orElse(BatchNorm2d.DEFAULT_EPS);
    private static final Field<Boolean> AFFINE = Field.bool("affine").orElse(true);
    private static final Field<Dims2> OUTPUT = Field.dims("output", 1);
    private static final Field<Float> MIN = Field.single("min").orElse(-1f);
    private static final Field<Float> MAX = Field.single("max").orElse(1f);
    private static final Field<Float> SLOPE = Field.single("slope").orElse(LeakyReLU.DEFAULT_SLOPE);
    private static final Field<Float> ELU_ALPHA = Field.single("alpha").orElse(1f);
    private static final Field<Float> HARDSIGMOID_ALPHA = Field.single("alpha").orElse(1f / 6);
    private static final Field<Float> HARDSIGMOID_BETA = Field.single("beta").orElse(0.5f);
    private static final Field<String> APPROXIMATE = Field.choice("approximate", GELU.EXACT, GELU.TANH).orElse(GELU.EXACT);
    private static final Field<Double> P = Field.real("p").orElse(0.5);
    private static final Field<Integer> SHUFFLE_GROUPS = Field.positive("groups");
    private static final Field<Integer> AXIS = Field.nonNegative("axis").orElse(0);
    private static final Field<Integer> START = Field.nonNegative("start");
    private static final Field<Integer> END = Field.positive("end");
    private static final Field<Padding> ZERO_PADDING = Field.padding("padding");

    /** In the order "known types" lists them. */
    private static final List<LayerCodec<?>> ALL = List.of(
            LayerCodec.of("conv2d", Conv2d.class,
                    v -> {
                        Dims2 kernel = v.get(KERNEL);
                        Dims2 stride = v.get(STRIDE);
                        Dims2 dilation = v.get(DILATION);
                        return new Conv2d(v.get(FILTERS), kernel, stride, convPadding(v, kernel, stride, dilation),
                                dilation, v.get(GROUPS), v.get(BIAS));
                    },
                    FILTERS.of(Conv2d::filters), KERNEL.of(Conv2d::kernel), STRIDE.of(Conv2d::stride),
                    PADDING.of(Conv2d::padding), DILATION.of(Conv2d::dilation), GROUPS.of(Conv2d::groups),
                    BIAS.of(Conv2d::bias)),
            LayerCodec.of("maxpool2d", MaxPool2d.class,
                    v -> {
                        Dims2 kernel = v.get(KERNEL);
                        return new MaxPool2d(kernel, v.get(STRIDE, kernel), v.get(PADDING), v.get(DILATION),
                                v.get(CEIL_MODE));
                    },
                    KERNEL.of(MaxPool2d::kernel), STRIDE.of(MaxPool2d::stride), PADDING.of(MaxPool2d::padding),
                    DILATION.of(MaxPool2d::dilation), CEIL_MODE.of(MaxPool2d::ceilMode)),
            LayerCodec.of("avgpool2d", AvgPool2d.class,
                    v -> {
                        Dims2 kernel = v.get(KERNEL);
                        return new AvgPool2d(kernel, v.get(STRIDE, kernel), v.get(PADDING), v.get(CEIL_MODE),
                                v.get(COUNT_INCLUDE_PAD));
                    },
                    KERNEL.of(AvgPool2d::kernel), STRIDE.of(AvgPool2d::stride), PADDING.of(AvgPool2d::padding),
                    CEIL_MODE.of(AvgPool2d::ceilMode), COUNT_INCLUDE_PAD.of(AvgPool2d::countIncludePad)),
            LayerCodec.of("relu", ReLU.class, v -> new ReLU()),
            LayerCodec.of("sigmoid", Sigmoid.class, v -> new Sigmoid()),
            LayerCodec.of("tanh", Tanh.class, v -> new Tanh()),
            LayerCodec.of("softmax", Softmax.class, v -> new Softmax()),
            LayerCodec.of("flatten", Flatten.class, v -> new Flatten()),
            LayerCodec.of("dense", Dense.class,
                    v -> new Dense(v.get(UNITS), v.get(BIAS), v.get(IN_FEATURES)),
                    UNITS.of(Dense::units), BIAS.of(Dense::bias), IN_FEATURES.of(Dense::inputFeatures)),
            LayerCodec.of("add", Add.class, v -> new Add()),
            LayerCodec.of("concat", Concat.class, v -> new Concat()),
            LayerCodec.of("batchnorm2d", BatchNorm2d.class, v -> new BatchNorm2d(v.get(EPS), v.get(AFFINE)),
                    EPS.of(BatchNorm2d::eps), AFFINE.of(BatchNorm2d::affine)),
            LayerCodec.of("adaptive_avgpool2d", AdaptiveAvgPool2d.class, v -> new AdaptiveAvgPool2d(v.get(OUTPUT)),
                    OUTPUT.of(AdaptiveAvgPool2d::output)),
            LayerCodec.of("adaptive_maxpool2d", AdaptiveMaxPool2d.class, v -> new AdaptiveMaxPool2d(v.get(OUTPUT)),
                    OUTPUT.of(AdaptiveMaxPool2d::output)),
            LayerCodec.of("hardtanh", Hardtanh.class, v -> new Hardtanh(v.get(MIN), v.get(MAX)),
                    MIN.of(Hardtanh::min), MAX.of(Hardtanh::max)),
            LayerCodec.of("leaky_relu", LeakyReLU.class, v -> new LeakyReLU(v.get(SLOPE)), SLOPE.of(LeakyReLU::slope)),
            LayerCodec.of("elu", ELU.class, v -> new ELU(v.get(ELU_ALPHA)), ELU_ALPHA.of(ELU::alpha)),
            LayerCodec.of("hardsigmoid", Hardsigmoid.class,
                    v -> new Hardsigmoid(v.get(HARDSIGMOID_ALPHA), v.get(HARDSIGMOID_BETA)),
                    HARDSIGMOID_ALPHA.of(Hardsigmoid::alpha), HARDSIGMOID_BETA.of(Hardsigmoid::beta)),
            LayerCodec.of("hardswish", Hardswish.class, v -> new Hardswish()),
            LayerCodec.of("silu", SiLU.class, v -> new SiLU()),
            LayerCodec.of("gelu", GELU.class, v -> new GELU(v.get(APPROXIMATE)), APPROXIMATE.of(GELU::approximate)),
            LayerCodec.of("mul", Mul.class, v -> new Mul()),
            LayerCodec.of("identity", Identity.class, v -> new Identity()),
            LayerCodec.of("dropout", Dropout.class, v -> new Dropout(v.get(P)), P.of(Dropout::p)),
            LayerCodec.of("channel_shuffle", ChannelShuffle.class, v -> new ChannelShuffle(v.get(SHUFFLE_GROUPS)),
                    SHUFFLE_GROUPS.of(ChannelShuffle::groups)),
            LayerCodec.of("slice", Slice.class, v -> new Slice(v.get(AXIS), v.get(START), v.get(END)),
                    AXIS.of(Slice::axis), START.of(Slice::start), END.of(Slice::end)),
            LayerCodec.of("zeropad2d", ZeroPad2d.class, v -> new ZeroPad2d(v.get(ZERO_PADDING)),
                    ZERO_PADDING.of(ZeroPad2d::padding)));

    private static final Map<String, LayerCodec<?>> BY_TYPE = new LinkedHashMap<>();
    private static final Map<Class<?>, LayerCodec<?>> BY_CLASS = new LinkedHashMap<>();

    static {
        for (LayerCodec<?> c : ALL) {
            if (BY_TYPE.put(c.type(), c) != null || BY_CLASS.put(c.layerClass(), c) != null) {
                throw new IllegalStateException("two codecs for " + c.type());
            }
        }
    }

    private LayerCodecs() {
    }

    /**
     * A conv's padding: as {@link #PADDING}, or PyTorch's strings — {@code "same"} (stride 1 only, as in
     * PyTorch; resolved here to the four sides, which is what the file gets written back with) and
     * {@code "valid"} (none).
     */
    private static Padding convPadding(Values v, Dims2 kernel, Dims2 stride, Dims2 dilation) {
        if (!(v.object().get(PADDING.name()) instanceof JsonString s)) {
            return v.get(PADDING);
        }
        switch (s.value()) {
            case "same":
                if (stride.h() != 1 || stride.w() != 1) {
                    throw v.error("padding \"same\" needs stride 1 (as in PyTorch), got stride " + stride);
                }
                return Padding.same(kernel, dilation);
            case "valid":
                return Padding.none();
            default:
                throw v.error("\"padding\" must be a non-negative integer, a list of two or four, \"same\" or"
                        + " \"valid\", got " + Values.show(s));
        }
    }

    /** The codec of a type name as files spell it, or null when there is none. */
    static LayerCodec<?> forType(String type) {
        return BY_TYPE.get(type);
    }

    /** The codec of a layer; every layer type has one (checked by a test over {@link Layer}'s permits). */
    static LayerCodec<?> of(Layer layer) {
        LayerCodec<?> c = BY_CLASS.get(layer.getClass());
        if (c == null) {
            throw new IllegalStateException("no model-file codec for " + layer.getClass().getName());
        }
        return c;
    }

    static Collection<String> types() {
        return BY_TYPE.keySet();
    }

    static Collection<Class<?>> layerClasses() {
        return BY_CLASS.keySet();
    }
}
