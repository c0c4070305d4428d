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
import dev.lamina.api.LeakyReLU;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Mul;
import dev.lamina.api.Padding;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Slice;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
import dev.lamina.api.Tensor;
import dev.lamina.api.ZeroPad2d;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The op table: each supported ONNX op (opsets 11 to 17) and how it becomes Lamina layers, constants or
 * pattern steps. Each op reads the attributes it understands; any other attribute is an error, and so is
 * every attribute value with no exact Lamina (PyTorch) meaning — nothing is approximated.
 */
final class Ops {
    /** How one op converts a node. */
    @FunctionalInterface
    interface Op {
        void convert(NodeContext c);
    }

    static final Map<String, Op> TABLE = new LinkedHashMap<>();

    static {
        TABLE.put("Conv", Ops::conv);
        TABLE.put("Relu", c -> unary(c, new ReLU()));
        TABLE.put("Sigmoid", c -> unary(c, new Sigmoid()));
        TABLE.put("Tanh", Ops::tanh);
        TABLE.put("Softmax", Ops::softmax);
        TABLE.put("MaxPool", Ops::maxPool);
        TABLE.put("AveragePool", Ops::avgPool);
        TABLE.put("Gemm", Ops::gemm);
        TABLE.put("MatMul", Ops::matMul);
        TABLE.put("Flatten", Ops::flatten);
        TABLE.put("Add", Ops::add);
        TABLE.put("Sub", c -> foldOnly(c, (a, b) -> a - b, Math::subtractExact));
        TABLE.put("Mul", Ops::mul);
        TABLE.put("Div", Ops::div);
        TABLE.put("Erf", Ops::erf);
        TABLE.put("Concat", Ops::concat);
        TABLE.put("Reshape", Ops::reshape);
        TABLE.put("Transpose", Ops::transpose);
        TABLE.put("Identity", Ops::identity);
        TABLE.put("Dropout", Ops::dropout);
        TABLE.put("BatchNormalization", Ops::batchNorm);
        TABLE.put("Clip", Ops::clip);
        TABLE.put("LeakyRelu", c -> unary(c, c.make(() -> new LeakyReLU(c.attrs.real("alpha", 0.01f)))));
        TABLE.put("Elu", c -> unary(c, c.make(() -> new ELU(c.attrs.real("alpha", 1f)))));
        TABLE.put("HardSigmoid", c -> unary(c, c.make(() -> new Hardsigmoid(c.attrs.real("alpha", 0.2f),
                c.attrs.real("beta", 0.5f)))));
        TABLE.put("HardSwish", c -> unary(c, new Hardswish()));
        TABLE.put("GlobalAveragePool", c -> unary(c, AdaptiveAvgPool2d.of(1, 1)));
        TABLE.put("GlobalMaxPool", c -> unary(c, new AdaptiveMaxPool2d(Dims2.of(1))));
        TABLE.put("ReduceMean", Ops::reduceMean);
        TABLE.put("Split", Ops::split);
        TABLE.put("Pad", Ops::pad);
        TABLE.put("Constant", c -> c.define(new Sym.Const(Folding.constant(c))));
        TABLE.put("Shape", Ops::shape);
        TABLE.put("Gather", Ops::gather);
        TABLE.put("Unsqueeze", Ops::unsqueeze);
        TABLE.put("Squeeze", Ops::squeeze);
        TABLE.put("Cast", Ops::cast);
        TABLE.put("Slice", Ops::slice);
    }

    private Ops() {
    }

    private static long divide(long a, long b) {
        if (b == 0) {
            throw new ArithmeticException("division by zero");
        }
        return a / b;
    }

    private static void unary(NodeContext c, dev.lamina.api.Layer layer) {
        c.define(c.layer(layer, Map.of(), c.runtime(0)));
    }

    // ---- convolution and pooling ----------------------------------------------------------------------

    private static void conv(NodeContext c) {
        Sym.Runtime x = c.runtime(0);
        ConstTensor w = c.constant(1, "the weight W");
        ConstTensor b = c.optionalConstant(2, "the bias B");
        if (w.rank() != 4) {
            throw c.error("weight has dims " + Arrays.toString(w.dims()) + "; Lamina supports 2-D convolution only "
                    + "([M, C/group, kH, kW])");
        }
        int filters = (int) w.dims()[0];
        int[] kernel = {(int) w.dims()[2], (int) w.dims()[3]};
        Window win = Window.of(c, x.shape(), kernel, true);
        long group = c.attrs.integer("group", 1);
        if (group < 1 || group > x.shape().dim(0)) {
            throw c.unsupported("group", group, "1 to the input channels (" + x.shape().dim(0) + ")");
        }
        if (w.dims()[1] * group != x.shape().dim(0)) {
            throw c.error("weight " + Arrays.toString(w.dims()) + " with group " + group + " expects "
                    + w.dims()[1] * group + " input channels, got " + x.shape().dim(0));
        }
        Conv2d layer = c.make(() -> new Conv2d(filters, Dims2.of(win.kh(), win.kw()), Dims2.of(win.sh(), win.sw()),
                win.padding(), Dims2.of(win.dh(), win.dw()), (int) group, b != null));
        c.define(c.layer(layer, weightAndBias(c, w, b, filters), x));
    }

    /** A layer's weight (as given, PyTorch layout) and optional bias [filters]. */
    private static Map<String, Tensor> weightAndBias(NodeContext c, ConstTensor w, ConstTensor b, int outputs) {
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("weight", w.toTensor(shapeOf(c, w.dims())));
        if (b != null) {
            if (b.size() != outputs || b.rank() > 2) {
                throw c.error("bias has dims " + Arrays.toString(b.dims()) + ", expected [" + outputs + "]");
            }
            p.put("bias", b.toTensor(Shape.of(outputs)));
        }
        return p;
    }

