package dev.lamina.backend.blas;

import dev.lamina.api.Conv2d;
import dev.lamina.spi.Node;
import org.bytedeco.javacpp.FloatPointer;

import java.nio.FloatBuffer;

/**
 * conv2d, optionally followed by an activation and a max-pool in the same pass (its {@link Epilogue}), with
 * a BatchNorm that read it folded into its weights ({@link ConvParams}). The geometry is computed once
 * ({@link ConvGeometry}); one {@link ConvLowering} is chosen once per node — a direct Java kernel for
 * depthwise convs, Winograd for ungrouped 3×3 stride-1 convs with enough channels, the parity layout for a
 * stride-1 conv fused with a 2×2/2 pool, a GEMM straight over the input for 1×1 stride-1 convs, im2col (one
 * GEMM per group) otherwise. Tiny GEMM convolutions,
 * where a native call costs more than the arithmetic, run directly in Java.
 */
final class ConvStep extends Step {
    /** Below this many multiply-adds per call, Java beats the native call. */
    static final long DIRECT_MACS = 4096;
    /**
     * Measuring switch: {@code -Dlamina.blas.depthwiseGemm=true} runs depthwise convs as one GEMM per group
     * through im2col instead of the direct kernel (read when a plan is built), to compare the two.
     */
    static final String DEPTHWISE_GEMM = "lamina.blas.depthwiseGemm";

    /** This step's position among the plan's conv steps (its entry in {@link Workspace#chunk}). */
    final int index;
    final ConvGeometry g;
    final Epilogue epilogue;
    final ConvLowering lowering;
    /** OIHW weights on the heap, for the direct paths; the same in native memory, for the GEMMs. */
    private final float[] weightHeap;
    final FloatPointer weight;
    final float[] bias;
    /** Whether its input or output is channels-last (then it never takes the direct planes path). */
    private final boolean channelsLast;
    /** Slots of the input and output buffers. */
    final int in;
    final int out;

    /**
     * The step of conv node {@code conv}, reading slot {@code in} and writing slot {@code out} (the last fused
     * node's), computing with {@code params}, which {@code weight} holds in native memory.
     */
    ConvStep(int index, Node conv, Epilogue epilogue, ConvParams params, FloatPointer weight, int in, int out) {
        this(index, conv, epilogue, params, weight, in, out, Wiring.PLANES);
    }

    /**
     * What a producer conv left undone for its reader, a depthwise conv, to apply as it reads each input plane:
     * the bias per channel (null: none) and the activation (null: none) — see {@link #takesPending} and
     * {@link #leavesPending}. With {@code expand} the producer, an expand conv, left all of its work: the
     * reader's input is the expand's input, and it computes each row of the expand's output as it needs it
     * ({@link DepthwiseChannelsLastLowering}), then applies the bias and activation.
     */
    record Pending(Activation act, float[] bias, Expand expand) {
        Pending {
            if (act == null && bias == null && expand == null) {
                throw new IllegalArgumentException("a pending epilogue with neither bias nor activation");
            }
        }

        Pending(Activation act, float[] bias) {
            this(act, bias, null);
        }

        /** This, checked for a reader of {@code channels} input channels. */
        Pending forChannels(int channels) {
            if (bias != null && bias.length != channels) {
                throw new IllegalArgumentException("a pending bias of " + bias.length + " values for " + channels
                        + " input channels");
            }
            if (expand != null && expand.weight().length != (long) channels * expand.k()) {
                throw new IllegalArgumentException("a pending expand conv of " + expand.weight().length
                        + " weights for " + channels + " × " + expand.k());
            }
            return this;
        }
    }

    /**
     * An expand conv whose whole work its depthwise reader does: its geometry and its weights {@code [Cexp,
     * k]} (a BatchNorm folded in) on the heap, {@code k = cin · kh · kw}. Usually a pointwise conv (1×1,
     * stride 1, no padding); else any ungrouped conv without dilation whose output rows are at least
     * {@link #FUSED_EXPAND_WIDTH} wide ({@link #producesRows}: MobileNetV2's stem, 3×3 stride 2 over 3
     * channels), each of whose output rows is one product of its im2col rows ({@link DepthwiseChannelsLastLowering}).
     */
    record Expand(float[] weight, ConvGeometry geometry) {
        Expand {
            if (geometry.groups() != 1 || weight.length != (long) geometry.cout() * geometry.k()) {
                throw new IllegalArgumentException("an expand conv of " + weight.length + " weights for "
                        + geometry.conv());
            }
        }

