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
    CONV2D_GROUPS("conv2d.groups", "Grouped convolution: each filter reads only its group's input channels."),
    CONV2D_DEPTHWISE("conv2d.depthwise", "Depthwise convolution (groups = in = out), with stride, padding and a multiplier."),
    CONV2D_ASYMMETRIC_PADDING("conv2d.asymmetric-padding", "Different zero padding on top, left, bottom and right."),
    CONV2D_SAME("conv2d.same-padding", "padding=\"same\" (PyTorch's rule): even kernels and dilation pad more at the bottom/right."),

    MAXPOOL_BASIC("maxpool.basic", "2×2 max pooling."),
    MAXPOOL_OVERLAP("maxpool.overlap", "Overlapping windows (stride below the kernel)."),
    MAXPOOL_PADDING("maxpool.padding", "Padding counts as −∞ (negative inputs show it), not as 0."),
    MAXPOOL_KERNEL_SHAPE("maxpool.kernel-shape", "Non-square kernels and odd input sizes (floor mode)."),
    MAXPOOL_NAN_INF("maxpool.nan-inf", "NaN wins a window; ±Inf compare as numbers."),
    MAXPOOL_CEIL_MODE("maxpool.ceil-mode", "ceil_mode: one more window when the input leaves a remainder, unless it would start in the padding."),
    MAXPOOL_DILATION("maxpool.dilation", "Dilated max pooling windows, with padding."),
    MAXPOOL_ASYMMETRIC_PADDING("maxpool.asymmetric-padding", "Different −∞ padding on each side."),

    AVGPOOL_BASIC("avgpool.basic", "2×2 average pooling."),
    AVGPOOL_OVERLAP("avgpool.overlap", "Overlapping windows."),
    AVGPOOL_PADDING("avgpool.padding", "Padding counts as zeros in the average (count_include_pad)."),
    AVGPOOL_CEIL_MODE("avgpool.ceil-mode", "ceil_mode: the last window divides by what it covers of the padded input only."),
    AVGPOOL_EXCLUDE_PAD("avgpool.count-include-pad-false", "count_include_pad=False: border windows divide by their input values only."),
    AVGPOOL_ASYMMETRIC_PADDING("avgpool.asymmetric-padding", "Different zero padding on each side."),
    ADAPTIVE_AVGPOOL_GLOBAL("adaptive-avgpool.global", "Global average pooling: adaptive output 1×1."),
    ADAPTIVE_AVGPOOL_UNEVEN("adaptive-avgpool.uneven", "Adaptive output sizes that do not divide the input (overlapping windows), and larger than it."),
    ADAPTIVE_MAXPOOL_BASIC("adaptive-maxpool.basic", "Adaptive max pooling, even and uneven windows."),
    ADAPTIVE_MAXPOOL_NAN_INF("adaptive-maxpool.nan-inf", "NaN wins an adaptive window."),
    BATCHNORM_AFFINE("batchnorm.affine", "BatchNorm at inference with weight, bias and running statistics."),
    BATCHNORM_NO_AFFINE("batchnorm.no-affine", "BatchNorm without affine (running statistics only), another eps."),
    BATCHNORM_NAN_INF("batchnorm.nan-inf", "NaN and ±Inf inputs propagate through BatchNorm."),

    RELU_BASIC("relu.basic", "ReLU on images and on features."),
    RELU_NAN_INF("relu.nan-inf", "ReLU keeps NaN and +Inf, maps −Inf to 0."),
    SIGMOID_BASIC("sigmoid.basic", "Sigmoid."),
    SIGMOID_SATURATION("sigmoid.saturation", "Sigmoid saturates to exactly 0 and 1 without overflow."),
    SIGMOID_NAN_INF("sigmoid.nan-inf", "Sigmoid of NaN is NaN, of ±Inf is 1 and 0."),
    TANH_BASIC("tanh.basic", "Hyperbolic tangent, including tiny arguments."),
    TANH_SATURATION("tanh.saturation", "Tanh saturates to exactly ±1 without overflow."),
    TANH_NAN_INF("tanh.nan-inf", "Tanh of NaN is NaN, of ±Inf is ±1."),
    HARDTANH_KINKS("hardtanh.kinks", "Hardtanh and ReLU6 at and around their kinks, ±0, saturation."),
    HARDTANH_NAN_INF("hardtanh.nan-inf", "Hardtanh of NaN is NaN, of ±Inf the bounds."),
    LEAKY_RELU_BASIC("leaky-relu.basic", "LeakyReLU on both sides of 0, default and other slopes, ±0 and subnormals."),
    LEAKY_RELU_NAN_INF("leaky-relu.nan-inf", "LeakyReLU of NaN is NaN, of ±Inf is ±Inf."),
    ELU_BASIC("elu.basic", "ELU on both sides of 0 and near it, two alphas."),
    ELU_SATURATION("elu.saturation", "ELU saturates to −alpha for large negative inputs."),
    ELU_NAN_INF("elu.nan-inf", "ELU of NaN is NaN, of +Inf +Inf, of −Inf −alpha."),
    HARDSIGMOID_KINKS("hardsigmoid.kinks", "Hardsigmoid (PyTorch's 1/6, 1/2 and ONNX's 0.2, 0.5) at its kinks and saturation."),
    HARDSIGMOID_NAN_INF("hardsigmoid.nan-inf", "Hardsigmoid of NaN is NaN, of ±Inf 1 and 0."),
    HARDSWISH_KINKS("hardswish.kinks", "Hardswish around −3, 0 and 3, and far beyond."),
    HARDSWISH_NAN_INF("hardswish.nan-inf", "Hardswish of NaN and −Inf is NaN (as PyTorch computes −∞·0), of +Inf +Inf."),
    SILU_BASIC("silu.basic", "SiLU on [−8, 8)."),
    SILU_SATURATION("silu.saturation", "SiLU far out: x for large x, −0 for large negative x, no overflow."),
    SILU_NAN_INF("silu.nan-inf", "SiLU of NaN and −Inf is NaN (PyTorch's −∞/∞), of +Inf +Inf."),
    GELU_EXACT("gelu.exact", "GELU with the exact erf, on [−6, 6) and small arguments."),
    GELU_TANH("gelu.tanh", "GELU's tanh approximation."),
    GELU_SATURATION("gelu.saturation", "GELU far out: x for large x, 0 for large negative x."),
    GELU_NAN_INF("gelu.nan-inf", "GELU of NaN and −Inf is NaN, of +Inf +Inf (both forms)."),
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
    ADD_BROADCAST("add.broadcast", "Add of a [C, 1, 1] value over [C, H, W], either side."),
    MUL_BASIC("mul.basic", "Element-wise product of two values of the same shape."),
    MUL_BROADCAST("mul.broadcast", "Product of a [C, 1, 1] value over [C, H, W] (squeeze-and-excitation), either side."),
    MUL_NAN_INF("mul.nan-inf", "Products with NaN, ±Inf and 0 (0·Inf is NaN)."),
    IDENTITY_BASIC("identity.basic", "Identity and Dropout (inference) pass their input through unchanged."),
    CHANNEL_SHUFFLE_BASIC("channel-shuffle.basic", "Channel shuffle with 2 and 3 groups, on images and [C, F] values."),
    SLICE_BASIC("slice.basic", "Slices of the channels (torch.chunk), of rows, of columns and of features."),
    ZEROPAD_BASIC("zeropad.basic", "Zero padding, symmetric and not."),

    RANDOM_CONV2D("random.conv2d", "Seeded random convolutions: shapes, stride, padding, dilation, bias."),
    RANDOM_POOL("random.pool", "Seeded random max and average pools."),
    RANDOM_DENSE("random.dense", "Seeded random dense layers."),
    RANDOM_NETWORK("random.network", "Seeded random small networks of every layer type."),

    MODEL_LENET("model.lenet", "LeNet-5 on a batch of 8 (PyTorch golden)."),
    MODEL_GRAPH("model.graph", "A graph model with Add and Concat branches."),
    MODEL_TORCHVISION_BLOCKS("model.torchvision-blocks",
            "torchvision's characteristic blocks (ResNet, MobileNet V2/V3, SqueezeNet, Inception, DenseNet, EfficientNet, ShuffleNetV2, RegNet) against PyTorch."),
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