    static Shape shapeOf(NodeContext c, long[] dims) {
        int[] d = new int[dims.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = (int) dims[i];
        }
        try {
            return Shape.of(d);
        } catch (IllegalArgumentException e) {
            throw c.error(e.getMessage());
        }
    }

    private static void maxPool(NodeContext c) {
        Sym.Runtime x = c.runtime(0);
        c.onlyFirstOutput("Indices");
        Window win = Window.of(c, x.shape(), null, true);
        long ceil = c.attrs.integer("ceil_mode", 0);
        long order = c.attrs.integer("storage_order", 0);
        if (order != 0) {
            throw c.unsupported("storage_order", order, "0");
        }
        MaxPool2d layer = c.make(() -> new MaxPool2d(Dims2.of(win.kh(), win.kw()), Dims2.of(win.sh(), win.sw()),
                win.padding(), Dims2.of(win.dh(), win.dw()), bool(c, "ceil_mode", ceil)));
        c.define(c.layer(layer, Map.of(), x));
    }

    private static void avgPool(NodeContext c) {
        Sym.Runtime x = c.runtime(0);
        Window win = Window.of(c, x.shape(), null, false);
        long ceil = c.attrs.integer("ceil_mode", 0);
        long countPad = c.attrs.integer("count_include_pad", 0);
        // Without padding the two divisors agree (ceil_mode's clipped windows count real values either way);
        // PyTorch's default then keeps the layer plain.
        boolean include = bool(c, "count_include_pad", countPad) || win.padding().isZero();
        AvgPool2d layer = c.make(() -> new AvgPool2d(Dims2.of(win.kh(), win.kw()), Dims2.of(win.sh(), win.sw()),
                win.padding(), bool(c, "ceil_mode", ceil), include));
        c.define(c.layer(layer, Map.of(), x));
    }

    private static boolean bool(NodeContext c, String attr, long v) {
        if (v != 0 && v != 1) {
            throw c.unsupported(attr, v, "0, 1");
        }
        return v == 1;
    }

