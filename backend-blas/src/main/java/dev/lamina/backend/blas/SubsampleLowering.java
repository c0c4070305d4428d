package dev.lamina.backend.blas;

import java.nio.FloatBuffer;

/**
 * A 1×1 conv of stride 2 without padding — ResNet's downsample — on the heap: each input plane's every other
 * pixel of every other row picked out ({@link JavaKernels#deinterleave}) into {@code X [Cin, Hout·Wout]}, then
 * {@code Y = W × X} by {@link JavaKernels#gemmTiled} on the weights tiled once, every column an output pixel
 * (no padding columns, no phase plane unread), then each channel's bias and activation and its plane
 * written out. Through OpenBLAS this conv split its input into four phase planes of which it read one,
 * copied the im2col to native memory and the result back, and dropped a padding column per row.
 */
final class SubsampleLowering extends ConvLowering {
    private final JavaKernels kernels = JavaKernels.get();
    /** The weights as {@link JavaKernels#tileRows} lays them out ({@link #tiledWeights}). */
    private final float[] tiles;
    /** Where row {@code ci} of X starts: {@code ci · Hout·Wout}. */
    private final int[] rowAt;
    /** Output pixels per channel, {@code Hout · Wout}. */
    private final int pixels;

    /** {@code weights}: the step's OIHW weights ({@code [Cout, Cin]}), as {@link ConvStep#weightHeap}. */
    SubsampleLowering(ConvGeometry g, Epilogue epilogue, float[] weights) {
        super(g, epilogue);
        if (!fits(g, epilogue)) {
            throw new IllegalArgumentException("subsampling lowering for " + g.conv() + " with " + epilogue);
        }
        pixels = Math.multiplyExact(g.hout(), g.wout());
        Math.multiplyExact(g.cin(), pixels);
        Math.multiplyExact(g.cout(), pixels);
        tiles = tiledWeights(weights, true);
        rowAt = new int[g.cin()];
        for (int ci = 0; ci < g.cin(); ci++) {
            rowAt[ci] = ci * pixels;
        }
    }

    /**
     * Whether this lowering applies: an ungrouped 1×1 conv of stride 2 both ways, no padding, no fused pool,
     * on the Vector API kernels, with filters for at least one tile of rows and a whole sample's X and Y
     * within {@link Im2colLowering#IN_PLACE_FLOATS} each; {@code -Dlamina.blas.subsample=false} keeps it on
     * im2col (read when a plan is built).
     */
    static boolean fits(ConvGeometry g, Epilogue epilogue) {
        long pixels = (long) g.hout() * g.wout();
        return JavaKernels.get().fastGemm() && JavaKernels.get().rowTile() > 0 && g.groups() == 1
                && g.kh() == 1 && g.kw() == 1 && g.sh() == 2 && g.sw() == 2 && g.ph() == 0 && g.pw() == 0
                && g.conv().padding().isZero() && epilogue.pool() == null && g.cout() >= JavaKernels.get().rowTile()
                && g.hout() == g.h() / 2 + g.h() % 2 && g.wout() == g.w() / 2 + g.w() % 2
                && g.cin() * pixels <= Im2colLowering.IN_PLACE_FLOATS && g.cout() * pixels <= Im2colLowering.IN_PLACE_FLOATS
                && !"false".equals(System.getProperty(PROPERTY));
    }

    static final String PROPERTY = "lamina.blas.subsample";

    @Override
    int columns() {
        return pixels;
    }

    @Override
    boolean nativeScratch() {
        return false;
    }

    @Override
    boolean usesGemm() {
        return false;
    }

    @Override
    void scratchNeeds(Scratch.Needs needs) {
        // input: X; work: one raw input plane; result: a row's odd pixels, dropped; product: Y
        needs.input((long) g.cin() * pixels).work(g.inputPlane()).result(g.w()).product((long) g.cout() * pixels);
    }

    @Override
    void run(ConvStep s, Workspace ws, Workspace.Lane lane, int n0, int m) {
        for (int n = n0; n < n0 + m; n++) {
            check(s, ws, lane, n);
            gather(s, ws, lane, lane, n, 0, g.cin());
            filterRows(s, tiles, 0, g.cout(), lane.input, rowAt, pixels, lane.product, 0, pixels);
            finish(s, ws, lane.product, n, 0, g.cout());
        }
    }

    @Override
    boolean splittable() {
        return true;
    }

