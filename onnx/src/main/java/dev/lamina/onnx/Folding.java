package dev.lamina.onnx;

import dev.lamina.onnx.proto.OnnxIr.AttributeProto;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * Constant folding: the ops of shape computations ({@code Shape}, {@code Gather}, {@code Unsqueeze},
 * {@code Squeeze}, {@code Concat}, {@code Cast}, arithmetic, {@code Slice}, {@code Reshape}) evaluated at
 * import time on {@link ConstTensor}s, with numpy broadcasting as ONNX defines it. The batch size of a
 * folded shape stays the symbol {@link ConstTensor#BATCH}: it may be moved around (gathered, concatenated,
 * cast) but not computed with, since its value is known only when the model runs.
 */
final class Folding {
    /** Folded values are shapes, indices and small constants; a fold above this is a hostile file. */
    static final int MAX_FOLDED = 1 << 24;

    private Folding() {
    }

    /** The element count of a folded result, refused above {@link #MAX_FOLDED} before it is allocated. */
    static int foldedCount(NodeContext c, long[] dims) {
        long n;
        try {
            n = ConstTensor.elementCount(dims);
        } catch (IllegalArgumentException | ArithmeticException e) {
            n = Long.MAX_VALUE;
        }
        if (n > MAX_FOLDED) {
            throw c.error("folding it on constants would make " + (n == Long.MAX_VALUE ? "too many" : String.valueOf(n))
                    + " values (dims " + Arrays.toString(dims) + "); Lamina folds at most " + MAX_FOLDED);
        }
        return (int) n;
    }

    /** A Constant node's value. */
    static ConstTensor constant(NodeContext c) {
        int given = 0;
        ConstTensor v = null;
        AttributeProto t = c.attrs.tensor("value");
        if (t != null) {
            given++;
            v = c.graphDecode(t.getT(), "attribute value");
        }
        if (c.attrs.has("value_float")) {
            given++;
            v = ConstTensor.ofFloats(new long[0], new float[] {c.attrs.real("value_float", 0)});
        }
        float[] fs = c.attrs.reals("value_floats");
        if (fs != null) {
            given++;
            v = ConstTensor.ofFloats(new long[] {fs.length}, fs);
        }
        if (c.attrs.has("value_int")) {
            given++;
            v = ConstTensor.scalar(c.attrs.integer("value_int", 0));
        }
        long[] is = c.attrs.integers("value_ints");
        if (is != null) {
            given++;
            v = ConstTensor.vector(is);
        }
        if (given != 1) {
            throw c.error("needs exactly one of value, value_float, value_floats, value_int, value_ints; got "
                    + given + (c.attrs.unread().isEmpty() ? "" : " (and " + c.attrs.unread() + ", not supported)"));
        }
        return v;
    }

    /** Casts to a float type (FLOAT, FLOAT16, BFLOAT16, DOUBLE) give floats, to an integer type integers. */
    static ConstTensor cast(NodeContext c, ConstTensor x, long to) {
        boolean toFloat = to == 1 || to == 10 || to == 11 || to == 16;
        boolean toInt = to == 2 || to == 3 || to == 4 || to == 5 || to == 6 || to == 7 || to == 9 || to == 12 || to == 13;
        if (!toFloat && !toInt) {
            throw c.unsupported("to", TensorDecoder.typeName((int) to), "FLOAT, FLOAT16, BFLOAT16, DOUBLE, integer types, BOOL");
        }
        if (toFloat) {
            checkNoBatch(c, x);
            return ConstTensor.ofFloats(x.dims(), x.toFloats());
        }
        if (!x.isFloat()) {
            return to == 9 ? map(c, x, v -> v != 0 ? 1 : 0) : x;
        }
        long[] v = new long[x.size()];
        for (int i = 0; i < v.length; i++) {
            float f = x.floats()[i];
            v[i] = to == 9 ? (f != 0 ? 1 : 0) : (long) f; // ONNX casts float to int by truncation
        }
        return ConstTensor.ofInts(x.dims(), v);
    }

