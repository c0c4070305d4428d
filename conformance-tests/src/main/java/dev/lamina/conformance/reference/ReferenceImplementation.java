package dev.lamina.conformance.reference;

import dev.lamina.api.Add;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Flatten;
import dev.lamina.api.Layer;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
import dev.lamina.api.Tensor;
import dev.lamina.core.LayerNode;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
            double scale = compute(node.layer(), node.inputShapes(), node.outputShape(), params, batch, ins, out);
            Tolerance tol = bound(node.layer(), node.inputShapes(), node.outputShape(), params, scale, inErrors);
            values.put(node.name(), out);
            errors.put(node.name(), tol.atol() + tol.rtol() * ReferenceMath.maxFiniteAbs(out, out.length));
            outputs.put(node.name(), Tensor.adopt(node.outputShape().withBatch(batch), out));
            tolerances.put(node.name(), tol);
        }
        return new ReferenceRun(outputs, tolerances);
    }

    /**
     * Computes one layer on a batch; returns the scale of its sums (see {@link ReferenceMath}), 0 for
     * layers that do not sum. Shared by {@link #run} and {@link ReferenceBackend}.
     */
    static double compute(Layer layer, List<Shape> inShapes, Shape outShape, Map<String, float[]> params,
                          int batch, float[][] ins, float[] out) {
        Shape in = inShapes.get(0);
        int count = batch * outShape.size();
        if (layer instanceof Conv2d c) {
            return ReferenceMath.conv2d(batch, ins[0], in, c, params.get("weight"), params.get("bias"), outShape, out);
        } else if (layer instanceof Dense d) {
            return ReferenceMath.dense(batch, ins[0], in.size(), params.get("weight"), params.get("bias"),
                    d.units(), out);
        } else if (layer instanceof MaxPool2d p) {
            ReferenceMath.maxPool(batch, ins[0], in, p, outShape, out);
        } else if (layer instanceof AvgPool2d p) {
            return ReferenceMath.avgPool(batch, ins[0], in, p, outShape, out);
        } else if (layer instanceof ReLU) {
            ReferenceMath.relu(count, ins[0], out);
        } else if (layer instanceof Sigmoid) {
            ReferenceMath.sigmoid(count, ins[0], out);
        } else if (layer instanceof Tanh) {
            ReferenceMath.tanh(count, ins[0], out);
        } else if (layer instanceof Softmax) {
            return ReferenceMath.softmax(batch, ins[0], in, out);
        } else if (layer instanceof Flatten) {
            System.arraycopy(ins[0], 0, out, 0, count);
        } else if (layer instanceof Add) {
            return ReferenceMath.add(batch, ins, outShape.size(), out);
        } else if (layer instanceof Concat) {
            int[] sizes = inShapes.stream().mapToInt(Shape::size).toArray();
            ReferenceMath.concat(batch, ins, sizes, out);
        } else {
            throw new IllegalArgumentException("the reference implementation has no " + layer.type());
        }
        return 0;
    }

    static double gamma(double n) {
        double nu = n * Tolerance.U;
        return nu / (1 - nu);
    }

    /** The layer's tolerance given its inputs' bounds; see the class comment for each formula. */
    static Tolerance bound(Layer layer, List<Shape> inShapes, Shape outShape, Map<String, float[]> params,
                           double scale, double[] inErrors) {
        double e = 0;
        double eSum = 0;
        for (double x : inErrors) {
            e = Math.max(e, x);
            eSum += x;
        }
        double u = Tolerance.U;
        if (layer instanceof Conv2d || layer instanceof Dense) {
            float[] w = params.get("weight");
            int rows = layer instanceof Conv2d c ? c.filters() : ((Dense) layer).units();
            int terms = w.length / rows + (params.containsKey("bias") ? 1 : 0);
            double carried = ReferenceMath.maxRowAbsSum(w, rows) * e;
            return Tolerance.of(carried + gamma(terms + 1) * (scale + carried), 0);
        } else if (layer instanceof AvgPool2d p) {
            int terms = p.kernel().h() * p.kernel().w();
            return Tolerance.of(e + gamma(terms + 3) * (scale + e), 0);
        } else if (layer instanceof Add) {
            int m = inShapes.size();
            if (m == 2 && eSum == 0) {
                return Tolerance.EXACT;
            }
            return Tolerance.of(eSum + gamma(m) * (scale + eSum), 0);
        } else if (layer instanceof Sigmoid) {
            return Tolerance.of(e / 4 + Float.MIN_NORMAL, 8 * u);
        } else if (layer instanceof Tanh) {
            return Tolerance.of(e + Float.MIN_NORMAL, 8 * u);
        } else if (layer instanceof Softmax) {
            int c = inShapes.get(0).dim(0);
            return Tolerance.of(Float.MIN_NORMAL, (c + 8 + 2 * scale) * u + Math.expm1(2 * e));
        }
        // relu, maxpool, flatten, concat: values are moved, never computed.
        return e == 0 ? Tolerance.EXACT : Tolerance.of(e, 0);
    }
}