    /**
     * One image across threads: the input channels' gathers in parts, the product in parts of whole tiles of
     * filters, the channels' epilogues in parts — each output the same operations as on one thread.
     */
    @Override
    void runSplit(ConvStep s, Workspace ws, Workspace.Lane lane, int n, int threads) {
        check(s, ws, lane, n);
        int inParts = partsOf(g.cin(), threads);
        Workers.forEach(threads, inParts, gatherParts, Workers.split().of(s, ws, lane, n, inParts, threads));
        int tileCount = (g.cout() + kernels.rowTile() - 1) / kernels.rowTile();
        int rowParts = Math.min(tileCount, partsOf(g.cout(), threads));
        Workers.forEach(threads, rowParts, productParts, Workers.split().of(s, ws, lane, n, rowParts, threads));
        int chParts = partsOf(g.cout(), threads);
        Workers.forEach(threads, chParts, finishParts, Workers.split().of(s, ws, lane, n, chParts, threads));
    }

    private void check(ConvStep s, Workspace ws, Workspace.Lane lane, int n) {
        if ((long) (n + 1) * g.inputSample() > ws.bufs[s.in].capacity()
                || (long) (n + 1) * g.cout() * pixels > ws.bufs[s.out].capacity()
                || lane.input.length < g.cin() * pixels || lane.product.length < g.cout() * pixels
                || lane.work.length < g.inputPlane() || lane.result.length < g.w() / 2) {
            throw new IllegalStateException(s.name + ": buffers too small for image " + n + " (internal error)");
        }
    }

    /**
     * Input channels {@code ci0 … ci1−1} of image {@code n} → their rows of X in {@code x.input}: each plane read
     * in one copy into {@code own.work}, then of its even rows the even pixels.
     */
    private void gather(ConvStep s, Workspace ws, Workspace.Lane own, Workspace.Lane x, int n, int ci0, int ci1) {
        FloatBuffer src = ws.bufs[s.in];
        int w = g.w();
        int hout = g.hout();
        int wout = g.wout();
        int pairs = w / 2;
        float[] raw = own.work;
        float[] dst = x.input;
        for (int ci = ci0; ci < ci1; ci++) {
            src.get((n * g.cin() + ci) * g.inputPlane(), raw, 0, g.inputPlane());
            for (int oy = 0; oy < hout; oy++) {
                int from = 2 * oy * w;
                int to = ci * pixels + oy * wout;
                // the even pixels of the pairs, and of an odd row's last pixel; the odd half is dropped
                kernels.deinterleave(raw, from, pairs, dst, to, own.result, 0);
                if (wout > pairs) {
                    dst[to + pairs] = raw[from + w - 1];
                }
            }
        }
    }

    /** Channels {@code co0 … co1−1} of the product {@code y}: bias and activation, then into the output planes. */
    private void finish(ConvStep s, Workspace ws, float[] y, int n, int co0, int co1) {
        FloatBuffer dst = ws.bufs[s.out];
        for (int co = co0; co < co1; co++) {
            epilogue.finish(y, co * pixels, (co + 1) * pixels, s.bias == null ? 0f : s.bias[co]);
            dst.put((n * g.cout() + co) * pixels, y, co * pixels, pixels);
        }
    }

    /** {@link #runSplit}: part p of the input channels, gathered on this thread's lane into the caller's X. */
    private final Workers.Task gatherParts = this::gatherPart;

    private void gatherPart(Workers.Split a, int p, int slot) {
        int cin = g.cin();
        gather((ConvStep) a.step, a.ws, a.laneOf(slot), a.lane, a.image, bound(cin, p, a.parts),
                bound(cin, p + 1, a.parts));
    }

    /** {@link #runSplit}: part p of the filters, whole tiles of them, into the caller's Y. */
    private final Workers.Task productParts = this::productPart;

    private void productPart(Workers.Split a, int p, int slot) {
        int i0 = tileBound(g.cout(), p, a.parts);
        int i1 = tileBound(g.cout(), p + 1, a.parts);
        filterRows((ConvStep) a.step, tiles, i0, i1 - i0, a.lane.input, rowAt, pixels, a.lane.product, i0 * pixels,
                pixels);
    }

    /** {@link #runSplit}: part p of the output channels' epilogues, from the caller's Y. */
    private final Workers.Task finishParts = this::finishPart;

    private void finishPart(Workers.Split a, int p, int slot) {
        int cout = g.cout();
        finish((ConvStep) a.step, a.ws, a.lane.product, a.image, bound(cout, p, a.parts), bound(cout, p + 1, a.parts));
    }
}