        /** Weights per filter: {@code cin · kh · kw}. */
        int k() {
            return geometry.k();
        }

        /** A 1×1 conv of stride 1 without padding. */
        boolean pointwise() {
            return geometry.kh() == 1 && geometry.kw() == 1 && geometry.contiguous()
                    && geometry.conv().padding().isZero();
        }
    }

    /**
     * Measuring switch: {@code -Dlamina.blas.fusedConvExpand=false} keeps a block's expand conv that is no
     * pointwise conv ({@link #producesRows}) in a step of its own, on planes, and its depthwise reader on
     * planes too (read when a plan is built), to compare the two.
     */
    static final String FUSED_CONV_EXPAND = "lamina.blas.fusedConvExpand";

    /**
     * Whether a conv that is no pointwise conv can be a channels-last block's expand conv, run by its
     * depthwise reader ({@link Expand}): ungrouped, no dilation, no fused pool, output rows at least
     * {@link #FUSED_EXPAND_WIDTH} wide, and a panel of the Java kernels for its filters. MobileNetV2's stem
     * (32 filters, 3×3 stride 2 over 3 channels) then writes no 1.6 MB output for features.1's depthwise conv
     * to read back plane by plane.
     */
    static boolean producesRows(Node conv, Epilogue epilogue) {
        ConvGeometry g = ConvGeometry.of(conv);
        return g.groups() == 1 && g.dh() == 1 && g.dw() == 1 && epilogue.pool() == null
                && g.wout() >= FUSED_EXPAND_WIDTH && JavaKernels.get().panelWidthFor(g.cout()) > 0
                && !"false".equals(System.getProperty(FUSED_CONV_EXPAND))
                && !"false".equals(System.getProperty(FUSED_EXPAND));
    }

    /**
     * Measuring switch: {@code -Dlamina.blas.fusedExpand=false} keeps each expand conv of a channels-last block
     * in its own step, writing its output to native memory (read when a plan is built), to compare the two.
     */
    static final String FUSED_EXPAND = "lamina.blas.fusedExpand";

    /**
     * Whether the expand conv {@code expand} of a channels-last block ({@link #channelsLastBlock}) is run by
     * its depthwise reader ({@link Expand}): the Java kernels' panels exist, it has a panel of filters, and its
     * rows are at least {@link #FUSED_EXPAND_WIDTH} pixels wide.
     */
    static boolean fusesExpand(Node expand) {
        ConvGeometry g = ConvGeometry.of(expand);
        if (!PointwiseLowering.fits(g, new Epilogue(null, null, g.hout(), g.wout()))) {
            return true; // a block's other expand convs only run fused (channelsLastBlock: producesRows)
        }
        int w = JavaKernels.get().panelWidth();
        return w > 0 && g.cout() >= w && (g.w() >= FUSED_EXPAND_WIDTH || g.inputPlane() <= FUSED_EXPAND_BAND)
                && !"false".equals(System.getProperty(FUSED_EXPAND));
    }

    /**
     * Narrowest map whose expand conv its depthwise reader runs: a row is one product of {@code W} pixels, in
     * tiles of eight. Measured in MobileNetV2 (batch 1, one thread, expand + depthwise steps → the fused step):
     * 112 wide 1.48 → 1.02 ms, 56 wide 0.89 → 0.69 and 0.58 → 0.46, 28 wide 0.32 → 0.25 and 0.22 → 0.18,
     * 14 wide 0.21 → 0.20 and 0.39 → 0.37; 7 wide slower row by row, 0.27 → 0.34 (rows of 7 pixels: no tile of
     * eight; the expand's own heap path takes 64 pixels at a time), so narrower maps of at most
     * {@link #FUSED_EXPAND_BAND} pixels run it by bands of rows instead.
     */
    static final int FUSED_EXPAND_WIDTH = 14;

    /**
     * Most pixels of a narrower map whose expand conv its depthwise reader runs all the same, over a band's
     * rows at once ({@link DepthwiseChannelsLastLowering}: MobileNetV2's 7×7 maps, expand + depthwise 0.25 →
     * 0.23 ms each, step timer, two runs each against the build before; the same by bands on the 14×14 maps
     * measured level with row by row, so those stay row by row).
     */
    static final int FUSED_EXPAND_BAND = 196;

