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
 * product; the {@link Epilogue} (bias, activation, fused pool) follows per channel. When the producer of the
 * input is a pointwise conv that left its own bias and activation to this step ({@link ConvStep.Pending}),
 * they are applied to each raw plane on the heap as it is read: the same values, without the producer's
 * pass over its whole output in native memory.
 */
final class DepthwiseLowering extends ConvLowering {
    private final PhasePlanes phases;
    /** Output channels per input channel. */
    private final int multiplier;
    /** The weights, {@code [cout, kh·kw]}. */
    private final float[] weight;
    private final JavaKernels kernels = JavaKernels.get();
    /** What the producer of the input left undone ({@link ConvStep.Pending}), applied as each plane is read; or null. */
    private final Epilogue pending;
    private final float[] pendingBias;

    DepthwiseLowering(ConvGeometry g, Epilogue epilogue, float[] weight, ConvStep.Pending pending) {
        super(g, epilogue);
        this.pending = pending == null ? null : new Epilogue(pending.forChannels(g.cin()).act(), null, g.h(), g.w());
        this.pendingBias = pending == null ? null : pending.bias();
        if (!g.depthwise()) {
            throw new IllegalArgumentException("depthwise lowering for a conv with groups " + g.groups() + " and "
                    + g.cin() + " input channels");
        }
        phases = new PhasePlanes(g);
        multiplier = g.cout() / g.cin();
        this.weight = weight;
    }

    boolean takesPending() {
        return pending != null;
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
    boolean nativeScratch() {
        return false;
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
        check(s, ws, n0, m);
        for (int n = n0; n < n0 + m; n++) {
            for (int ci = 0; ci < g.cin(); ci++) {
                channel(s, ws, lane, n, ci);
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
        check(s, ws, n, 1);
        int cin = g.cin();
        int parts = partsOf(cin, threads);
        Workers.forEach(threads, parts, byChannels, Workers.split().of(s, ws, lane, n, parts, threads));
    }

    /** Part p of the input channels, each with its multiplier's outputs. */
    private final Workers.Task byChannels = this::byChannelsPart;

    private void byChannelsPart(Workers.Split a, int p, int slot) {
        Workspace.Lane t = a.laneOf(slot);
        int cin = g.cin();
        for (int ci = bound(cin, p, a.parts); ci < bound(cin, p + 1, a.parts); ci++) {
            channel((ConvStep) a.step, a.ws, t, a.image, ci);
        }
    }

    /** Images {@code n0 … n0+m−1} fit the step's input and output buffers (else an internal error names the step). */
    private void check(ConvStep s, Workspace ws, int n0, int m) {
        if ((long) (n0 + m) * g.inputSample() > ws.bufs[s.in].capacity()
                || (long) (n0 + m) * g.cout() * epilogue.outPlane() > ws.bufs[s.out].capacity()) {
            throw new IllegalStateException(s.name + ": buffers too small for " + m + " images from image " + n0
                    + " (internal error)");
        }
    }

    /** Input channel {@code ci} of image {@code n}: its phase planes, then each of its multiplier's outputs, on {@code t}'s arrays. */
    private void channel(ConvStep s, Workspace ws, Workspace.Lane t, int n, int ci) {
        FloatBuffer src = ws.bufs[s.in];
        FloatBuffer dst = ws.bufs[s.out];
        int taps = g.kh() * g.kw();
        int outPlane = epilogue.outPlane();
        phases.split(src, (n * g.cin() + ci) * g.inputPlane(), t.work, t.input, 0, pending,
                pendingBias == null ? 0f : pendingBias[ci]);
        for (int r = 0; r < multiplier; r++) {
            int co = ci * multiplier + r;
            kernels.taps(t.input, phases.taps(), weight, co * taps, t.work, phases.columns());
            epilogue.apply(g, t.work, phases.wq, t.result, s.bias == null ? 0f : s.bias[co], t.pool);
            dst.put((n * g.cout() + co) * outPlane, t.result, 0, outPlane);
        }
    }
}