    /** BatchNormalization at inference: scale, B, mean, var constants [C]; the running statistics. */
    private static void batchNorm(NodeContext c) {
        Sym.Runtime x = c.runtime(0);
        c.onlyFirstOutput("running statistics of training");
        float eps = c.attrs.real("epsilon", 1e-5f);
        c.attrs.real("momentum", 0.9f); // training only
        long training = c.attrs.integer("training_mode", 0);
        if (training != 0) {
            throw c.unsupported("training_mode", training, "0 (inference)");
        }
        if (x.shape().rank() != 3) {
            throw c.error("expects an [N, C, H, W] input, got [N, " + x.shape().toString().substring(1));
        }
        int channels = x.shape().dim(0);
        String[] inputs = {"scale", "B", "input_mean", "input_var"};
        String[] params = {"weight", "bias", BatchNorm2d.RUNNING_MEAN, BatchNorm2d.RUNNING_VAR};
        Map<String, Tensor> p = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            ConstTensor t = c.constant(i + 1, inputs[i]);
            if (t.size() != channels || t.rank() != 1) {
                throw c.error(inputs[i] + " has dims " + Arrays.toString(t.dims()) + ", expected [" + channels + "]");
            }
            p.put(params[i], t.toTensor(Shape.of(channels)));
        }
        // epsilon is a float in ONNX, PyTorch's a double (1e-5): the float's shortest decimal gives PyTorch's
        // value back, and rounds to the same float32
        double epsilon = Double.parseDouble(Float.toString(eps));
        c.define(c.layer(c.make(() -> new BatchNorm2d(epsilon, true)), p, x));
    }

    /** Clip: min and max are optional constant inputs (opset 11 on); ReLU6 is (0, 6). */
    private static void clip(NodeContext c) {
        Sym.Runtime x = c.runtime(0);
        ConstTensor min = c.optionalConstant(1, "min");
        ConstTensor max = c.optionalConstant(2, "max");
        if ((min != null && min.size() != 1) || (max != null && max.size() != 1)) {
            throw c.error("min and max must be scalars");
        }
        if (min == null && max == null) {
            c.define(c.layer(new Identity(), Map.of(), x));
        } else if (max == null && min.number(0) == 0) {
            c.define(c.layer(new ReLU(), Map.of(), x));
        } else if (min == null || max == null) {
            throw c.error("clips on one side only (" + (min == null ? "max " + max.number(0) : "min " + min.number(0))
                    + "); Lamina supports Clip with both min and max (Hardtanh), or min 0 alone (ReLU)");
        } else {
            float lo = (float) min.number(0);
            float hi = (float) max.number(0);
            c.define(c.layer(c.make(() -> new Hardtanh(lo, hi)), Map.of(), x));
        }
    }

    /** ReduceMean over H and W of [N, C, H, W]: global average pooling (then flattened without keepdims). */
    private static void reduceMean(NodeContext c) {
        Sym.Runtime x = c.runtime(0);
        long[] axes = c.attrs.integers("axes");
        long keep = c.attrs.integer("keepdims", 1);
        if (x.shape().rank() != 3 || axes == null || axes.length != 2) {
            throw c.error("Lamina supports ReduceMean over the spatial axes [2, 3] of an [N, C, H, W] input only; got "
                    + (axes == null ? "every axis" : "axes " + Arrays.toString(axes)) + " of [N, "
                    + x.shape().toString().substring(1));
        }
        int a0 = Folding.axis(c, axes[0], 4, "axis");
        int a1 = Folding.axis(c, axes[1], 4, "axis");
        if (Math.min(a0, a1) != 2 || Math.max(a0, a1) != 3) {
            throw c.unsupported("axes", Arrays.toString(axes), "[2, 3] (height and width)");
        }
        Sym.Runtime pooled = c.layer(AdaptiveAvgPool2d.of(1, 1), Map.of(), x);
        if (keep == 0) {
            pooled = c.layerNamed(c.onnxName() + ".flatten", new Flatten(), Map.of(), pooled);
        } else if (keep != 1) {
            throw c.unsupported("keepdims", keep, "0, 1");
        }
        c.define(pooled);
    }

    /** Split of a model value along a per-sample axis: one Slice layer per output. */
    private static void split(NodeContext c) {
        Sym.Runtime x = c.runtime(0);
        long axisAttr = c.attrs.integer("axis", 0);
        long[] sizes = c.opset() >= 13 ? (c.hasInput(1) ? c.constant(1, "split").longs("split") : null)
                : c.attrs.integers("split");
        int axis = Folding.axis(c, axisAttr, x.onnxRank(), "axis");
        if (axis == 0) {
            throw c.unsupported("axis", axisAttr, "a per-sample axis (1 to " + (x.onnxRank() - 1) + "), not the batch");
        }
        int dim = x.shape().dim(axis - 1);
        int outputs = c.outputCount();
        if (sizes == null) {
            if (dim % outputs != 0) {
                throw c.error("cannot split " + dim + " into " + outputs + " equal parts");
            }
            sizes = new long[outputs];
            Arrays.fill(sizes, dim / outputs);
        }
        if (sizes.length != outputs || Arrays.stream(sizes).sum() != dim) {
            throw c.error("split " + Arrays.toString(sizes) + " does not cut axis " + axis + " of size " + dim + " into "
                    + outputs + " outputs");
        }
        int start = 0;
        for (int i = 0; i < outputs; i++) {
            int from = start;
            int to = (int) (start + sizes[i]);
            start = to;
            if (c.hasOutput(i)) {
                Slice s = c.make(() -> new Slice(axis - 1, from, to));
                c.define(i, c.layerNamed(c.onnxName() + "." + i, s, Map.of(), x));
            }
        }
    }

    /** Pad with zeros on height and width only (constant mode, value 0): nn.ZeroPad2d. */
    private static void pad(NodeContext c) {
        Sym.Runtime x = c.runtime(0);
        String mode = c.attrs.string("mode", "constant");
        if (!mode.equals("constant")) {
            throw c.unsupported("mode", mode, "constant");
        }
        long[] pads = c.constant(1, "pads").longs("pads");
        ConstTensor value = c.optionalConstant(2, "constant_value");
        if (value != null && (value.size() != 1 || value.number(0) != 0)) {
            throw c.error("pads with " + value + "; Lamina pads with zeros only");
        }
        if (c.hasInput(3)) {
            throw c.error("input axes is not supported; give pads for every axis");
        }
        if (x.onnxRank() != 4 || pads.length != 8) {
            throw c.error("Lamina pads [N, C, H, W] inputs on height and width only; got pads " + Arrays.toString(pads));
        }
        if (pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0) {
            throw c.error("pads " + Arrays.toString(pads) + " pad the batch or channel axis; Lamina pads height and "
                    + "width only");
        }
        for (long p : pads) {
            if (p < 0 || p > 1 << 20) {
                throw c.error("pads " + Arrays.toString(pads) + ": Lamina takes pads from 0 to " + (1 << 20)
                        + " (a negative pad crops)");
            }
        }
        Padding padding = new Padding((int) pads[2], (int) pads[3], (int) pads[6], (int) pads[7]);
        c.define(c.layer(new ZeroPad2d(padding), Map.of(), x));
    }

    // ---- dense ----------------------------------------------------------------------------------------

    /** Gemm: Y = alpha·A·B' + beta·C, with A the runtime [N, K] and B, C constants. */
    private static void gemm(NodeContext c) {
        Sym.Runtime a = c.runtime(0);
        ConstTensor b = c.constant(1, "B");
        ConstTensor bias = c.optionalConstant(2, "C");
        long transA = c.attrs.integer("transA", 0);
        long transB = c.attrs.integer("transB", 0);
        float alpha = c.attrs.real("alpha", 1f);
        float beta = c.attrs.real("beta", 1f);
        if (transA != 0) {
            throw c.unsupported("transA", transA, "0 (A is the batch of inputs)");
        }
        if (a.shape().rank() != 1) {
            throw c.error("expects an [N, K] input, got [N, " + a.shape().toString().substring(1)
                    + " (flatten it first)");
        }
        if (b.rank() != 2) {
            throw c.error("B has dims " + Arrays.toString(b.dims()) + ", expected 2");
        }
        int k = a.shape().dim(0);
        int units = (int) (transB != 0 ? b.dims()[0] : b.dims()[1]);
        int bk = (int) (transB != 0 ? b.dims()[1] : b.dims()[0]);
        if (bk != k) {
            throw c.error("B " + Arrays.toString(b.dims()) + (transB != 0 ? " (transposed)" : "")
                    + " expects " + bk + " input features, got " + k);
        }
        float[] bv = b.toFloats();
        float[] w = new float[units * k];
        for (int o = 0; o < units; o++) {
            for (int i = 0; i < k; i++) {
                float v = transB != 0 ? bv[o * k + i] : bv[i * units + o];
                // alpha = 1 (what PyTorch writes) leaves the weight bit-exact
                w[o * k + i] = alpha == 1f ? v : alpha * v;
            }
        }
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("weight", Tensor.of(Shape.of(units, k), w));
        if (bias != null && beta != 0f) {
            p.put("bias", Tensor.of(Shape.of(units), gemmBias(c, bias, units, beta)));
        }
        Dense d = new Dense(units, p.containsKey("bias"), k);
        c.define(c.layer(d, p, a));
    }

    /** Gemm's C broadcast to [units]: a scalar, [units] or [1, units]; scaled by beta. */
    private static float[] gemmBias(NodeContext c, ConstTensor bias, int units, float beta) {
        float[] cv = bias.toFloats();
        boolean rowLike = bias.rank() <= 1 || (bias.rank() == 2 && bias.dims()[0] == 1);
        if (!rowLike || (cv.length != units && cv.length != 1)) {
            throw c.error("C has dims " + Arrays.toString(bias.dims()) + "; Lamina takes a bias of [" + units
                    + "] (or [1, " + units + "], or a scalar)");
        }
        float[] out = new float[units];
        for (int i = 0; i < units; i++) {
            float v = cv.length == 1 ? cv[0] : cv[i];
            out[i] = beta == 1f ? v : beta * v;
        }
        return out;
    }

    /** MatMul of the runtime [N, K] by a constant [K, out]: a Dense, with the bias of a following Add. */
    private static void matMul(NodeContext c) {
        Sym.Runtime a = c.runtime(0);
        ConstTensor b = c.constant(1, "B");
        if (a.shape().rank() != 1 || b.rank() != 2) {
            throw c.error("Lamina supports MatMul of an [N, K] value by a constant [K, M] only; got [N, "
                    + a.shape().toString().substring(1) + " by " + Arrays.toString(b.dims()));
        }
        if (b.dims()[0] != a.shape().dim(0)) {
            throw c.error("B " + Arrays.toString(b.dims()) + " expects " + b.dims()[0] + " input features, got "
                    + a.shape().dim(0));
        }
        c.define(new Sym.Pattern(Sym.Step.MATMUL, a, c.onnxName(), b, 0));
    }

    private static void flatten(NodeContext c) {
        Sym in = c.input(0);
        long axis = c.attrs.integer("axis", 1);
        if (in instanceof Sym.Const k) {
            int ax = flattenAxis(c, axis, k.value().rank());
            long outer = 1;
            for (int i = 0; i < ax; i++) {
                outer *= k.value().dims()[i];
            }
            c.define(new Sym.Const(k.value().withDims(new long[] {outer, k.value().size() / Math.max(1, outer)})));
            return;
        }
        Sym.Runtime x = c.runtime(0);
        if (flattenAxis(c, axis, x.onnxRank()) != 1) {
            throw c.unsupported("axis", axis, "1 (keep the batch axis, flatten each sample)");
        }
        c.define(flattenLayer(c, x));
    }

    /** Flatten's axis, which may also be the rank itself: -r ≤ axis ≤ r. */
    private static int flattenAxis(NodeContext c, long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a > rank) {
            throw c.error("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) a;
    }

    private static Sym.Runtime flattenLayer(NodeContext c, Sym.Runtime x) {
        return c.layer(new Flatten(), Map.of(), x);
    }

    private static void softmax(NodeContext c) {
        Sym.Runtime x = c.runtime(0);
        int rank = x.onnxRank();
        long axisAttr = c.attrs.integer("axis", c.opset() >= 13 ? -1 : 1);
        int axis = Folding.axis(c, axisAttr, rank, "axis");
        // Lamina's softmax runs over the first per-sample axis. Before opset 13 ONNX's runs over every axis
        // from `axis` on, which is the same when the axes after the first are all 1.
        boolean trailingOnes = true;
        for (int i = 1; i < x.shape().rank(); i++) {
            trailingOnes &= x.shape().dim(i) == 1;
        }
        boolean same = axis == 1 && (c.opset() >= 13 || trailingOnes);
        if (!same) {
            throw c.unsupported("axis", axisAttr, "the first per-sample axis (1), over a [N, F] input or, from "
                    + "opset 13, over the channels");
        }
        c.define(c.layer(new Softmax(), Map.of(), x));
    }

    // ---- element-wise and joins -----------------------------------------------------------------------

    /** The constant of a binary node whose other input is not one, or null. */
    private static ConstTensor scalarConst(Sym s) {
        return s instanceof Sym.Const k && k.value().size() == 1 ? k.value() : null;
    }

    private static boolean isStep(Sym s, Sym.Step step) {
        return s instanceof Sym.Pattern p && p.step() == step;
    }

    private static void add(NodeContext c) {
        Sym a = c.input(0);
        Sym b = c.input(1);
        if (a instanceof Sym.Const ca && b instanceof Sym.Const cb) {
            c.define(new Sym.Const(Folding.arithmetic(c, ca.value(), cb.value(), Double::sum, Math::addExact)));
            return;
        }
        // MatMul + Add of a constant [M]: the Dense's bias
        Sym.Pattern mm = isStep(a, Sym.Step.MATMUL) ? (Sym.Pattern) a : isStep(b, Sym.Step.MATMUL) ? (Sym.Pattern) b : null;
        Sym other = mm == a ? b : a;
        if (mm != null && other instanceof Sym.Const k) {
            int units = (int) mm.constant().dims()[1];
            if (k.value().size() != units || k.value().rank() > 2) {
                throw c.error("adds " + Arrays.toString(k.value().dims()) + " to a MatMul of " + units
                        + " outputs; Lamina takes a bias of [" + units + "]");
            }
            c.define(c.materializedDense(mm, k.value().toFloats()));
            return;
        }
        // GELU: erf(x / √2) + 1
        Sym.Pattern erf = isStep(a, Sym.Step.GELU_ERF) ? (Sym.Pattern) a : isStep(b, Sym.Step.GELU_ERF) ? (Sym.Pattern) b : null;
        ConstTensor one = scalarConst(erf == a ? b : a);
        if (erf != null && one != null && one.number(0) == 1) {
            c.define(new Sym.Pattern(Sym.Step.GELU_ERF_PLUS_1, erf.source(), erf.node(), null, 0));
            return;
        }
        // GELU (tanh): x + 0.044715·x³, then 1 + tanh(…)
        for (int side = 0; side < 2; side++) {
            Sym p = side == 0 ? a : b;
            Sym q = side == 0 ? b : a;
            if (isStep(p, Sym.Step.GELU_TANH_CUBE) && q.equals(((Sym.Pattern) p).source())) {
                c.define(step(Sym.Step.GELU_TANH_SUM, (Sym.Pattern) p));
                return;
            }
            ConstTensor k = scalarConst(q);
            if (isStep(p, Sym.Step.GELU_TANH) && k != null && k.number(0) == 1) {
                c.define(step(Sym.Step.GELU_TANH_PLUS_1, (Sym.Pattern) p));
                return;
            }
        }
        if (a instanceof Sym.Const || b instanceof Sym.Const) {
            throw c.error("adds a constant to a model value; Lamina adds constants only as a MatMul's bias or inside "
                    + "GELU's 1 + erf(x/√2)");
        }
        c.define(c.layer(new Add(), Map.of(), c.runtime(0), c.runtime(1)));
    }

    private static final double SQRT2 = Math.sqrt(2);
    private static final double KAPPA = 0.044715;
    private static final double BETA = Math.sqrt(2 / Math.PI);

    private static Sym.Pattern step(Sym.Step next, Sym.Pattern p) {
        return new Sym.Pattern(next, p.source(), p.node(), null, 0);
    }

    /** Whether {@code v} is x·(x·x) computed by two Mul layers, the cube of GELU's tanh form; returns x. */
    private static Sym.Runtime cubeOf(NodeContext c, Sym v) {
        if (!(v instanceof Sym.Runtime cube)) {
            return null;
        }
        GraphImporter.Emitted outer = c.producer(cube);
        if (outer == null || !(outer.layer() instanceof Mul)) {
            return null;
        }
        for (int i = 0; i < 2; i++) {
            String x = outer.inputs().get(i);
            GraphImporter.Emitted inner = c.graphProducer(outer.inputs().get(1 - i));
            if (inner != null && inner.layer() instanceof Mul && inner.inputs().equals(List.of(x, x))) {
                return c.runtimeNamed(x);
            }
        }
        return null;
    }

    private static boolean near(ConstTensor k, double v) {
        return k != null && Math.abs(k.number(0) - v) <= 1e-6 * Math.abs(v);
    }

    private static void tanh(NodeContext c) {
        Sym a = c.input(0);
        if (isStep(a, Sym.Step.GELU_TANH_INNER)) {
            c.define(step(Sym.Step.GELU_TANH, (Sym.Pattern) a));
            return;
        }
        unary(c, new Tanh());
    }

    /** Mul: of two model values (same shape or [C, 1, 1] broadcast), or a step of GELU's erf form. */
    private static void mul(NodeContext c) {
        Sym a = c.input(0);
        Sym b = c.input(1);
        if (a instanceof Sym.Const ca && b instanceof Sym.Const cb) {
            c.define(new Sym.Const(Folding.arithmetic(c, ca.value(), cb.value(), (u, v) -> u * v, Math::multiplyExact)));
            return;
        }
        for (int side = 0; side < 2; side++) {
            Sym p = side == 0 ? a : b;
            Sym q = side == 0 ? b : a;
            ConstTensor k = scalarConst(q);
            // x · (1 + erf(x/√2)), then · 0.5
            if (isStep(p, Sym.Step.GELU_ERF_PLUS_1) && q.equals(((Sym.Pattern) p).source())) {
                Sym.Pattern g = (Sym.Pattern) p;
                c.define(new Sym.Pattern(Sym.Step.GELU_X_TIMES, g.source(), g.node(), null, 0));
                return;
            }
            if (isStep(p, Sym.Step.GELU_X_TIMES) && k != null && k.number(0) == 0.5) {
                Sym.Pattern g = (Sym.Pattern) p;
                c.define(c.layerNamed(g.node(), GELU.exact(), Map.of(), g.source()));
                return;
            }
            // GELU's tanh form: 0.044715 · x³, √(2/π) · (…), x · (1 + tanh(…)), · 0.5
            Sym.Runtime cubed = near(k, KAPPA) ? cubeOf(c, p) : null;
            if (cubed != null) {
                c.define(new Sym.Pattern(Sym.Step.GELU_TANH_CUBE, cubed, c.onnxName(), null, 0));
                return;
            }
            if (isStep(p, Sym.Step.GELU_TANH_SUM) && near(k, BETA)) {
                c.define(step(Sym.Step.GELU_TANH_INNER, (Sym.Pattern) p));
                return;
            }
            if (isStep(p, Sym.Step.GELU_TANH_PLUS_1) && q.equals(((Sym.Pattern) p).source())) {
                c.define(step(Sym.Step.GELU_TANH_X_TIMES, (Sym.Pattern) p));
                return;
            }
            if (isStep(p, Sym.Step.GELU_TANH_X_TIMES) && k != null && k.number(0) == 0.5) {
                Sym.Pattern g = (Sym.Pattern) p;
                c.define(c.layerNamed(g.node(), new GELU(GELU.TANH), Map.of(), g.source()));
                return;
            }
            if (isStep(p, Sym.Step.GELU_HALF_X) && isStep(q, Sym.Step.GELU_TANH_PLUS_1)
                    && ((Sym.Pattern) p).source().equals(((Sym.Pattern) q).source())) {
                Sym.Pattern g = (Sym.Pattern) q;
                c.define(c.layerNamed(g.node(), new GELU(GELU.TANH), Map.of(), g.source()));
                return;
            }
            // (x · 0.5) · (1 + erf(x/√2))
            if (p instanceof Sym.Runtime x && k != null && k.number(0) == 0.5) {
                c.define(new Sym.Pattern(Sym.Step.GELU_HALF_X, x, c.onnxName(), null, 0));
                return;
            }
            if (isStep(p, Sym.Step.GELU_HALF_X) && isStep(q, Sym.Step.GELU_ERF_PLUS_1)
                    && ((Sym.Pattern) p).source().equals(((Sym.Pattern) q).source())) {
                Sym.Pattern g = (Sym.Pattern) q;
                c.define(c.layerNamed(g.node(), GELU.exact(), Map.of(), g.source()));
                return;
            }
        }
        if (a instanceof Sym.Const || b instanceof Sym.Const) {
            throw c.error("multiplies a model value by a constant; Lamina multiplies two model values (Mul), or by 0.5 "
                    + "inside GELU");
        }
        c.define(c.layer(new Mul(), Map.of(), c.runtime(0), c.runtime(1)));
    }

    /** Div: folded on constants; x / √2 starts GELU's erf form. */
    private static void div(NodeContext c) {
        Sym a = c.input(0);
        Sym b = c.input(1);
        if (a instanceof Sym.Const ca && b instanceof Sym.Const cb) {
            c.define(new Sym.Const(Folding.arithmetic(c, ca.value(), cb.value(), (u, v) -> u / v, Ops::divide)));
            return;
        }
        ConstTensor k = scalarConst(b);
        if (a instanceof Sym.Runtime x && k != null && Math.abs(k.number(0) - SQRT2) < 1e-6) {
            c.define(new Sym.Pattern(Sym.Step.GELU_DIV, x, c.onnxName(), null, 0));
            return;
        }
        throw c.error("divides a model value; Lamina folds Div on constants and reads x / √2 as the start of GELU");
    }

    private static void erf(NodeContext c) {
        Sym a = c.input(0);
        if (isStep(a, Sym.Step.GELU_DIV)) {
            Sym.Pattern g = (Sym.Pattern) a;
            c.define(new Sym.Pattern(Sym.Step.GELU_ERF, g.source(), g.node(), null, 0));
            return;
        }
        c.runtime(0);
        throw c.error("Lamina has no Erf layer; it reads Erf only inside GELU, 0.5 · x · (1 + erf(x / √2))");
    }

    /** Sub: folded on constants only. */
    private static void foldOnly(NodeContext c, java.util.function.DoubleBinaryOperator f,
                                 java.util.function.LongBinaryOperator g) {
        Sym a = c.input(0);
        Sym b = c.input(1);
        if (a instanceof Sym.Const ca && b instanceof Sym.Const cb) {
            c.define(new Sym.Const(Folding.arithmetic(c, ca.value(), cb.value(), f, g)));
            return;
        }
        throw c.error("Lamina folds " + c.opType() + " on constants only; here it computes on a model value");
    }

    private static void concat(NodeContext c) {
        long axis = c.attrs.integer("axis", Long.MIN_VALUE);
        if (axis == Long.MIN_VALUE) {
            throw c.error("attribute axis is required");
        }
        int n = c.inputCount();
        boolean allConst = true;
        for (int i = 0; i < n; i++) {
            allConst &= c.input(i) instanceof Sym.Const;
        }
        if (allConst) {
            ConstTensor[] xs = new ConstTensor[n];
            for (int i = 0; i < n; i++) {
                xs[i] = ((Sym.Const) c.input(i)).value();
            }
            c.define(new Sym.Const(Folding.concatAlong(c, xs, axis)));
            return;
        }
        Sym.Runtime[] xs = new Sym.Runtime[n];
        for (int i = 0; i < n; i++) {
            xs[i] = c.runtime(i);
        }
        if (Folding.axis(c, axis, xs[0].onnxRank(), "axis") != 1) {
            throw c.unsupported("axis", axis, "1 (the channels)");
        }
        if (n == 1) {
            c.define(xs[0]);
            return;
        }
        c.define(c.layer(new Concat(), Map.of(), xs));
    }

    private static void identity(NodeContext c) {
        Sym in = c.input(0);
        c.define(in instanceof Sym.Const ? in : c.layer(new Identity(), Map.of(), c.runtime(0)));
    }

    private static void dropout(NodeContext c) {
        c.onlyFirstOutput("mask");
        double ratio;
        if (c.opset() < 12) {
            ratio = Double.parseDouble(Float.toString(c.attrs.real("ratio", 0.5f)));
        } else {
            ConstTensor r = c.optionalConstant(1, "ratio");
            ratio = r == null ? 0.5 : Double.parseDouble(Float.toString((float) r.number(0)));
            ConstTensor training = c.optionalConstant(2, "training_mode");
            if (training != null && training.number(0) != 0) {
                throw c.error("training_mode is true; Lamina runs inference only");
            }
        }
        c.attrs.integer("seed", 0); // training only
        Sym in = c.input(0);
        c.define(in instanceof Sym.Const ? in : c.layer(c.make(() -> new Dropout(ratio)), Map.of(), c.runtime(0)));
    }

    // ---- shapes ---------------------------------------------------------------------------------------

    private static void shape(NodeContext c) {
        Sym in = c.input(0);
        long[] dims;
        if (in instanceof Sym.Const k) {
            dims = k.value().dims();
        } else {
            Sym.Runtime x = c.runtime(0);
            dims = new long[x.onnxRank()];
            dims[0] = ConstTensor.BATCH;
            for (int i = 1; i < dims.length; i++) {
                dims[i] = x.shape().dim(i - 1);
            }
        }
        long start = c.attrs.integer("start", 0);
        long end = c.attrs.integer("end", dims.length);
        long[] r = Folding.sliceRange(c, start, end, 1, dims.length);
        c.define(new Sym.Const(ConstTensor.vector(Arrays.copyOfRange(dims, (int) r[0], (int) (r[0] + r[2])))));
    }

    private static void gather(NodeContext c) {
        ConstTensor data = c.constant(0, "data");
        ConstTensor idx = c.constant(1, "indices");
        c.define(new Sym.Const(Folding.gather(c, data, idx, c.attrs.integer("axis", 0))));
    }

    private static long[] axesOf(NodeContext c) {
        if (c.opset() >= 13) {
            ConstTensor a = c.optionalConstant(1, "axes");
            return a == null ? null : a.longs("axes");
        }
        return c.attrs.integers("axes");
    }

    private static void unsqueeze(NodeContext c) {
        ConstTensor x = c.constant(0, "data");
        long[] axes = axesOf(c);
        if (axes == null) {
            throw c.error("axes are required");
        }
        c.define(new Sym.Const(Folding.unsqueeze(c, x, axes)));
    }

    private static void squeeze(NodeContext c) {
        long[] axes = axesOf(c);
        Sym in = c.input(0);
        if (in instanceof Sym.Const k) {
            c.define(new Sym.Const(k.value().withDims(Folding.squeezeDims(c, k.value().dims(), axes))));
            return;
        }
        Sym.Runtime x = c.runtime(0);
        long[] onnx = Folding.concat(new long[] {ConstTensor.BATCH}, Arrays.stream(x.shape().dims()).asLongStream().toArray());
        if (axes == null) {
            throw c.error("squeezes every axis of size 1, which may drop the batch; give axes");
        }
        long[] out = Folding.squeezeDims(c, onnx, axes);
        if (out.length < 1 || out[0] != ConstTensor.BATCH) {
            throw c.error("squeezes the batch axis");
        }
        c.define(out.length == onnx.length ? x : out.length == 2 ? flattenLayer(c, x) : reshapeError(c, x, out));
    }

    private static Sym.Runtime reshapeError(NodeContext c, Sym.Runtime x, long[] target) {
        throw c.error("reshapes [N, " + x.shape().toString().substring(1) + " to " + dimsText(target)
                + "; Lamina expresses flattening ([N, C·H·W]), a no-op and a channel shuffle's Reshape-Transpose-"
                + "Reshape only");
    }

    static String dimsText(long[] d) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < d.length; i++) {
            b.append(i > 0 ? ", " : "").append(d[i] == ConstTensor.BATCH ? "N" : String.valueOf(d[i]));
        }
        return b.append(']').toString();
    }

    private static void cast(NodeContext c) {
        long to = c.attrs.integer("to", 0);
        Sym in = c.input(0);
        if (in instanceof Sym.Const k) {
            c.define(new Sym.Const(Folding.cast(c, k.value(), to)));
            return;
        }
        if (to != 1) {
            throw c.unsupported("to", TensorDecoder.typeName((int) to), "FLOAT on a model value (Lamina computes in float32)");
        }
        c.define(c.runtime(0));
    }

    private static void slice(NodeContext c) {
        ConstTensor starts = c.constant(1, "starts");
        ConstTensor ends = c.constant(2, "ends");
        ConstTensor axes = c.optionalConstant(3, "axes");
        ConstTensor steps = c.optionalConstant(4, "steps");
        long[] s = starts.longs("starts");
        long[] e = ends.longs("ends");
        long[] a = axes == null ? null : axes.longs("axes");
        long[] st = steps == null ? null : steps.longs("steps");
        if (e.length != s.length || (a != null && a.length != s.length) || (st != null && st.length != s.length)) {
            throw c.error("starts, ends, axes and steps must have the same length");
        }
        Sym in = c.input(0);
        if (in instanceof Sym.Const k) {
            c.define(new Sym.Const(Folding.slice(c, k.value(), s, e, a, st)));
            return;
        }
        Sym.Runtime x = c.runtime(0);
        Sym.Runtime out = x;
        for (int i = 0; i < s.length; i++) {
            int axis = Folding.axis(c, a == null ? i : a[i], x.onnxRank(), "axis");
            long step = st == null ? 1 : st[i];
            long dim = axis == 0 ? Long.MAX_VALUE : x.shape().dim(axis - 1);
            if (axis == 0) {
                if (step == 1 && (s[i] == 0 || s[i] == Long.MIN_VALUE) && e[i] >= Integer.MAX_VALUE) {
                    continue; // the whole batch
                }
                throw c.error("slices the batch axis; Lamina slices per-sample axes only");
            }
            long[] r = Folding.sliceRange(c, s[i], e[i], step, dim);
            if (step != 1) {
                throw c.unsupported("steps", Arrays.toString(st), "1");
            }
            if (r[2] == 0) {
                throw c.error("slice [" + s[i] + ", " + e[i] + ") of axis " + axis + " (size " + dim + ") is empty");
            }
            if (r[0] == 0 && r[2] == dim) {
                continue;
            }
            int from = (int) r[0];
            int to = (int) (r[0] + r[2]);
            int perSampleAxis = axis - 1;
            String name = s.length == 1 ? c.onnxName() : c.onnxName() + "." + i;
            out = c.layerNamed(name, c.make(() -> new Slice(perSampleAxis, from, to)), Map.of(), out);
        }
        c.define(out);
    }

    private static void reshape(NodeContext c) {
        ConstTensor target = c.constant(1, "shape");
        long allowZero = c.opset() >= 14 ? c.attrs.integer("allowzero", 0) : 0;
        if (allowZero != 0) {
            throw c.unsupported("allowzero", allowZero, "0");
        }
        long[] t = target.longs("shape");
        Sym in = c.input(0);
        if (in instanceof Sym.Const k) {
            long[] dims = Folding.reshapeTarget(c, k.value().dims(), t);
            long known = 1;
            int infer = -1;
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] == -1) {
                    infer = i;
                } else {
                    known *= dims[i];
                }
            }
            if (infer >= 0) {
                dims[infer] = known == 0 ? 0 : k.value().size() / known;
            }
            try {
                c.define(new Sym.Const(k.value().withDims(dims)));
            } catch (IllegalArgumentException e) {
                throw c.error("cannot reshape " + Arrays.toString(k.value().dims()) + " to " + Arrays.toString(t));
            }
            return;
        }
        Sym.Runtime x = in instanceof Sym.Pattern p ? p.source() : c.runtime(0);
        long[] onnx = Folding.concat(new long[] {ConstTensor.BATCH}, Arrays.stream(x.shape().dims()).asLongStream().toArray());
        long[] dims = Folding.reshapeTarget(c, onnx, t);
        long[] perSample = perSampleTarget(c, x, dims, t);
        Shape s = x.shape();
        if (in instanceof Sym.Pattern p) {
            reshapePattern(c, p, perSample);
            return;
        }
        if (Arrays.equals(perSample, Arrays.stream(s.dims()).asLongStream().toArray())) {
            c.define(x);
        } else if (perSample.length == 1) {
            c.define(flattenLayer(c, x));
        } else if (s.rank() == 3 && perSample.length == 4 && perSample[2] == s.dim(1) && perSample[3] == s.dim(2)
                && perSample[0] * perSample[1] == s.dim(0) && perSample[0] > 1) {
            c.define(new Sym.Pattern(Sym.Step.SHUFFLE_VIEW, x, c.onnxName(), null, (int) perSample[0]));
        } else {
            reshapeError(c, x, Folding.concat(new long[] {ConstTensor.BATCH}, perSample));
        }
    }

    /** The per-sample part of a Reshape target: the first dim must be the batch, -1 is resolved. */
    private static long[] perSampleTarget(NodeContext c, Sym.Runtime x, long[] dims, long[] given) {
        int size = x.shape().size();
        if (dims.length < 2) {
            throw c.error("reshapes [N, " + x.shape().toString().substring(1) + " to " + Arrays.toString(given)
                    + ", which drops the batch axis");
        }
        long first = dims[0];
        long[] rest = Arrays.copyOfRange(dims, 1, dims.length);
        int infer = -1;
        long known = 1;
        for (int i = 0; i < rest.length; i++) {
            if (rest[i] == ConstTensor.BATCH) {
                throw c.error("moves the batch axis (target " + dimsText(dims) + ")");
            }
            if (rest[i] == -1) {
                infer = i;
            } else {
                known = Math.multiplyExact(known, rest[i]);
            }
        }
        boolean batchFirst = first == ConstTensor.BATCH || (c.fixedBatch() > 0 && first == c.fixedBatch())
                || (first == -1 && infer < 0 && known == size);
        if (!batchFirst) {
            throw c.error("reshapes [N, " + x.shape().toString().substring(1) + " to " + dimsText(dims)
                    + ": the first dim must stay the batch");
        }
        if (infer >= 0) {
            if (known == 0 || size % known != 0) {
                throw c.error("cannot reshape [N, " + x.shape().toString().substring(1) + " to " + dimsText(dims));
            }
            rest[infer] = size / known;
        }
        if (ConstTensor.elementCount(rest) != size) {
            throw c.error("cannot reshape [N, " + x.shape().toString().substring(1) + " to " + dimsText(dims)
                    + ": the element counts differ");
        }
        return rest;
    }

    /** The last Reshape of a channel shuffle: back to the input's [C, H, W] (or [C, H·W]). */
    private static void reshapePattern(NodeContext c, Sym.Pattern p, long[] perSample) {
        Shape s = p.source().shape();
        if (p.step() == Sym.Step.SHUFFLE_TRANSPOSED && perSample.length == 3 && perSample[0] == s.dim(0)
                && perSample[1] == s.dim(1) && perSample[2] == s.dim(2)) {
            c.define(c.layerNamed(p.node(), c.make(() -> new ChannelShuffle(p.groups())), Map.of(), p.source()));
            return;
        }
        throw c.patternMisuse(0, p);
    }

    private static void transpose(NodeContext c) {
        Sym in = c.input(0);
        long[] perm = c.attrs.integers("perm");
        if (in instanceof Sym.Pattern p && p.step() == Sym.Step.SHUFFLE_VIEW
                && Arrays.equals(perm, new long[] {0, 2, 1, 3, 4})) {
            c.define(new Sym.Pattern(Sym.Step.SHUFFLE_TRANSPOSED, p.source(), p.node(), null, p.groups()));
            return;
        }
        if (in instanceof Sym.Pattern p) {
            throw c.patternMisuse(0, p);
        }
        c.runtime(0);
        throw c.error("Lamina transposes only inside a channel shuffle (Reshape [N, g, C/g, H, W], Transpose perm "
                + "[0, 2, 1, 3, 4], Reshape [N, C, H, W]); got perm " + (perm == null ? "reversed" : Arrays.toString(perm)));
    }
}