    /**
     * How a conv step is wired to its neighbours: the epilogue its input's producer left to it (null: none),
     * and whether its input and its output are channels-last ({@code [H·W, C]} per image) rather than planes —
     * only the three convs of an expand → depthwise → project block are ({@link #channelsLastBlock}).
     */
    record Wiring(Pending pending, boolean lastIn, boolean lastOut) {
        static final Wiring PLANES = new Wiring(null, false, false);
    }

    /**
     * Measuring switch: {@code -Dlamina.blas.pendingEpilogue=false} keeps every pointwise conv's bias and
     * activation in its own step (read when a plan is built), to compare the two.
     */
    static final String PENDING_EPILOGUE = "lamina.blas.pendingEpilogue";

    /** Whether conv node {@code reader} would apply a producer's pending epilogue (its depthwise lowering does). */
    static boolean takesPending(Node reader) {
        return reader.layer() instanceof Conv2d && ConvGeometry.of(reader).depthwise()
                && !Boolean.getBoolean(DEPTHWISE_GEMM) && !"false".equals(System.getProperty(PENDING_EPILOGUE));
    }

    /**
     * Whether conv node {@code conv} with {@code epilogue} gains from leaving its bias and activation to a
     * reader that {@link #takesPending}: a pointwise conv, whose epilogue is otherwise one more pass over its
     * output in native memory (the depthwise reader copies each plane to the heap anyway).
     */
    static boolean leavesPending(Node conv, Epilogue epilogue) {
        ConvGeometry g = ConvGeometry.of(conv);
        return !g.depthwise() && PointwiseLowering.fits(g, epilogue);
    }

    /**
     * The step of conv node {@code conv}, as above, wired to its neighbours by {@code wiring}: the epilogue its
     * input's producer left undone (only a depthwise lowering takes one) and its channels-last sides.
     */
    ConvStep(int index, Node conv, Epilogue epilogue, ConvParams params, FloatPointer weight, int in, int out,
             Wiring wiring) {
        super(conv.name());
        this.index = index;
        this.g = ConvGeometry.of(conv);
        this.epilogue = epilogue;
        this.weightHeap = params.weight();
        this.weight = weight;
        this.bias = params.bias();
        this.in = in;
        this.out = out;
        if (weightHeap.length != (long) g.cout() * g.kGroup()) {
            throw new IllegalArgumentException(name + ": weight has " + weightHeap.length + " values, expected "
                    + (long) g.cout() * g.kGroup());
        }
        if (bias != null && bias.length != g.cout()) {
            throw new IllegalArgumentException(name + ": bias has " + bias.length + " values, expected " + g.cout());
        }
        this.channelsLast = wiring.lastIn() || wiring.lastOut();
        Pending pending = wiring.pending();
        if (channelsLast) {
            if (wiring.lastIn() && wiring.lastOut() && DepthwiseChannelsLastLowering.fits(g, epilogue)) {
                lowering = new DepthwiseChannelsLastLowering(g, epilogue, weightHeap, bias, pending);
            } else if (pending != null && pending.expand() != null) {
                throw new IllegalArgumentException(name + ": only a channels-last depthwise conv runs an expand conv");
            } else if (pending == null && PointwiseLowering.fits(g, epilogue) && g.groups() == 1
                    && (bias == null || !wiring.lastOut())) {
                lowering = new PointwiseLowering(g, epilogue, wiring.lastIn(), wiring.lastOut(), weightHeap);
            } else {
                throw new IllegalArgumentException(name + ": no channels-last lowering for " + g.conv() + " with "
                        + epilogue + " (internal error)");
            }
        } else if (pending != null && pending.expand() != null) {
            throw new IllegalArgumentException(name + ": only a channels-last depthwise conv runs an expand conv");
        } else if (g.depthwise() && !Boolean.getBoolean(DEPTHWISE_GEMM)) {
            lowering = new DepthwiseLowering(g, epilogue, weightHeap, pending);
        } else if (pending != null) {
            throw new IllegalArgumentException(name + ": only a depthwise conv takes a pending epilogue");
        } else if (WinogradLowering.fits(g)) {
            lowering = new WinogradLowering(g, epilogue, weightHeap, name, new Im2colLowering(g, epilogue, null));
        } else if (ParityLowering.fits(g, epilogue) && !Im2colLowering.rowPairsOverParity(g, epilogue)) {
            lowering = new ParityLowering(g, epilogue, weightHeap);
        } else if (SubsampleLowering.fits(g, epilogue)) {
            lowering = new SubsampleLowering(g, epilogue, weightHeap);
        } else if (PointwiseLowering.fits(g, epilogue)) {
            lowering = new PointwiseLowering(g, epilogue, false, false, weightHeap);
        } else {
            lowering = new Im2colLowering(g, epilogue, weightHeap);
        }
    }

