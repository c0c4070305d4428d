package dev.lamina.backend.blas;

import java.nio.FloatBuffer;

/**
 * Depthwise conv (groups = input channels, any channel multiplier) directly in Java, no GEMM: each output
 * channel reads one input channel, so the work is {@code kh·kw} multiply-adds per output and memory-bound — a
 * GEMM per channel would be a {@code [m × kh·kw] × [kh·kw × L]} product, a native call and an im2col copy
 * per channel for a few thousand multiply-adds.
 *
 * <p>Layout: the zero-padded input plane is split into its stride phases ({@link PhasePlanes}), so tap
 * {@code (a, c)} reads one contiguous slice of one phase plane for every output, {@code q = oh·wq + ow}:
 * {@code acc[q] = Σ w[a][c] · P[ra][rc][q + (a·dh / sh)·wq + c·dw / sw]} ({@link JavaKernels#taps}: on the
 * Vector API, one vector of outputs at a time with all taps in registers); the {@code wq − wout} extra
 * columns per row are computed and dropped. Taps are added in row-major order, starting from the first
 * product; the {@link Epilogue} (bias, activation, fused pool) follows per channel.
 */
final class DepthwiseLowering extends ConvLowering {
    private final PhasePlanes phases;
    /** Output channels per input channel. */
    private final int multiplier;
    /** The weights, {@code [cout, kh·kw]}. */
    private final float[] weight;
    private final JavaKernels kernels = JavaKernels.get();

    DepthwiseLowering(ConvGeometry g, Epilogue epilogue, float[] weight) {
        super(g, epilogue);
        if (!g.depthwise()) {
            throw new IllegalArgumentException("depthwise lowering for a conv with groups " + g.groups() + " and "
                    + g.cin() + " input channels");
        }
        phases = new PhasePlanes(g);
        multiplier = g.cout() / g.cin();
        this.weight = weight;
    }

    @Override
    boolean usesGemm() {
        return false;
    }

    @Override
    int columns() {
        return phases.columns();
    }

    // no native scratch: the work is in the lane's heap arrays
    @Override
    long scratchBPerImage() {
        return 0;
    }

    @Override
    long scratchCPerImage() {
        return 0;
    }

    @Override
    void scratchNeeds(Scratch.Needs needs) {
        // input: the phase planes; work: the raw plane, then the accumulators; result: one output plane
        needs.input((long) phases.total() + JavaKernels.OVERRUN)
                .work(Math.max(g.inputPlane(), (long) phases.columns() + JavaKernels.OVERRUN))
                .result(epilogue.outPlane());
    }

    @Override
    void run(ConvStep s, Workspace ws, Workspace.Lane lane, int n0, int m) {
        FloatBuffer src = ws.bufs[s.in];
        FloatBuffer dst = ws.bufs[s.out];
        int cin = g.cin();
        int cout = g.cout();
        int hw = g.inputPlane();
        int outPlane = epilogue.outPlane();
        if ((long) (n0 + m) * g.inputSample() > src.capacity() || (long) (n0 + m) * cout * outPlane > dst.capacity()) {
            throw new IllegalStateException(s.name + ": buffers too small for " + m + " images (internal error)");
        }
        float[] planes = lane.input;
        float[] acc = lane.work;
        int taps = g.kh() * g.kw();
        int length = phases.columns();
        int wq = phases.wq;
        float[] bias = s.bias;
        for (int n = n0; n < n0 + m; n++) {
            for (int ci = 0; ci < cin; ci++) {
                phases.split(src, (n * cin + ci) * hw, acc, planes);
                for (int r = 0; r < multiplier; r++) {
                    int co = ci * multiplier + r;
                    kernels.taps(planes, phases.taps(), weight, co * taps, acc, length);
                    epilogue.apply(g, acc, wq, lane.result, bias == null ? 0f : bias[co], lane.pool);
                    dst.put((n * cout + co) * outPlane, lane.result, 0, outPlane);
                }
            }
        }
    }

    @Override
    boolean splittable() {
        return true;
    }

    /** One image across threads, by input channel (each with its multiplier's outputs): {@link #run}'s sums. */
    @Override
    void runSplit(ConvStep s, Workspace ws, Workspace.Lane lane, int n, int threads) {
        FloatBuffer src = ws.bufs[s.in];
        FloatBuffer dst = ws.bufs[s.out];
        int cin = g.cin();
        int cout = g.cout();
        int hw = g.inputPlane();
        int outPlane = epilogue.outPlane();
        if ((long) (n + 1) * g.inputSample() > src.capacity() || (long) (n + 1) * cout * outPlane > dst.capacity()) {
            throw new IllegalStateException(s.name + ": buffers too small for image " + n + " (internal error)");
        }
        int taps = g.kh() * g.kw();
        int length = phases.columns();
        int wq = phases.wq;
        float[] bias = s.bias;
        int parts = partsOf(cin, threads);
        Workers.forEach(threads, parts, (p, slot) -> {
            Workspace.Lane t = laneOf(ws, lane, slot);
            for (int ci = bound(cin, p, parts); ci < bound(cin, p + 1, parts); ci++) {
                phases.split(src, (n * cin + ci) * hw, t.work, t.input);
                for (int r = 0; r < multiplier; r++) {
                    int co = ci * multiplier + r;
                    kernels.taps(t.input, phases.taps(), weight, co * taps, t.work, length);
                    epilogue.apply(g, t.work, wq, t.result, bias == null ? 0f : bias[co], t.pool);
                    dst.put((n * cout + co) * outPlane, t.result, 0, outPlane);
                }
            }
        });
    }
}
