package dev.lamina.backend.blas;

import dev.lamina.spi.Node;

import java.nio.FloatBuffer;

/**
 * Element-wise add (two or more inputs) and mul (two), each input either of the output's shape or
 * {@code [C, 1, 1]} broadcast over {@code [C, H, W]} (squeeze-and-excitation). The output is walked plane by
 * plane (per sample and channel; a flat output is one plane per sample), in chunks of the lane's arrays; a
 * broadcast input gives one value per plane. Combined in input order, one rounding per operation. In the
 * fused plan an activation that is the one reader of the result runs in the same pass ({@link #act}: a
 * residual block's add + ReLU), on the rounded result as its own step would: the same values, one pass over
 * the output fewer. An add of two full inputs, plain or with ReLU, runs between the native buffers themselves
 * ({@link JavaKernels#addBuffers}), without copies to the heap and back, where this JVM has the vectors for it
 * ({@link JavaKernels#addsBuffers}: Java 17 and 18).
 */
final class CombineStep extends Step {
    /** What combines two values. */
    enum Op { ADD, MUL }

    private final Op op;
    private final int[] ins;
    /** Per input: whether it holds the output's shape (else one value per plane). */
    private final boolean[] full;
    private final int channels;
    private final int plane;
    private final int out;
    /** The activation applied to the result before it is written, or null. */
    private final Activation act;
    /** Whether this is an add of two full inputs, plain or with ReLU: {@link JavaKernels#addBuffers} computes it. */
    private final boolean direct;

    CombineStep(Node node, Op op, int[] ins, int out) {
        this(node, op, ins, out, null);
    }

    /** The step of {@code node}, then {@code act} (null: none), written to slot {@code out}. */
    CombineStep(Node node, Op op, int[] ins, int out, Activation act) {
        super(node.name());
        this.act = act;
        this.op = op;
        this.ins = ins;
        this.out = out;
        int n = node.inputShapes().size();
        full = new boolean[n];
        for (int i = 0; i < n; i++) {
            full[i] = node.inputShapes().get(i).equals(node.outputShape());
        }
        channels = node.outputShape().rank() == 3 ? node.outputShape().dim(0) : 1;
        plane = node.outputShape().size() / channels;
        direct = op == Op.ADD && n == 2 && full[0] && full[1] && (act == null || act == Activation.RELU)
                && JavaKernels.get().addsBuffers() && !"false".equals(System.getProperty(DIRECT));
    }

    /**
     * Measuring switch: {@code -Dlamina.blas.directAdd=false} runs every add through heap chunks (read when a plan
     * is built).
     */
    static final String DIRECT = "lamina.blas.directAdd";

    /** Floats from which a call handed several threads splits its planes across them. */
    static final long SPLIT_FLOATS = 1 << 15;

    @Override
    void run(Workspace ws, Workspace.Lane lane, int first, int last, int threads) {
        int p0 = Math.multiplyExact(first, channels);
        int p1 = Math.multiplyExact(last, channels);
        if (threads < 2 || p1 - p0 < 2 || (long) (p1 - p0) * plane < SPLIT_FLOATS) {
            planes(ws, lane, p0, p1);
            return;
        }
        // each plane combined exactly as on one thread, by whichever thread takes it
        int parts = ConvLowering.partsOf(p1 - p0, threads);
        Workers.forEach(threads, parts, byPlanes, Workers.split().of(this, ws, lane, 0, parts, threads).range(p0, p1));
    }

    /** Part q of the planes first … last−1. */
    private final Workers.Task byPlanes = this::byPlanesPart;

    private void byPlanesPart(Workers.Split c, int q, int slot) {
        int count = c.last - c.first;
        planes(c.ws, c.laneOf(slot), c.first + ConvLowering.bound(count, q, c.parts),
                c.first + ConvLowering.bound(count, q + 1, c.parts));
    }

    /** Output planes {@code p0 … p1−1} (sample · channels + channel), with {@code lane}'s arrays. */
    private void planes(Workspace ws, Workspace.Lane lane, int p0, int p1) {
        if (direct) {
            JavaKernels.get().addBuffers(ws.bytes[ins[0]], ws.bytes[ins[1]], ws.bytes[out], Math.multiplyExact(p0, plane),
                    Math.multiplyExact(p1, plane), act != null);
            return;
        }
        float[] acc = lane.input;
        float[] tmp = lane.work;
        int chunk = Math.min(acc.length, tmp.length);
        FloatBuffer dst = ws.bufs[out];
        for (int p = p0; p < p1; p++) {
            for (int i0 = 0; i0 < plane; i0 += chunk) {
                int len = Math.min(chunk, plane - i0);
                int at = p * plane + i0;
                load(ws, 0, p, at, acc, len);
                for (int j = 1; j < ins.length; j++) {
                    if (full[j]) {
                        ws.bufs[ins[j]].get(at, tmp, 0, len);
                        if (op == Op.ADD) {
                            for (int i = 0; i < len; i++) {
                                acc[i] += tmp[i];
                            }
                        } else {
                            for (int i = 0; i < len; i++) {
                                acc[i] *= tmp[i];
                            }
                        }
                    } else {
                        float v = ws.bufs[ins[j]].get(p);
                        if (op == Op.ADD) {
                            for (int i = 0; i < len; i++) {
                                acc[i] += v;
                            }
                        } else {
                            for (int i = 0; i < len; i++) {
                                acc[i] *= v;
                            }
                        }
                    }
                }
                if (act != null) {
                    act.apply(acc, 0, len);
                }
                dst.put(at, acc, 0, len);
            }
        }
    }

    /** Input {@code j}'s values at output plane {@code p}, positions {@code at … at+len−1}, into {@code a}. */
    private void load(Workspace ws, int j, int p, int at, float[] a, int len) {
        if (full[j]) {
            ws.bufs[ins[j]].get(at, a, 0, len);
        } else {
            java.util.Arrays.fill(a, 0, len, ws.bufs[ins[j]].get(p));
        }
    }
}