    /** Whether this step applies a producer's {@link Pending} epilogue as it reads its input (for tests). */
    boolean takesPendingEpilogue() {
        return lowering instanceof DepthwiseLowering d && d.takesPending()
                || lowering instanceof DepthwiseChannelsLastLowering c && c.takesPending();
    }

    /** Whether this step runs its producer's expand conv ({@link Expand}; for tests). */
    boolean runsExpand() {
        return lowering instanceof DepthwiseChannelsLastLowering c && c.runsExpand();
    }

    /** Whether its input or output is channels-last (for tests). */
    boolean channelsLast() {
        return channelsLast;
    }

    /**
     * Measuring switch: {@code -Dlamina.blas.channelsLast=false} keeps every expand → depthwise → project block
     * on planes (read when a plan is built), to compare the two.
     */
    static final String CHANNELS_LAST = "lamina.blas.channelsLast";

    /**
     * Whether {@code expand} (whose chain ends with an epilogue {@code expandEpilogue}), {@code depthwise} and
     * {@code project} — each the one reader of the one before, through {@code depthwise}'s chain ending with
     * {@code depthwiseEpilogue} — run as one channels-last block: two ungrouped pointwise convs around a
     * depthwise conv with multiplier 1, no dilation and no pools (MobileNetV2's and EfficientNet's inverted
     * residuals), or such a block whose expand conv is a full conv its depthwise reader runs
     * ({@link #producesRows}: MobileNetV2's stem and features.1). Then the depthwise step vectorises across
     * channels instead of walking planes one by one.
     */
    static boolean channelsLastBlock(Node expand, Epilogue expandEpilogue, Node depthwise, Epilogue depthwiseEpilogue,
                                     Node project) {
        if ("false".equals(System.getProperty(CHANNELS_LAST)) || Boolean.getBoolean(DEPTHWISE_GEMM)
                || !(expand.layer() instanceof Conv2d) || !(depthwise.layer() instanceof Conv2d)
                || !(project.layer() instanceof Conv2d)) {
            return false;
        }
        ConvGeometry e = ConvGeometry.of(expand);
        ConvGeometry d = ConvGeometry.of(depthwise);
        ConvGeometry p = ConvGeometry.of(project);
        return e.groups() == 1 && !e.depthwise()
                && (PointwiseLowering.fits(e, expandEpilogue) || producesRows(expand, expandEpilogue))
                && DepthwiseChannelsLastLowering.fits(d, depthwiseEpilogue)
                && p.groups() == 1 && PointwiseLowering.fits(p, new Epilogue(null, null, p.hout(), p.wout()));
    }

    /** The OIHW weights on the heap (read-only), for the Java paths. */
    float[] weightHeap() {
        return weightHeap;
    }

    /** Where group {@code j}'s filters start in {@link #weight}, in floats. */
    long groupWeightOffset(int j) {
        return (long) j * g.coutGroup() * g.kGroup();
    }

    /** Native memory this step's lowering owns (Winograd's transformed weights), freed with the plan; or null. */
    FloatPointer ownedWeights() {
        return lowering.ownedWeights();
    }

    /** Images per GEMM: as many as fit the im2col budget, at least one. */
    int chunkFor(int capacity) {
        long perImage = Math.max(1, lowering.scratchBPerImage());
        long byBudget = Math.max(1, lowering.chunkBudget() / perImage);
        long limit = (Integer.MAX_VALUE - 2L * BlasPlan.SLACK) / Math.max(perImage, lowering.scratchCPerImage());
        if (limit < 1) {
            throw new IllegalArgumentException(name + ": one image needs an im2col of " + g.k() + " × "
                    + lowering.columns() + " floats, more than one native buffer can hold");
        }
        return (int) Math.min(Math.min(byBudget, limit), capacity);
    }

