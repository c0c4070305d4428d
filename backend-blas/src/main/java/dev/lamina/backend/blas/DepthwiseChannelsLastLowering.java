package dev.lamina.backend.blas;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A depthwise conv (channel multiplier 1, no dilation, no fused pool) between two pointwise convs, on
 * channels-last values: the input {@code [H, W, C]} per image as the expand conv wrote it
 * ({@link PointwiseLowering}, raw sums: its bias and activation are {@link ConvStep.Pending} here), the output
 * {@code [Hout, Wout, C]} as the project conv reads it. Every multiply-add then runs on vectors of channels
 * ({@link JavaKernels#depthwiseRow}) — per image, not per channel plane, so MobileNetV2's 7×7 maps of 960
 * channels cost no per-plane copies and calls.
 *
 * <p>Per output row: the {@code kh} zero-padded input rows it reads are held in a ring of {@code kh} rows on
 * the heap (a row is read from native memory once per image or part; the producer's bias is added per channel
 * and its activation applied as it is read — a clamp such as ReLU6 in the same pass —, the padding left
 * zero); the row is computed with this conv's bias and a clamp activation in registers (another activation
 * as a pass over the row), and written out. The sum is {@link JavaKernels#depthwiseRow}'s: from the first
 * product, one fused multiply-add per further tap in row-major order, then the bias.
 *
 * <p>With the expand conv run here ({@link ConvStep.Expand}), the input is the expand's input, planes {@code
 * [Cin, H, W]}, and each ring row is computed, not read: the row's {@code Cin} slices copied from native
 * memory, then {@code [W, Cexp] = Xᵀ × Wᵀ} by {@link JavaKernels#gemmPanel} straight into the ring (each sum
 * fused multiply-adds in input-channel order from zero, as the expand's own heap path sums), its bias and a
 * clamp activation applied in the product's registers before each store (the same operations as the pass above;
 * another activation still as a pass over the row). The expand's output, {@code Cexp · H · W} floats (4.8 MB
 * for MobileNetV2's features.2), is then never written to native memory and read back: each value is made in L2
 * and used there. A band of a split image computes the {@code kh − sh} rows it shares with the next band again,
 * to the same values.
 *
 * <p>The expand conv may also be a full conv ({@link ConvStep#producesRows}: MobileNetV2's stem, 3×3 stride 2
 * over the 3 colour planes, before features.1's depthwise conv): then each ring row is one product of that
 * conv's im2col rows for the row, made from its input planes ({@link ProducerRows}: per input channel and
 * kernel row, one padded input row split into its column phases), on a panel of two vectors where the conv
 * has fewer than three vectors of filters ({@link JavaKernels#narrowPanelWidth}). Its 1.6 MB output is never
 * written, and the depthwise conv reads no planes.
 */
final class DepthwiseChannelsLastLowering extends ConvLowering {
    /** The weights by tap, {@code [kh·kw, C]}, and the bias ({@code [C]}, zeros when the conv has none). */
    private final float[] weight;
    private final float[] bias;
    /**
     * What the producer of the input left undone ({@link ConvStep.Pending}), applied as each row is read: its
     * bias per channel (zeros when it had none; null: nothing pending) and its activation (or null).
     */
    private final float[] pendingBias;
    private final Activation pendingAct;
    private final JavaKernels kernels = JavaKernels.get();
    /**
     * The producer's and this conv's activations when they are clamps, applied in the kernels' registers
     * ({@link Activation.Clamp#NONE} for none, or for another activation, applied as a pass after).
     */
    private final Activation.Clamp pendingClamp;
    private final Activation.Clamp clamp;
    /** Floats of one padded input row, {@code wp · C}. */
    private final int rowLength;
    /** For each ring position {@code r} of an output row's first input row: where its {@code kh} rows start. */
    private final int[][] ringRows;
    /**
     * The expand conv run here, or null (the input is its output): its input channels, its weights per filter
     * ({@code k}: the input channels for a pointwise conv), its filters packed in panels
     * ({@link Panels} {@code expandLayout}), and where row {@code t} of the product's A lies in the
     * copied rows: for a pointwise conv input channel {@code t}'s slice, {@code t · W}; else im2col row
     * {@code t}'s, in {@link #producerRows}.
     */
    private final int expandCin;
    private final int expandK;
    private final float[] expandPanels;
    private final Panels expandLayout;
    private final int[] expandRowAt;
    /** The expand conv's im2col rows of one output row when it is no pointwise conv ({@link ProducerRows}), else null. */
    private final ProducerRows producerRows;
    /**
     * Whether the expand conv runs over a band's input rows at once rather than row by row (maps narrower than
     * {@link ConvStep#FUSED_EXPAND_WIDTH}: a row of 7 pixels fills no tile of eight): the band's rows of every
     * input plane copied in ({@code lane.work}, at their places in the image: {@code t·H·W + y·W}), one product
     * per panel over all their pixels into {@code lane.product} ({@code [pixels, Cexp]}), each ring row then
     * copied from there.
     */
    private final boolean byBand;

    DepthwiseChannelsLastLowering(ConvGeometry g, Epilogue epilogue, float[] weightOihw, float[] bias,
                                  ConvStep.Pending pending) {
        super(g, epilogue);
        if (!fits(g, epilogue)) {
            throw new IllegalArgumentException("channels-last depthwise lowering for " + g.conv() + " with " + epilogue);
        }
        int c = g.cin();
        int taps = g.kh() * g.kw();
        weight = new float[Math.multiplyExact(taps, c)];
        for (int ch = 0; ch < c; ch++) {
            for (int t = 0; t < taps; t++) {
                weight[t * c + ch] = weightOihw[ch * taps + t];
            }
        }
        this.bias = bias == null ? new float[c] : bias.clone();
        pendingAct = pending == null ? null : pending.forChannels(c).act();
        pendingBias = pending == null || pending.bias() == null && pending.act() == null ? null
                : pending.bias() == null ? new float[c] : pending.bias();
        pendingClamp = clampOf(pendingAct);
        clamp = clampOf(epilogue.act());
        rowLength = Math.multiplyExact(g.wp(), c);
        int kh = g.kh();
        Math.multiplyExact(kh, rowLength);
        ringRows = new int[kh][kh];
        for (int r = 0; r < kh; r++) {
            for (int a = 0; a < kh; a++) {
                ringRows[r][a] = ((r + a) % kh) * rowLength;
            }
        }
        ConvStep.Expand expand = pending == null ? null : pending.expand();
        if (expand != null) {
            ConvGeometry e = expand.geometry();
            if (e.cout() != c || e.hout() != g.h() || e.wout() != g.w()) {
                throw new IllegalArgumentException(g.conv() + ": an expand conv of " + e.cout() + " × " + e.hout()
                        + " × " + e.wout() + " outputs for " + g.input());
            }
            expandCin = e.cin();
            expandK = expand.k();
            expandLayout = Panels.of(c, expandK, kernels.panelWidth(), kernels.narrowPanelWidth());
            expandPanels = new float[expandLayout.size()];
            expandLayout.pack(expand.weight(), expandPanels, 0);
            producerRows = expand.pointwise() ? null : new ProducerRows(e);
            byBand = producerRows == null && g.w() < ConvStep.FUSED_EXPAND_WIDTH;
            if (producerRows != null) {
                expandRowAt = producerRows.rowAt();
            } else {
                expandRowAt = new int[expandCin];
                for (int t = 0; t < expandCin; t++) {
                    expandRowAt[t] = Math.multiplyExact(t, byBand ? g.inputPlane() : g.w());
                }
            }
        } else {
            byBand = false;
            expandCin = 0;
            expandK = 0;
            expandPanels = null;
            expandLayout = null;
            expandRowAt = null;
            producerRows = null;
        }
    }

    /** Whether the expand conv before this one runs here (for tests). */
    boolean runsExpand() {
        return expandPanels != null;
    }

    /** Floats of one image's input: the expand's input planes when it runs here, else the expand's output. */
    private long inputSample() {
        return producerRows != null ? producerRows.inputSample()
                : expandPanels != null ? (long) expandCin * g.h() * g.w() : g.inputSample();
    }

    /** Floats of {@code lane.work} a row of the expand's input takes (its copied rows, or its im2col rows). */
    private long expandRowFloats() {
        return producerRows != null ? producerRows.length() : (long) expandCin * g.w();
    }

    private static Activation.Clamp clampOf(Activation act) {
        return act == null || act.clamp() == null ? Activation.Clamp.NONE : act.clamp();
    }

    /** Whether {@code act} is applied as a pass of its own (it is no clamp). */
    private static boolean separate(Activation act) {
        return act != null && act.clamp() == null;
    }

    /** Fewest output rows per band of a split image, where it has enough of them. */
    static final int BAND_ROWS = 8;

    /** Depthwise with multiplier 1, no dilation, stride at most the kernel, no fused pool. */
    static boolean fits(ConvGeometry g, Epilogue epilogue) {
        return g.depthwise() && g.cout() == g.cin() && g.dh() == 1 && g.dw() == 1 && g.sh() <= g.kh()
                && epilogue.pool() == null;
    }

    boolean takesPending() {
        return pendingBias != null || expandPanels != null;
    }

    @Override
    boolean usesGemm() {
        return false;
    }

    @Override
    int columns() {
        return g.hout() * g.wout();
    }

    // no native scratch: the work is in the lane's heap arrays
    @Override
    boolean nativeScratch() {
        return false;
    }

    @Override
    void scratchNeeds(Scratch.Needs needs) {
        // input: the ring of kh padded rows; result: one output row; work: a row of the expand's input planes
        needs.input((long) g.kh() * rowLength).result((long) g.wout() * g.cout());
        if (byBand) {
            needs.work((long) expandCin * g.inputPlane()).product((long) g.inputPlane() * g.cin());
        } else if (expandPanels != null) {
            needs.work(expandRowFloats());
        }
    }

    @Override
    void run(ConvStep s, Workspace ws, Workspace.Lane lane, int n0, int m) {
        check(s, ws, lane, n0 + m);
        for (int n = n0; n < n0 + m; n++) {
            rows(s, ws, lane, n, 0, g.hout(), 0, panels());
        }
    }

    @Override
    boolean splittable() {
        return true;
    }

    /**
     * One image across threads, by bands of output rows, each with its own ring: {@link #run}'s sums. A band
     * reads {@code kh − sh} input rows more than its share, so bands are at least {@value #BAND_ROWS} rows where
     * the map allows (a band of one row of a 7×7 map read three: the split gained nothing), and one per thread
     * at the least. With the expand conv run here each of those rows is a product of its own, so there is one
     * band per thread: MobileNetV2's 16 fused steps had 2–7 bands on two threads, 420–500 µs of thread time
     * per step for 250–300 µs of wall time; one band per thread, 350–370 and 200–215 (the net at two threads
     * 8.7–10.3 → 7.3–7.9 ms, two runs each, 8 s of calls, a counter around the parts).
     */
    @Override
    void runSplit(ConvStep s, Workspace ws, Workspace.Lane lane, int n, int threads) {
        check(s, ws, lane, n + 1);
        if (byChannels(threads)) {
            Workers.forEach(threads, threads, byChannels, Workers.split().of(s, ws, lane, n, threads, threads));
            return;
        }
        int hout = g.hout();
        int parts = expandPanels != null ? Math.min(threads, hout)
                : Math.max(Math.min(partsOf(hout, threads), hout / BAND_ROWS), Math.min(threads, hout));
        Workers.forEach(threads, parts, byBands, Workers.split().of(s, ws, lane, n, parts, threads));
    }

    /**
     * Whether a split image goes by channels rather than by bands of rows: where the expand conv runs over a
     * band's rows at once ({@link #byBand}, maps narrower than 14) and has a panel or more per thread, part p
     * takes whole panels — their expand outputs over all the rows, then the depthwise conv of those channels —
     * so no input row is expanded twice and each thread reads only its panels' weights (MobileNetV2's 7×7
     * blocks: 614 KB of expand weights; two bands of rows expanded 9 rows for 7, each thread all the weights).
     */
    boolean byChannels(int threads) {
        return byBand && threads > 1 && panels() >= threads && expandLayout.exact();
    }

    /** The expand conv's panels, or 0 when it runs in its own step. */
    private int panels() {
        return expandPanels == null ? 0 : expandLayout.count();
    }

    /** Band p of the output rows, with its own ring on its thread's lane. */
    private final Workers.Task byBands = this::byBandsPart;

    private void byBandsPart(Workers.Split a, int p, int slot) {
        rows((ConvStep) a.step, a.ws, a.laneOf(slot), a.image, bound(g.hout(), p, a.parts),
                bound(g.hout(), p + 1, a.parts), 0, panels());
    }

    /** Part p of the expand's panels: every output row of their channels, with its own ring on its thread's lane. */
    private final Workers.Task byChannels = this::byChannelsPart;

    private void byChannelsPart(Workers.Split a, int p, int slot) {
        rows((ConvStep) a.step, a.ws, a.laneOf(slot), a.image, 0, g.hout(), bound(panels(), p, a.parts),
                bound(panels(), p + 1, a.parts));
    }

    private void check(ConvStep s, Workspace ws, Workspace.Lane lane, int end) {
        if ((long) end * inputSample() > ws.bufs[s.in].capacity()
                || (long) end * g.cout() * g.hout() * g.wout() > ws.bufs[s.out].capacity()
                || lane.input.length < g.kh() * rowLength || lane.result.length < g.wout() * g.cout()
                || expandPanels != null && lane.work.length < expandRowFloats()
                || byBand && (lane.work.length < expandCin * g.inputPlane()
                        || lane.product.length < g.inputPlane() * g.cin())) {
            throw new IllegalStateException(s.name + ": buffers too small for " + end + " images (internal error)");
        }
    }

    /**
     * Output rows {@code oh0 … oh1−1} of image {@code n}, of the channels of the expand's panels {@code p0 … p1−1}
     * (all channels when the expand conv has its own step).
     */
    private void rows(ConvStep s, Workspace ws, Workspace.Lane t, int n, int oh0, int oh1, int p0, int p1) {
        FloatBuffer src = ws.bufs[s.in];
        FloatBuffer dst = ws.bufs[s.out];
        int kh = g.kh();
        int sh = g.sh();
        int c = g.cout();
        int wout = g.wout();
        float[] ring = t.input;
        float[] out = t.result;
        long outBase = (long) n * c * g.hout() * wout;
        int ch0 = expandPanels == null ? 0 : expandLayout.at(p0);
        int ch1 = expandPanels == null ? c : expandLayout.end(p1 - 1);
        boolean all = ch0 == 0 && ch1 == c;
        int next = oh0 * sh; // the first padded row not yet in the ring
        int ya = 0;
        if (byBand) {
            // the input rows the band reads, clipped to the map: the expand conv over all of them at once
            ya = Math.max(0, oh0 * sh - g.ph());
            int yb = Math.min(g.h(), (oh1 - 1) * sh + kh - g.ph());
            expandBand(src, n, ya, yb, t.work, t.product, p0, p1);
        }
        for (int oh = oh0; oh < oh1; oh++) {
            int first = oh * sh;
            for (int py = Math.max(next, first); py < first + kh; py++) {
                load(src, n, py, ring, (py % kh) * rowLength, t.work, t.product, ya, p0, p1);
            }
            next = first + kh;
            kernels.depthwiseRow(ring, ringRows[first % kh], g.kw(), g.sw(), weight, bias, c, ch0, ch1, clamp, out, 0,
                    wout);
            if (separate(epilogue.act())) {
                epilogue.act().apply(out, 0, wout * c); // the other channels' places too: this lane's, unused
            }
            int at = (int) (outBase + (long) oh * wout * c);
            if (all) {
                dst.put(at, out, 0, wout * c);
            } else {
                for (int ow = 0; ow < wout; ow++) {
                    dst.put(at + ow * c + ch0, out, ow * c + ch0, ch1 - ch0);
                }
            }
        }
    }

    /**
     * {@link #byBand}: input rows {@code ya … yb−1} of image {@code n} through the expand conv's panels
     * {@code p0 … p1−1} into {@code band}.
     */
    private void expandBand(FloatBuffer src, int n, int ya, int yb, float[] x, float[] band, int p0, int p1) {
        int w = g.w();
        int plane = g.inputPlane();
        for (int t = 0; t < expandCin; t++) {
            src.get((int) (((long) n * expandCin + t) * plane + (long) ya * w), x, t * plane + ya * w, (yb - ya) * w);
        }
        for (int p = p0; p < p1; p++) {
            expandPanel(x, ya * w, (yb - ya) * w, p, band, expandLayout.at(p), g.cin());
        }
    }

    /**
     * Panel {@code p} of the expand conv over {@code m} pixels (its input rows in {@code x} from {@code xAt}, at
     * {@link #expandRowAt}) into {@code y} from {@code yAt}, {@code ldy} apart; with the expand's pending bias
     * and clamp applied in the product's registers when it has them ({@link JavaKernels#gemmPanel(float[], int,
     * int[], int, int, float[], int, int, float[], int, int, float[], int, Activation.Clamp)}: the values
     * {@link JavaKernels#addChannels} gave as a pass over each ring row, 7–9 % of MobileNetV2's samples).
     */
    private void expandPanel(float[] x, int xAt, int m, int p, float[] y, int yAt, int ldy) {
        if (pendingBias != null) {
            kernels.gemmPanel(x, xAt, expandRowAt, m, expandK, expandPanels, expandLayout.offset(p),
                    expandLayout.width(p), y, yAt, ldy, pendingBias, expandLayout.at(p), pendingClamp);
        } else {
            kernels.gemmPanel(x, xAt, expandRowAt, m, expandK, expandPanels, expandLayout.offset(p),
                    expandLayout.width(p), y, yAt, ldy);
        }
    }

    /**
     * Padded input row {@code py} of image {@code n} → the ring at {@code at}: zeros, or the row read (or
     * computed by the expand conv's panels {@code p0 … p1−1}, its input row copied to {@code x}) and finished.
     * With a share of the panels, the other channels' places hold whatever this lane left there: unread.
     */
    private void load(FloatBuffer src, int n, int py, float[] ring, int at, float[] x, float[] band, int ya, int p0,
                      int p1) {
        int y = py - g.ph();
        int c = g.cin();
        if (y < 0 || y >= g.h()) {
            Arrays.fill(ring, at, at + rowLength, 0f);
            return;
        }
        int left = g.pw() * c;
        int len = g.w() * c;
        Arrays.fill(ring, at, at + left, 0f);
        if (expandPanels == null) {
            src.get((n * g.h() + y) * len, ring, at + left, len);
        } else if (byBand) {
            System.arraycopy(band, (y - ya) * len, ring, at + left, len);
        } else {
            int w = g.w();
            if (producerRows != null) {
                producerRows.fill(src, (long) n * producerRows.inputSample(), y, x);
            } else {
                long plane = (long) g.h() * w;
                for (int t = 0; t < expandCin; t++) {
                    src.get((int) (((long) n * expandCin + t) * plane + (long) y * w), x, t * w, w);
                }
            }
            for (int p = p0; p < p1; p++) {
                expandPanel(x, 0, w, p, ring, at + left + expandLayout.at(p), c);
            }
        }
        Arrays.fill(ring, at + left + len, at + rowLength, 0f);
        if (pendingBias != null) {
            if (expandPanels == null) {
                kernels.addChannels(ring, at + left, g.w(), pendingBias, 0, c, pendingClamp);
            }
            if (separate(pendingAct)) {
                pendingAct.apply(ring, at + left, at + left + len);
            }
        }
    }
}
