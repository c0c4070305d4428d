package dev.lamina.core.io;

import dev.lamina.api.Add;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Dims2;
import dev.lamina.api.Flatten;
import dev.lamina.api.Layer;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;

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
    private static final Field<Dims2> PADDING = Field.dims("padding", 0).orElse(Dims2.of(0));
    private static final Field<Dims2> DILATION = Field.dims("dilation", 1).orElse(Dims2.of(1));
    private static final Field<Boolean> BIAS = Field.bool("bias").orElse(true);

    /** In the order "known types" lists them. */
    private static final List<LayerCodec<?>> ALL = List.of(
            LayerCodec.of("conv2d", Conv2d.class,
                    v -> new Conv2d(v.get(FILTERS), v.get(KERNEL), v.get(STRIDE), v.get(PADDING), v.get(DILATION),
                            v.get(BIAS)),
                    FILTERS.of(Conv2d::filters), KERNEL.of(Conv2d::kernel), STRIDE.of(Conv2d::stride),
                    PADDING.of(Conv2d::padding), DILATION.of(Conv2d::dilation), BIAS.of(Conv2d::bias)),
            LayerCodec.of("maxpool2d", MaxPool2d.class,
                    v -> {
                        Dims2 kernel = v.get(KERNEL);
                        return new MaxPool2d(kernel, v.get(STRIDE, kernel), v.get(PADDING));
                    },
                    KERNEL.of(MaxPool2d::kernel), STRIDE.of(MaxPool2d::stride), PADDING.of(MaxPool2d::padding)),
            LayerCodec.of("avgpool2d", AvgPool2d.class,
                    v -> {
                        Dims2 kernel = v.get(KERNEL);
                        return new AvgPool2d(kernel, v.get(STRIDE, kernel), v.get(PADDING));
                    },
                    KERNEL.of(AvgPool2d::kernel), STRIDE.of(AvgPool2d::stride), PADDING.of(AvgPool2d::padding)),
            LayerCodec.of("relu", ReLU.class, v -> new ReLU()),
            LayerCodec.of("sigmoid", Sigmoid.class, v -> new Sigmoid()),
            LayerCodec.of("tanh", Tanh.class, v -> new Tanh()),
            LayerCodec.of("softmax", Softmax.class, v -> new Softmax()),
            LayerCodec.of("flatten", Flatten.class, v -> new Flatten()),
            LayerCodec.of("dense", Dense.class,
                    v -> new Dense(v.get(UNITS), v.get(BIAS), v.get(IN_FEATURES)),
                    UNITS.of(Dense::units), BIAS.of(Dense::bias), IN_FEATURES.of(Dense::inputFeatures)),
            LayerCodec.of("add", Add.class, v -> new Add()),
            LayerCodec.of("concat", Concat.class, v -> new Concat()));

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