    /**
     * Whether a call handed {@code threads} threads splits each image across them: when there is enough work
     * per image to pay for the hand-offs (a few per layer, about a microsecond each) and a lowering that splits.
     */
    boolean splits(int threads) {
        return threads > 1 && lowering.splittable() && g.macsPerImage() >= SPLIT_MACS;
    }

    /** Multiply-adds per image from which one image is split across threads. */
    static final long SPLIT_MACS = 1 << 18;

    /** Whether a call may take the direct Java path: a GEMM lowering with too little work per image for it. */
    private boolean directPossible() {
        return !channelsLast && lowering.usesGemm() && g.macsPerImage() < DIRECT_MACS;
    }

    @Override
    void scratchNeeds(Scratch.Needs needs) {
        if (lowering.usesGemm()) {
            // every GEMM lowering: a padded plane, a raw plane or GEMM row, and one output plane
            needs.input(g.paddedPlane())
                    .work(Math.max(Math.max(g.inputPlane(), lowering.columns()), (long) g.hout() * g.wout()))
                    .result(epilogue.outPlane());
        }
        if (directPossible()) {
            // the direct path: a whole input sample and one conv output plane
            needs.input(g.inputSample()).work((long) g.hout() * g.wout()).result(epilogue.outPlane());
        }
        lowering.scratchNeeds(needs);
        needs.pool(epilogue.scratch(g));
    }

    @Override
    void run(Workspace ws, Workspace.Lane lane, int from, int to, int threads) {
        if (directPossible() && (to - from) * g.macsPerImage() < DIRECT_MACS) {
            direct(ws, lane, from, to);
            return;
        }
        if (splits(threads)) {
            // the plan runs these samples on one thread (a batch of one): split each image across the threads
            for (int n = from; n < to; n++) {
                lowering.runSplit(this, ws, lane, n, threads);
            }
            return;
        }
        int chunk = ws.chunk[index];
        for (int n0 = from; n0 < to; n0 += chunk) {
            lowering.run(this, ws, lane, n0, Math.min(chunk, to - n0));
        }
    }

    /** Direct convolution in Java for tiny layers: no native call at all. Group j reads its own channels. */
    private void direct(Workspace ws, Workspace.Lane lane, int from, int to) {
        FloatBuffer src = ws.bufs[in];
        FloatBuffer dst = ws.bufs[out];
        float[] x = lane.input;
        float[] y = lane.work;
        int cinGroup = g.cinGroup();
        int coutGroup = g.coutGroup();
        int h = g.h();
        int w = g.w();
        int cout = g.cout();
        int hout = g.hout();
        int wout = g.wout();
        int kh = g.kh();
        int kw = g.kw();
        int sh = g.sh();
        int sw = g.sw();
        int ph = g.ph();
        int pw = g.pw();
        int dh = g.dh();
        int dw = g.dw();
        int outPlane = epilogue.outPlane();
        int sample = g.inputSample();
        for (int n = from; n < to; n++) {
            src.get(n * sample, x, 0, sample);
            for (int co = 0; co < cout; co++) {
                for (int oh = 0; oh < hout; oh++) {
                    for (int ow = 0; ow < wout; ow++) {
                        float s = 0f;
                        for (int ci = 0; ci < cinGroup; ci++) {
                            int wBase = (co * cinGroup + ci) * kh * kw;
                            int xBase = ((co / coutGroup) * cinGroup + ci) * h * w;
                            for (int a = 0; a < kh; a++) {
                                int iy = oh * sh - ph + a * dh;
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                for (int c = 0; c < kw; c++) {
                                    int ix = ow * sw - pw + c * dw;
                                    if (ix >= 0 && ix < w) {
                                        s += weightHeap[wBase + a * kw + c] * x[xBase + iy * w + ix];
                                    }
                                }
                            }
                        }
                        y[oh * wout + ow] = s;
                    }
                }
                epilogue.apply(g, y, wout, lane.result, bias == null ? 0f : bias[co], lane.pool);
                dst.put((n * cout + co) * outPlane, lane.result, 0, outPlane);
            }
        }
    }

}
