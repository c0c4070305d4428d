package dev.lamina.conformance.cases;

import java.util.Optional;

/**
 * The named rules a backend must follow. Every case checks one rule; reports group cases by rule, in this
 * order, so the rule list reads as the specification a backend is held to.
 */
public enum Rule {
    KIT_BACKEND_UNDER_TEST("kit.backend-under-test",
            "The backend that runs every layer is the one requested: no fallback, no stand-in."),

    NOTEBOOK_LAYER_OUTPUTS("notebook.layer-outputs",
            "The notebook network from its model file: every layer's output equals PyTorch's exactly."),
    NOTEBOOK_BUILD_STYLES("notebook.build-styles",
            "The notebook built with the sequential and the graph builder gives PyTorch's outputs exactly."),
    NOTEBOOK_WEIGHT_LAYOUTS("notebook.weight-layouts",
            "The notebook's weights given in Keras layout give the same outputs as in PyTorch layout."),
    NOTEBOOK_SUMMARY("notebook.summary",
            "The compiled summary: shapes, 28 parameters (24 without bias), the backend on every layer."),
    NOTEBOOK_EXERCISES("notebook.exercises",
            "The notebook's exercises: 1×6×6 and 3×6×6 inputs, a second 3×3 conv, no bias (PyTorch golden)."),

    CONV2D_BASIC("conv2d.basic", "Convolution, stride 1, no padding, with bias."),
    CONV2D_STRIDE("conv2d.stride", "Convolution with strides, square and not, that do not divide the input."),
    CONV2D_PADDING("conv2d.padding", "Zero padding, square and not, up to padding wider than the kernel."),
    CONV2D_DILATION("conv2d.dilation", "Dilated kernels, with and without padding."),
    CONV2D_KERNEL_SHAPE("conv2d.kernel-shape", "Non-square and even kernels on odd input sizes, whole-input kernels."),
    CONV2D_POINTWISE("conv2d.pointwise", "1×1 convolution."),
    CONV2D_CHANNELS("conv2d.channels", "Many input and output channels (long accumulations)."),
    CONV2D_BATCH("conv2d.batch", "Batch 1 and larger batches."),
    CONV2D_NO_BIAS("conv2d.no-bias", "Convolution without bias."),
    CONV2D_NAN_INF("conv2d.nan-inf", "NaN and ±Inf inputs propagate as in PyTorch."),

    MAXPOOL_BASIC("maxpool.basic", "2×2 max pooling."),
    MAXPOOL_OVERLAP("maxpool.overlap", "Overlapping windows (stride below the kernel)."),
    MAXPOOL_PADDING("maxpool.padding", "Padding counts as −∞ (negative inputs show it), not as 0."),
    MAXPOOL_KERNEL_SHAPE("maxpool.kernel-shape", "Non-square kernels and odd input sizes (floor mode)."),
    MAXPOOL_NAN_INF("maxpool.nan-inf", "NaN wins a window; ±Inf compare as numbers."),

    AVGPOOL_BASIC("avgpool.basic", "2×2 average pooling."),
    AVGPOOL_OVERLAP("avgpool.overlap", "Overlapping windows."),
    AVGPOOL_PADDING("avgpool.padding", "Padding counts as zeros in the average (count_include_pad)."),

    RELU_BASIC("relu.basic", "ReLU on images and on features."),
    RELU_NAN_INF("relu.nan-inf", "ReLU keeps NaN and +Inf, maps −Inf to 0."),
    SIGMOID_BASIC("sigmoid.basic", "Sigmoid."),
    SIGMOID_SATURATION("sigmoid.saturation", "Sigmoid saturates to exactly 0 and 1 without overflow."),
    SIGMOID_NAN_INF("sigmoid.nan-inf", "Sigmoid of NaN is NaN, of ±Inf is 1 and 0."),
    TANH_BASIC("tanh.basic", "Hyperbolic tangent, including tiny arguments."),
    TANH_SATURATION("tanh.saturation", "Tanh saturates to exactly ±1 without overflow."),
    TANH_NAN_INF("tanh.nan-inf", "Tanh of NaN is NaN, of ±Inf is ±1."),
    SOFTMAX_BASIC("softmax.basic", "Softmax over the features of a flat input."),
    SOFTMAX_CHANNELS("softmax.channels", "Softmax over the channels of an image, at every pixel."),
    SOFTMAX_LARGE_LOGITS("softmax.large-logits", "Logits around ±1000 neither overflow nor vanish."),
    SOFTMAX_NAN_INF("softmax.nan-inf", "NaN or +Inf in a row makes the row NaN; −Inf gives 0."),
    FLATTEN_BASIC("flatten.basic", "Flatten in C, H, W order, as a dense layer after it sees it."),
    DENSE_BASIC("dense.basic", "Dense layer with bias."),
    DENSE_NO_BIAS("dense.no-bias", "Dense layer without bias."),
    DENSE_WIDE("dense.wide", "Thousands of input features (long accumulations)."),
    DENSE_BATCH("dense.batch", "Larger batches."),
    DENSE_NAN_INF("dense.nan-inf", "NaN and ±Inf inputs propagate as in PyTorch."),
    ADD_BASIC("add.basic", "Element-wise sum of two values."),
    ADD_MANY_INPUTS("add.many-inputs", "Element-wise sum of three values."),
    CONCAT_BASIC("concat.basic", "Concatenation of two values along the channels."),
    CONCAT_MANY_INPUTS("concat.many-inputs", "Concatenation of three values of different channel counts."),

    RANDOM_CONV2D("random.conv2d", "Seeded random convolutions: shapes, stride, padding, dilation, bias."),
    RANDOM_POOL("random.pool", "Seeded random max and average pools."),
    RANDOM_DENSE("random.dense", "Seeded random dense layers."),
    RANDOM_NETWORK("random.network", "Seeded random small networks of every layer type."),

    MODEL_LENET("model.lenet", "LeNet-5 on a batch of 8 (PyTorch golden)."),
    MODEL_GRAPH("model.graph", "A graph model with Add and Concat branches."),
    MODEL_THREAD_SAFETY("model.thread-safety",
            "Many threads calling one compiled model at once get the single-threaded results, bit for bit.");

    private final String id;
    private final String description;

    Rule(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The rule's name, e.g. {@code conv2d.stride}. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public static Optional<Rule> byId(String id) {
        for (Rule r : values()) {
            if (r.id.equals(id)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return id;
    }
}
