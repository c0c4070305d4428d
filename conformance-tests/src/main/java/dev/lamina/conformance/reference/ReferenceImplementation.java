package dev.lamina.conformance.reference;

import dev.lamina.api.AdaptiveAvgPool2d;
import dev.lamina.api.AdaptiveMaxPool2d;
import dev.lamina.api.Add;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.ChannelShuffle;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
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
import dev.lamina.api.Names;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.SiLU;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Slice;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
import dev.lamina.api.ZeroPad2d;
import dev.lamina.api.Tensor;
import dev.lamina.core.LayerNode;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * The kit's own forward pass: naive loops, double accumulation ({@link ReferenceMath}), written from
 * PyTorch's semantics and independently of every backend. Besides each layer's output it derives each
 * layer's {@link Tolerance}: a bound on how far any correct float32 implementation can be from it.
 *
 * <h2>Where the bounds come from</h2>
 * With u = 2^−24 (float32 unit roundoff) and γ(n) = n·u / (1 − n·u), a sum of n terms computed in float32
 * in any order — sequential, blocked, pairwise, vectorised, with or without FMA — is within
 * γ(n)·Σ|terms| of the exact sum (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, §3.1).
 * The reference itself is the exact sum rounded once (one more u). So, for each layer, with E the bound
 * already carried by its input (a backend's input differs from the reference's by at most E):
 * <ul>
 * <li>conv2d, dense: n = C·kh·kw (or features) products, plus the bias; L = the largest Σ|w| of a
 *     filter; S = the largest Σ|x·w| + |b| of an output. Bound: L·E + γ(n + 1)·(S + L·E). It grows with the
 *     accumulation length n and with the magnitudes summed, and nothing else, so it is worst-case honest:
 *     a correct float32 backend can never fail it, while a wrong index or a lost bias misses by orders of
 *     magnitude.</li>
 * <li>avgpool: kh·kw terms, a division (or a reciprocal and a product): E + γ(kh·kw + 3)·(S + E).</li>
 * <li>add of two values: float addition is correctly rounded, so with exact inputs it is exact; otherwise
 *     ΣE + γ(m)·(S + ΣE) for m inputs.</li>
 * <li>relu, maxpool, flatten, concat: no arithmetic, so exactly the input's bound; exact on exact input.</li>
 * <li>adaptive avgpool: as avgpool, with the largest window's count.</li>
 * <li>batchnorm: a ≈ weight/sqrt(var + eps) and the shift are each a few roundings, whether folded into a scale
 *     and shift or not: G·E + γ(8)·(S + G·E), G the largest |a|, S the largest |x·a| + |mean·a| + |bias|.</li>
 * <li>mul: one correctly rounded product: exact on exact inputs, else |a|·E_b + |b|·E_a + E_a·E_b plus u relative.</li>
 * <li>hardtanh, leaky_relu, adaptive maxpool, identity, dropout, channel_shuffle, slice, zeropad2d: moves, clamps
 *     or one correctly rounded product — exact on exact input, else the input's bound times the slope.</li>
 * <li>elu, silu, hardswish, hardsigmoid, gelu: a few roundings and one library function: 16 ulps relative, an
 *     absolute term for the cancellation of {@code 1 + erf} / {@code exp(x) − 1} near their zeros (a few u
 *     times the largest |x| or alpha), plus the input's bound times the largest slope.</li>
 * <li>sigmoid, tanh: 8 ulps relative for the library functions (float implementations are within 1–4),
 *     plus the input's bound times the slope (¼ and 1), plus {@link Float#MIN_NORMAL} absolute, so that a
 *     backend flushing subnormal results to zero is not failed for it.</li>
 * <li>softmax over C values: relative (C + 8 + 2·d)·u, d being the largest |x − max| behind a normal output
 *     (exp of a rounded difference), plus e^{2E} − 1 for the input's bound, plus MIN_NORMAL absolute.</li>
 * </ul>
 * A non-finite value has no error bound: NaN and ±Inf must be matched exactly ({@link Tolerance#allows}).
 */
public final class ReferenceImplementation {
    private static final String INPUT = "input";

    private ReferenceImplementation() {
    }

    /** Runs the model on a batch {@code [N, ...input shape]}: every layer's output and tolerance. */
    public static ReferenceRun run(Model model, Weights weights, Tensor input) {
        Shape want = model.inputShape();
        if (input.shape().rank() != want.rank() + 1 || !input.shape().dropFirst().equals(want)) {
            throw new IllegalArgumentException(model.name() + ": expected an input [N, "
                    + want.toString().substring(1) + ", got " + input.shape());
        }
        int batch = input.shape().dim(0);
        Map<String, float[]> values = new HashMap<>();
        Map<String, Double> errors = new HashMap<>();
        values.put(INPUT, input.toArray());
        errors.put(INPUT, 0.0);
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        Map<String, Tolerance> tolerances = new LinkedHashMap<>();
        for (LayerNode node : model.layers()) {
            List<String> inNames = node.inputs();
            float[][] ins = new float[inNames.size()][];
            double[] inErrors = new double[inNames.size()];
            for (int i = 0; i < ins.length; i++) {
                ins[i] = values.get(inNames.get(i));
                inErrors[i] = errors.get(inNames.get(i));
            }
            Map<String, float[]> params = new HashMap<>();
            weights.of(node.name()).forEach((k, t) -> params.put(k, t.toArray()));
            float[] out = new float[Math.multiplyExact(batch, node.outputShape().size())];
            Step step = new Step(node.layer(), node.inputShapes(), node.outputShape(), params, batch, ins);
            double scale = compute(step, out);
            Tolerance tol = bound(step, scale, inErrors);
            values.put(node.name(), out);
            errors.put(node.name(), tol.atol() + tol.rtol() * ReferenceMath.maxFiniteAbs(out, out.length));
            outputs.put(node.name(), Tensor.adopt(node.outputShape().withBatch(batch), out));
            tolerances.put(node.name(), tol);
        }
        return new ReferenceRun(outputs, tolerances);
    }

    /** One layer's step of a run, as the reference sees it: the layer, its shapes, parameters and input values. */
    record Step(Layer layer, List<Shape> inShapes, Shape outShape, Map<String, float[]> params, int batch,
                float[][] ins) {
        Shape in() {
            return inShapes.get(0);
        }

        /** Values in the batch's output. */
        int count() {
            return batch * outShape.size();
        }

        float[] param(String key) {
            return params.get(key);
        }

        /** The largest finite |x| of input {@code i}. */
        double maxAbs(int i) {
            return ReferenceMath.maxFiniteAbs(ins[i], batch * inShapes.get(i).size());
        }
    }

    /** Computes one layer into {@code out}; returns the scale of its sums (0 for layers that do not sum). */
    @FunctionalInterface
    private interface Compute<L extends Layer> {
        double run(L layer, Step s, float[] out);
    }

    /**
     * The layer's tolerance from its inputs' bounds: {@code e} is the largest, {@code inErrors} each input's.
     */
    @FunctionalInterface
    private interface Bound<L extends Layer> {
        Tolerance of(L layer, Step s, double scale, double e, double[] inErrors);
    }

    /** What the reference does for one layer type. */
    private record Op(Compute<Layer> compute, Bound<Layer> bound) {
    }

    /** The reference's one place per layer type; a test checks it covers every permitted {@link Layer}. */
    private static final Map<Class<? extends Layer>, Op> OPS = new HashMap<>();

    /** No arithmetic: exactly the input's bound, exact on exact input. */
    private static final Bound<Layer> MOVED = (l, s, scale, e, errs) -> e == 0 ? Tolerance.EXACT : Tolerance.of(e, 0);

    static {
        op(Conv2d.class, (c, s, out) -> ReferenceMath.conv2d(s.batch(), s.ins()[0], s.in(), c, s.param(Names.WEIGHT),
                s.param(Names.BIAS), s.outShape(), out), (c, s, scale, e, errs) -> weighted(s, c.filters(), scale, e));
        op(Dense.class, (d, s, out) -> ReferenceMath.dense(s.batch(), s.ins()[0], s.in().size(), s.param(Names.WEIGHT),
                s.param(Names.BIAS), d.units(), out), (d, s, scale, e, errs) -> weighted(s, d.units(), scale, e));
        op(MaxPool2d.class, (p, s, out) -> {
            ReferenceMath.maxPool(s.batch(), s.ins()[0], s.in(), p, s.outShape(), out);
            return 0;
        }, MOVED);
        op(AvgPool2d.class, (p, s, out) -> ReferenceMath.avgPool(s.batch(), s.ins()[0], s.in(), p, s.outShape(), out),
                (p, s, scale, e, errs) -> averaged(p.kernel().h() * p.kernel().w(), scale, e));
        op(AdaptiveAvgPool2d.class, (p, s, out) -> ReferenceMath.adaptivePool(s.batch(), s.ins()[0], s.in(),
                s.outShape(), false, out), (p, s, scale, e, errs) -> averaged(
                ReferenceMath.adaptiveWindow(s.in().dim(1), p.output().h())
                        * ReferenceMath.adaptiveWindow(s.in().dim(2), p.output().w()), scale, e));
        op(AdaptiveMaxPool2d.class, (p, s, out) -> ReferenceMath.adaptivePool(s.batch(), s.ins()[0], s.in(),
                s.outShape(), true, out) * 0, MOVED); // max: no sums to scale
        op(BatchNorm2d.class, (b, s, out) -> ReferenceMath.batchNorm(s.batch(), s.ins()[0], s.in(), b.eps(),
                s.param(Names.WEIGHT), s.param(Names.BIAS), s.param(BatchNorm2d.RUNNING_MEAN),
                s.param(BatchNorm2d.RUNNING_VAR), out), (b, s, scale, e, errs) -> {
            double g = ReferenceMath.batchNormGain(b.eps(), s.param(Names.WEIGHT), s.param(BatchNorm2d.RUNNING_VAR));
            return Tolerance.of(g * e + gamma(8) * (scale + g * e), 0);
        });
        op(ReLU.class, (r, s, out) -> {
            ReferenceMath.relu(s.count(), s.ins()[0], out);
            return 0;
        }, MOVED);
        op(Sigmoid.class, (g, s, out) -> {
            ReferenceMath.sigmoid(s.count(), s.ins()[0], out);
            return 0;
        }, (g, s, scale, e, errs) -> Tolerance.of(e / 4 + Float.MIN_NORMAL, 8 * Tolerance.U));
        op(Tanh.class, (t, s, out) -> {
            ReferenceMath.tanh(s.count(), s.ins()[0], out);
            return 0;
        }, (t, s, scale, e, errs) -> Tolerance.of(e + Float.MIN_NORMAL, 8 * Tolerance.U));
        op(Softmax.class, (m, s, out) -> ReferenceMath.softmax(s.batch(), s.ins()[0], s.in(), out),
                (m, s, scale, e, errs) -> Tolerance.of(Float.MIN_NORMAL,
                        (s.in().dim(0) + 8 + 2 * scale) * Tolerance.U + Math.expm1(2 * e)));
        op(Hardtanh.class, (h, s, out) -> mapped(s, out, ReferenceActivations.hardtanh(h.min(), h.max())), MOVED);
        op(LeakyReLU.class, (r, s, out) -> mapped(s, out, ReferenceActivations.leakyRelu(r.slope())),
                (r, s, scale, e, errs) -> Tolerance.of(e * Math.max(1, Math.abs(r.slope())), 0));
        op(ELU.class, (f, s, out) -> mapped(s, out, ReferenceActivations.elu(f.alpha())),
                (f, s, scale, e, errs) -> Tolerance.of(e * Math.max(1, Math.abs(f.alpha()))
                        + 8 * Tolerance.U * Math.abs(f.alpha()) + Float.MIN_NORMAL, 16 * Tolerance.U));
        op(Hardsigmoid.class, (h, s, out) -> mapped(s, out, isPyTorchHardsigmoid(h)
                        ? x -> Math.min(Math.max(x + 3, 0), 6) / 6 : ReferenceActivations.hardsigmoid(h.alpha(), h.beta())),
                (h, s, scale, e, errs) -> Tolerance.of(e * Math.abs(h.alpha()) + 8 * Tolerance.U, 8 * Tolerance.U));
        op(Hardswish.class, (h, s, out) -> mapped(s, out, ReferenceActivations::hardswish),
                (h, s, scale, e, errs) -> Tolerance.of(1.5 * e + 24 * Tolerance.U, 16 * Tolerance.U));
        op(SiLU.class, (f, s, out) -> mapped(s, out, ReferenceActivations::silu),
                (f, s, scale, e, errs) -> Tolerance.of(1.1 * e + Float.MIN_NORMAL, 16 * Tolerance.U));
        op(GELU.class, (g, s, out) -> mapped(s, out, g.tanhApproximation() ? ReferenceActivations::geluTanh
                        : ReferenceActivations::gelu),
                (g, s, scale, e, errs) -> Tolerance.of(1.13 * e + 4 * Tolerance.U * s.maxAbs(0) + Float.MIN_NORMAL,
                        16 * Tolerance.U));
        op(Flatten.class, ReferenceImplementation::copy, MOVED);
        op(Identity.class, ReferenceImplementation::copy, MOVED);
        op(Dropout.class, ReferenceImplementation::copy, MOVED);
        op(Add.class, (a, s, out) -> ReferenceMath.add(s.batch(), s.ins(), s.inShapes(), s.outShape(), out),
                (a, s, scale, e, errs) -> {
                    double eSum = 0;
                    for (double x : errs) {
                        eSum += x;
                    }
                    int m = s.inShapes().size();
                    return m == 2 && eSum == 0 ? Tolerance.EXACT : Tolerance.of(eSum + gamma(m) * (scale + eSum), 0);
                });
        op(Mul.class, (m, s, out) -> {
            ReferenceMath.mul(s.batch(), s.ins(), s.inShapes(), s.outShape(), out);
            return 0;
        }, (m, s, scale, e, errs) -> e == 0 ? Tolerance.EXACT
                : Tolerance.of(s.maxAbs(0) * errs[1] + s.maxAbs(1) * errs[0] + errs[0] * errs[1], Tolerance.U));
        op(Concat.class, (c, s, out) -> {
            ReferenceMath.concat(s.batch(), s.ins(), s.inShapes().stream().mapToInt(Shape::size).toArray(), out);
            return 0;
        }, MOVED);
        op(ChannelShuffle.class, (c, s, out) -> {
            ReferenceMath.channelShuffle(s.batch(), s.ins()[0], s.in(), c.groups(), out);
            return 0;
        }, MOVED);
        op(Slice.class, (c, s, out) -> {
            ReferenceMath.slice(s.batch(), s.ins()[0], s.in(), c.axis(), c.start(), c.end(), out);
            return 0;
        }, MOVED);
        op(ZeroPad2d.class, (z, s, out) -> {
            ReferenceMath.zeroPad(s.batch(), s.ins()[0], s.in(), z.padding(), s.outShape(), out);
            return 0;
        }, MOVED);
    }

    private static <L extends Layer> void op(Class<L> type, Compute<? super L> compute, Bound<? super L> bound) {
        Op o = new Op((l, s, out) -> compute.run(type.cast(l), s, out),
                (l, s, scale, e, errs) -> bound.of(type.cast(l), s, scale, e, errs));
        if (OPS.put(type, o) != null) {
            throw new IllegalStateException("two reference ops for " + type.getSimpleName());
        }
    }

    /** The layer types the reference computes (a test checks this is every permitted {@link Layer}). */
    static Set<Class<? extends Layer>> types() {
        return Set.copyOf(OPS.keySet());
    }

    private static Op opFor(Layer layer) {
        Op o = OPS.get(layer.getClass());
        if (o == null) {
            throw new IllegalArgumentException("the reference implementation has no " + layer.type());
        }
        return o;
    }

    private static double mapped(Step s, float[] out, DoubleUnaryOperator f) {
        ReferenceActivations.map(s.count(), s.ins()[0], out, f);
        return 0;
    }

    private static double copy(Layer l, Step s, float[] out) {
        System.arraycopy(s.ins()[0], 0, out, 0, s.count());
        return 0;
    }

    /** PyTorch's {@code nn.Hardsigmoid}, which computes {@code min(max(x + 3, 0), 6) / 6}. */
    private static boolean isPyTorchHardsigmoid(Hardsigmoid h) {
        return h.alpha() == 1f / 6 && h.beta() == 0.5f;
    }

    /** conv2d and dense: n products and the bias summed, L the largest Σ|w| of a filter (see the class comment). */
    private static Tolerance weighted(Step s, int rows, double scale, double e) {
        float[] w = s.param(Names.WEIGHT);
        int terms = w.length / rows + (s.params().containsKey(Names.BIAS) ? 1 : 0);
        double carried = ReferenceMath.maxRowAbsSum(w, rows) * e;
        return Tolerance.of(carried + gamma(terms + 1) * (scale + carried), 0);
    }

    /** Average pools: {@code terms} values summed, then one division. */
    private static Tolerance averaged(int terms, double scale, double e) {
        return Tolerance.of(e + gamma(terms + 3) * (scale + e), 0);
    }

    /**
     * Computes one layer on a batch; returns the scale of its sums (see {@link ReferenceMath}), 0 for
     * layers that do not sum. Shared by {@link #run} and {@link ReferenceBackend}.
     */
    static double compute(Step step, float[] out) {
        return opFor(step.layer()).compute().run(step.layer(), step, out);
    }

    static double compute(Layer layer, List<Shape> inShapes, Shape outShape, Map<String, float[]> params,
                          int batch, float[][] ins, float[] out) {
        return compute(new Step(layer, inShapes, outShape, params, batch, ins), out);
    }

    static double gamma(double n) {
        double nu = n * Tolerance.U;
        return nu / (1 - nu);
    }

    /** The layer's tolerance given its inputs' bounds; see the class comment for each formula. */
    static Tolerance bound(Step step, double scale, double[] inErrors) {
        double e = 0;
        for (double x : inErrors) {
            e = Math.max(e, x);
        }
        return opFor(step.layer()).bound().of(step.layer(), step, scale, e, inErrors);
    }
}