    private static ConstTensor map(NodeContext c, ConstTensor x, java.util.function.LongUnaryOperator f) {
        checkNoBatch(c, x);
        long[] v = x.longs("input");
        for (int i = 0; i < v.length; i++) {
            v[i] = f.applyAsLong(v[i]);
        }
        return ConstTensor.ofInts(x.dims(), v);
    }

    static void checkNoBatch(NodeContext c, ConstTensor x) {
        if (!x.isFloat()) {
            for (long v : x.ints()) {
                if (v == ConstTensor.BATCH) {
                    throw c.error("computes with the batch size, which Lamina knows only when the model runs "
                            + "(export with a fixed batch, or keep the batch axis out of the arithmetic)");
                }
            }
        }
    }

    /** Element-wise arithmetic with broadcasting; integers stay integers (Div truncates, as C does). */
    static ConstTensor arithmetic(NodeContext c, ConstTensor a, ConstTensor b, DoubleBinaryOperator f,
                                  LongBinaryOperator g) {
        checkNoBatch(c, a);
        checkNoBatch(c, b);
        long[] dims = broadcast(c, a.dims(), b.dims());
        int n = foldedCount(c, dims);
        int[] ia = indexMap(a.dims(), dims);
        int[] ib = indexMap(b.dims(), dims);
        if (a.isFloat() || b.isFloat()) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) f.applyAsDouble(a.number(ia[i]), b.number(ib[i]));
            }
            return ConstTensor.ofFloats(dims, v);
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            try {
                v[i] = g.applyAsLong(a.ints()[ia[i]], b.ints()[ib[i]]);
            } catch (ArithmeticException e) {
                throw c.error("integer arithmetic failed on constants: " + e.getMessage());
            }
        }
        return ConstTensor.ofInts(dims, v);
    }

    /** numpy's broadcast of two shapes. */
    static long[] broadcast(NodeContext c, long[] a, long[] b) {
        int r = Math.max(a.length, b.length);
        long[] out = new long[r];
        for (int i = 0; i < r; i++) {
            long da = i < r - a.length ? 1 : a[i - (r - a.length)];
            long db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw c.error("cannot broadcast " + Arrays.toString(a) + " with " + Arrays.toString(b));
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** For every element of {@code to}, the flat index of the element of {@code from} broadcast onto it. */
    private static int[] indexMap(long[] from, long[] to) {
        int n = (int) ConstTensor.elementCount(to);
        int[] map = new int[n];
        int r = to.length;
        int off = r - from.length;
        for (int i = 0; i < n; i++) {
            int rest = i;
            int idx = 0;
            int stride = 1;
            for (int ax = r - 1; ax >= 0; ax--) {
                int d = (int) to[ax];
                int coord = rest % d;
                rest /= d;
                if (ax >= off) {
                    int fd = (int) from[ax - off];
                    idx += (fd == 1 ? 0 : coord) * stride;
                    stride *= fd;
                }
            }
            map[i] = idx;
        }
        return map;
    }

    static int axis(NodeContext c, long axis, int rank, String what) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw c.error(what + " " + axis + " is out of range for rank " + rank);
        }
        return (int) a;
    }

    /** Gather along {@code axis}: out dims = data[:axis] + indices + data[axis+1:]; negative indices wrap. */
    static ConstTensor gather(NodeContext c, ConstTensor data, ConstTensor indices, long axisAttr) {
        int ax = axis(c, axisAttr, data.rank(), "axis");
        long[] idx = indices.longs("indices");
        long dim = data.dims()[ax];
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < -dim || idx[i] >= dim) {
                throw c.error("index " + idx[i] + " is out of range for axis " + ax + " of size " + dim);
            }
            idx[i] = idx[i] < 0 ? idx[i] + dim : idx[i];
        }
        long[] dd = data.dims();
        long outer = 1;
        for (int i = 0; i < ax; i++) {
            outer *= dd[i];
        }
        long inner = 1;
        for (int i = ax + 1; i < dd.length; i++) {
            inner *= dd[i];
        }
        long[] dims = concat(Arrays.copyOfRange(dd, 0, ax), indices.dims(), Arrays.copyOfRange(dd, ax + 1, dd.length));
        int n = foldedCount(c, dims);
        int[] src = new int[n];
        int k = 0;
        for (long o = 0; o < outer; o++) {
            for (long j : idx) {
                for (long in = 0; in < inner; in++) {
                    src[k++] = (int) ((o * dim + j) * inner + in);
                }
            }
        }
        return pick(data, dims, src);
    }

    private static ConstTensor pick(ConstTensor data, long[] dims, int[] src) {
        if (data.isFloat()) {
            float[] v = new float[src.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = data.floats()[src[i]];
            }
            return ConstTensor.ofFloats(dims, v);
        }
        long[] v = new long[src.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = data.ints()[src[i]];
        }
        return ConstTensor.ofInts(dims, v);
    }

    static long[] concat(long[]... parts) {
        int n = 0;
        for (long[] p : parts) {
            n += p.length;
        }
        long[] out = new long[n];
        int k = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, out, k, p.length);
            k += p.length;
        }
        return out;
    }

    /** Unsqueeze: inserts 1s at {@code axes} of the output rank. */
    static ConstTensor unsqueeze(NodeContext c, ConstTensor x, long[] axes) {
        int r = x.rank() + axes.length;
        boolean[] at = new boolean[r];
        for (long a : axes) {
            int ax = axis(c, a, r, "axis");
            if (at[ax]) {
                throw c.error("axis " + a + " is given twice");
            }
            at[ax] = true;
        }
        long[] dims = new long[r];
        int k = 0;
        for (int i = 0; i < r; i++) {
            dims[i] = at[i] ? 1 : x.dims()[k++];
        }
        return x.withDims(dims);
    }

    /** Squeeze: drops the 1s at {@code axes}, or every 1 when {@code axes} is null. */
    static long[] squeezeDims(NodeContext c, long[] in, long[] axes) {
        boolean[] drop = new boolean[in.length];
        if (axes == null) {
            for (int i = 0; i < in.length; i++) {
                drop[i] = in[i] == 1;
            }
        } else {
            for (long a : axes) {
                int ax = axis(c, a, in.length, "axis");
                if (in[ax] != 1) {
                    throw c.error("cannot squeeze axis " + a + " of size " + in[ax]);
                }
                drop[ax] = true;
            }
        }
        return java.util.stream.IntStream.range(0, in.length).filter(i -> !drop[i]).mapToLong(i -> in[i]).toArray();
    }

    /** Concatenation of constants along {@code axis}. */
    static ConstTensor concatAlong(NodeContext c, ConstTensor[] xs, long axisAttr) {
        int rank = xs[0].rank();
        int ax = axis(c, axisAttr, rank, "axis");
        long total = 0;
        boolean floats = false;
        for (ConstTensor x : xs) {
            if (x.rank() != rank) {
                throw c.error("inputs have ranks " + rank + " and " + x.rank());
            }
            for (int i = 0; i < rank; i++) {
                if (i != ax && x.dims()[i] != xs[0].dims()[i]) {
                    throw c.error("inputs " + Arrays.toString(xs[0].dims()) + " and " + Arrays.toString(x.dims())
                            + " differ outside axis " + ax);
                }
            }
            total += x.dims()[ax];
            floats |= x.isFloat();
        }
        long[] dims = xs[0].dims().clone();
        dims[ax] = total;
        long outer = 1;
        for (int i = 0; i < ax; i++) {
            outer *= dims[i];
        }
        int n = foldedCount(c, dims);
        float[] f = floats ? new float[n] : null;
        long[] v = floats ? null : new long[n];
        int k = 0;
        for (long o = 0; o < outer; o++) {
            for (ConstTensor x : xs) {
                int block = (int) (x.size() / outer);
                for (int j = 0; j < block; j++) {
                    int src = (int) (o * block + j);
                    if (floats) {
                        if (!x.isFloat() && x.ints()[src] == ConstTensor.BATCH) {
                            throw c.error("mixes the batch size into float values");
                        }
                        f[k++] = (float) x.number(src);
                    } else {
                        v[k++] = x.ints()[src];
                    }
                }
            }
        }
        return floats ? ConstTensor.ofFloats(dims, f) : ConstTensor.ofInts(dims, v);
    }

    /** Slice of a constant, numpy style: per axis start, end (exclusive, clamped), step (not 0). */
    static ConstTensor slice(NodeContext c, ConstTensor x, long[] starts, long[] ends, long[] axes, long[] steps) {
        int rank = x.rank();
        long[] dims = x.dims();
        long[] from = new long[rank];
        long[] step = new long[rank];
        long[] count = dims.clone();
        Arrays.fill(step, 1);
        for (int i = 0; i < starts.length; i++) {
            int ax = axis(c, axes == null ? i : axes[i], rank, "axis");
            long[] r = sliceRange(c, starts[i], ends[i], steps == null ? 1 : steps[i], dims[ax]);
            from[ax] = r[0];
            step[ax] = r[1];
            count[ax] = r[2];
        }
        int n = (int) ConstTensor.elementCount(count);
        int[] src = new int[n];
        for (int i = 0; i < n; i++) {
            int rest = i;
            long idx = 0;
            long stride = 1;
            for (int ax = rank - 1; ax >= 0; ax--) {
                long coord = rest % count[ax];
                rest /= (int) count[ax];
                idx += (from[ax] + coord * step[ax]) * stride;
                stride *= dims[ax];
            }
            src[i] = (int) idx;
        }
        return pick(x, count, src);
    }

    /** {first, step, count} of a slice of an axis of size {@code dim}, clamped as ONNX says. */
    static long[] sliceRange(NodeContext c, long start, long end, long step, long dim) {
        if (step == 0) {
            throw c.error("slice step 0 is not allowed");
        }
        long s = start < 0 ? start + dim : start;
        long e = end < 0 ? end + dim : end;
        long count;
        if (step > 0) {
            s = Math.max(0, Math.min(s, dim));
            e = Math.max(0, Math.min(e, dim));
            count = e > s ? (e - s + step - 1) / step : 0;
        } else {
            s = Math.max(-1, Math.min(s, dim - 1));
            e = Math.max(-1, Math.min(e, dim - 1));
            count = s > e ? (s - e + (-step) - 1) / (-step) : 0;
        }
        return new long[] {s, step, count};
    }

    /**
     * The target of a Reshape resolved against the input dims: 0 copies the input's dim (allowzero = 0),
     * one -1 takes what is left. {@code in} may hold {@link ConstTensor#BATCH}, which then counts as a
     * known dim of unknown size; the result keeps it.
     */
    static long[] reshapeTarget(NodeContext c, long[] in, long[] target) {
        long[] out = target.clone();
        int infer = -1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                if (i >= in.length) {
                    throw c.error("shape " + Arrays.toString(target) + " copies dim " + i + " of a rank-" + in.length
                            + " input");
                }
                out[i] = in[i];
            } else if (out[i] == -1) {
                if (infer >= 0) {
                    throw c.error("shape " + Arrays.toString(target) + " has more than one -1");
                }
                infer = i;
            } else if (out[i] < 0 && out[i] != ConstTensor.BATCH) {
                throw c.error("shape " + Arrays.toString(target) + " has a negative dim");
            }
        }
        return out;
    }
}
