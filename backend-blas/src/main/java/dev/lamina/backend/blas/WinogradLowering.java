package dev.lamina.backend.blas;

import dev.lamina.spi.helpers.WinogradF23;
import org.bytedeco.javacpp.FloatPointer;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Winograd F(2×2, 3×3) for 3×3 stride-1 convolutions (Lavin &amp; Gray, 2016): each 2×2 output tile is
 * {@code Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d Bᵀᵀ)] A} over a 4×4 input tile, so the 9 multiply-adds per output of im2col
 * become 4, done as 16 GEMMs {@code M_e [Cout, tiles] = U_e [Cout, Cin] × V_e [Cin, tiles]} — 2.25× fewer
 * flops, and a 4× input expansion instead of im2col's 9×. The transforms run in Java over rows of tiles
 * ({@link JavaKernels#winogradInput}, {@link JavaKernels#winogradOutput}); a following 2×2 max-pool (and ReLU)
 * is applied per tile, since each tile is exactly one pool window.
 *
 * <p>Where the weights outweigh the data, or the image's transformed data is small ({@link #HEAP_FLOATS}), and
 * no pool follows (ResNet's 28×28, 14×14 and 7×7 layers), and the Java kernels have a packed product
 * ({@link JavaKernels#panelWidth}), the 16 products run on the heap instead,
 * turned around: {@code M_eᵀ [tiles, Cout] = V_eᵀ [tiles, Cin] × U_eᵀ [Cin, Cout]}, the tiles as rows
 * (only the real ones: the dropped tile column is left out), the output channels in vectors, and U_eᵀ
 * packed once into panels of {@link JavaKernels#panelWidth} columns read in order
 * ({@link JavaKernels#gemmPanel}). OpenBLAS packs its copy of U_e again on every call, which on these shapes
 * costs as much as the product (16 × [512 × 512] × [512 × 20]: 37 GFLOP/s; the panels: 102).
 */
final class WinogradLowering extends ConvLowering {
    /** Tiles per image: th rows × tw columns (of 2×2 outputs). */
    private final int th;
    private final int tw;
    /** The 16 transformed weight matrices U_e [Cout, Cin], one after the other (read-only). */
    private final FloatPointer u;
    /**
     * Whether the products run on the heap ({@link JavaKernels#gemmPanel}, see above), and then each U_eᵀ in
     * {@link Panels} ({@code panels}), component after component. {@code u} is then null.
     */
    private final boolean heap;
    private final float[] packed;
    private final Panels panels;
    /** Real tiles per image ({@code th · tw}), and images per heap block (about 64 tiles). */
    private final int tilesReal;
    private final int blockImages;
    /** Where input channel {@code ci}'s row of a component's V_eᵀ starts: {@code ci · blockImages · tilesReal}. */
    private final int[] vRowAt;
    /** For a block with a non-finite input: im2col (see {@link #run}). */
    private final Im2colLowering fallback;
    private final JavaKernels kernels = JavaKernels.get();

    /** Transforms the weights (OIHW, 3×3) into native memory, which {@link #ownedWeights} hands to the plan. */
    WinogradLowering(ConvGeometry g, Epilogue epilogue, float[] weights, String name, Im2colLowering fallback) {
        super(g, epilogue);
        th = (g.hout() + 1) / 2;
        tw = (g.wout() + 1) / 2;
        this.fallback = fallback;
        tilesReal = th * tw;
        blockImages = Math.max(1, 64 / tilesReal);
        vRowAt = new int[g.cin()];
        for (int ci = 0; ci < g.cin(); ci++) {
            vRowAt[ci] = Math.multiplyExact(ci, blockImages * tilesReal);
        }
        int w = kernels.panelWidth();
        heap = w > 0 && g.cout() >= w && epilogue.pool() == null
                && (!blocked() || 16L * tilesReal * (g.cin() + g.cout()) <= HEAP_FLOATS)
                && !"false".equals(System.getProperty(HEAP_PROPERTY));
        float[][] ue = WinogradF23.filters(weights, g.cout(), g.cin());
        if (heap) {
            panels = Panels.of(g.cout(), g.cin(), w, kernels.narrowPanelWidth());
            packed = new float[panels.size(16, name)];
            for (int e = 0; e < 16; e++) {
                panels.pack(ue[e], packed, e * panels.size());
            }
            u = null;
        } else {
            panels = null;
            packed = null;
            u = weights(ue, g.cout(), g.cin(), name);
        }
    }

    /**
     * Most floats of one image's V_eᵀ and M_eᵀ together ({@code 16 · tiles · (Cin + Cout)}) for which a conv that
     * OpenBLAS would run in blocks of tile rows ({@link #blocked}: the data outweighs the weights) runs its
     * products on the heap all the same, over the whole image: 4 MiB, ResNet-18's 28×28 layer2 (3.2 MiB).
     * Measured there (one JVM, the two plans alternating, step timer, one thread): batch 1, 1.25 → 0.99–1.02 ms
     * for two of its three 3×3 stride-1 convs (the third level within noise), batch 8 11.3–11.5 → 9.1–9.7 ms for
     * all three (the network 201 → 193 ms). Larger images stay blocked on OpenBLAS: layer1's 56×56 (6.4 MiB) on
     * the heap took 1.5–2.1 ms against 1.3–1.5.
     */
    static final long HEAP_FLOATS = 1L << 20;

    /** Measuring switch: {@code -Dlamina.blas.winogradHeap=false} keeps every Winograd product on OpenBLAS. */
    static final String HEAP_PROPERTY = "lamina.blas.winogradHeap";

    /** Whether the 16 products run on the heap, in packed panels (for tests). */
    boolean heapProducts() {
        return heap;
    }

    /** Ungrouped, 3×3, stride 1, dilation 1, at least 8 channels in and out: where Winograd beats im2col. */
    static boolean fits(ConvGeometry g) {
        return g.groups() == 1 && g.kh() == 3 && g.kw() == 3 && g.contiguous() && g.dh() == 1 && g.dw() == 1
                && g.cin() >= 8 && g.cout() >= 8;
    }

    /** The native memory of the transformed weights; freed with the plan. */
    @Override
    FloatPointer ownedWeights() {
        return u;
    }

    @Override
    int columns() {
        return fallback.columns();
    }

    // room for im2col too: the fallback for non-finite inputs
    @Override
    long scratchBPerImage() {
        return Math.max(16L * g.cin() * tiles(), fallback.scratchBPerImage());
    }

    @Override
    long scratchCPerImage() {
        return Math.max(16L * g.cout() * tiles(), fallback.scratchCPerImage());
    }

    @Override
    void scratchNeeds(Scratch.Needs needs) {
        needs.rows(rowLength());
        if (heap) {
            // a heap block's V_eᵀ in the stage array, its M_eᵀ in working rows 14 … 29, its outputs in rows 8 … 11
            long rows = (long) blockImages * tilesReal;
            needs.stage(16L * g.cin() * rows).rows(rows * g.cout() + JavaKernels.OVERRUN);
        }
        fallback.scratchNeeds(needs); // its heap arrays too (the in-place im2col's planes and result)
    }

    /** U_e = (G g Gᵀ)_e for every (co, ci) (the transform every backend shares): 16 [Cout, Cin] matrices in one native buffer. */
    private static FloatPointer weights(float[][] ue, int cout, int cin, String name) {
        long n = 16L * cout * cin;
        if (n > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(name + ": " + n + " transformed weights do not fit one buffer");
        }
        float[] u = new float[(int) n];
        int plane = cout * cin;
        for (int e = 0; e < 16; e++) {
            System.arraycopy(ue[e], 0, u, e * plane, plane);
        }
        FloatPointer p = new FloatPointer(n);
        if (p.isNull()) {
            throw new OutOfMemoryError(name + ": cannot allocate " + n * 4 + " bytes of native memory");
        }
        p.put(u);
        return p;
    }

    /** Java arrays one lane needs for this step: 30 rows of {@link #rowLength}, slack for the kernels included. */
    static final int ROWS = 30;

    /** Length of each working row: one parity plane (th + 1) × (tw + 1), plus slack. */
    private int rowLength() {
        return (th + 1) * (tw + 1) + 16;
    }

    /** Tiles per image in the GEMM: th rows of tw + 1 (the last column of each row is computed and dropped). */
    private int tiles() {
        return th * (tw + 1);
    }

    /** Images {@code n0 … n0+m−1} of {@code s}'s input through the 16 GEMMs into its output buffer. */
    @Override
    void run(ConvStep s, Workspace ws, Workspace.Lane lane, int n0, int m) {
        int tpi = tiles();
        int ldb = m * tpi;
        int cin = g.cin();
        int cout = g.cout();
        int outPlane = epilogue.outPlane();
        FloatBuffer src = ws.bufs[s.in];
        FloatBuffer dst = ws.bufs[s.out];
        FloatBuffer b = lane.bBuf;
        FloatBuffer c = lane.cBuf;
        float[][] wa = lane.rows;
        check(s, ws, lane, n0, m);
        if (heap) {
            for (int j0 = 0; j0 < m; j0 += blockImages) {
                int nb = Math.min(blockImages, m - j0);
                if (!heapInputs(src, n0 + j0, nb, 0, cin, lane, lane.stage)) {
                    for (int j = 0; j < nb; j++) {
                        fallback.run(s, ws, lane, n0 + j0 + j, 1);
                    }
                    continue;
                }
                heapProducts(lane.stage, nb * tilesReal, lane.rows, 0, 16 * panels.count());
                kernels.winogradOutput(wa, 14, nb * tilesReal * cout, wa[8], wa[9], wa[10], wa[11]);
                heapOutputs(s, ws, lane, wa, n0 + j0, nb, 0, cout);
            }
            return;
        }
        if (blocked()) {
            // one image at a time, in blocks of tile rows small enough that V and M stay in L2
            for (int j = 0; j < m; j++) {
                if (!runTiled(s, ws, lane, n0 + j)) {
                    fallback.run(s, ws, lane, n0 + j, 1);
                }
            }
            return;
        }
        boolean finite = true;
        for (int j = 0; j < m; j++) {
            int n = n0 + j;
            for (int ci = 0; ci < cin; ci++) {
                finite &= inputTransform(src, (n * cin + ci) * g.inputPlane(), 0, th, lane.work, wa);
                for (int e = 0; e < 16; e++) {
                    b.put((e * cin + ci) * ldb + j * tpi, wa[14 + e], 0, tpi);
                }
            }
        }
        if (!finite) {
            // the transforms subtract inputs: ±Inf would turn into NaN where a direct convolution keeps Inf,
            // so a block with a non-finite input goes through im2col instead, one image at a time
            for (int j = 0; j < m; j++) {
                fallback.run(s, ws, lane, n0 + j, 1);
            }
            return;
        }
        for (int e = 0; e < 16; e++) {
            Gemm.nn(cout, ldb, cin, lane.viewA.of(u, 0), (long) e * cout * cin, cin, lane.scratchB,
                    (long) e * cin * ldb, ldb, 0f,
                    lane.scratchC, (long) e * cout * ldb, ldb);
        }
        for (int j = 0; j < m; j++) {
            int n = n0 + j;
            for (int co = 0; co < cout; co++) {
                for (int e = 0; e < 16; e++) {
                    c.get((e * cout + co) * ldb + j * tpi, wa[14 + e], 0, tpi);
                }
                outputTransform(wa, lane, s.bias == null ? 0f : s.bias[co], 0, th);
                dst.put((n * cout + co) * outPlane, lane.result, 0, outPlane);
            }
        }
    }

    /** Every size against the buffers, for images {@code n0 … n0+m−1}, before any native call. */
    private void check(ConvStep s, Workspace ws, Workspace.Lane lane, int n0, int m) {
        long ldb = (long) m * tiles();
        if (16L * g.cin() * ldb > lane.bBuf.capacity() || 16L * g.cout() * ldb > lane.cBuf.capacity()
                || (long) (n0 + m) * g.inputSample() > ws.bufs[s.in].capacity()
                || (long) (n0 + m) * g.cout() * epilogue.outPlane() > ws.bufs[s.out].capacity()
                || lane.rows.length < ROWS || lane.rows[0].length < rowLength()) {
            throw new IllegalStateException(s.name + ": buffers too small for " + m + " images (internal error)");
        }
    }

    /** A 2×2/2 max-pool fused after the conv, on an even output: each tile is exactly one pool window. */
    private boolean tilePool() {
        return epilogue.pool2x2() && g.hout() % 2 == 0 && g.wout() % 2 == 0;
    }

    /**
     * Whether images go one at a time in blocks of tile rows: with a tile-aligned pool always (each block's
     * pooled rows are final); without a pool when an image takes more than one block and its transformed
     * data outweighs the transformed weights. Otherwise whole images: a pool of any other kind needs the
     * whole plane, and where the weights outweigh the data (deep layers on small maps: 512 channels at 7×7
     * have 16 MiB of weights for 1.3 MiB of data) every extra GEMM call costs OpenBLAS another packing of
     * U_e — two blocks there ran 2× slower than one.
     */
    private boolean blocked() {
        return tilePool() || epilogue.pool() == null && blockRows() < th
                && (long) g.cin() * g.cout() <= (long) (g.cin() + g.cout()) * tiles();
    }

    /** Tile rows per block: V and M of a block (16 · (Cin + Cout) · tiles floats) within about 1 MiB. */
    private int blockRows() {
        long tiles = Math.max(1, (1L << 18) / (16L * (g.cin() + g.cout())));
        return (int) Math.max(1, Math.min(th, tiles / (tw + 1)));
    }

    /**
     * Floats of B per block of whole images: up to the size of the 16 transformed weight matrices (at most
     * 4 MiB), so that images small next to their weights share the GEMMs — each U_e is then read once for
     * several images instead of once per image.
     */
    @Override
    long chunkBudget() {
        return Math.max(BlasPlan.IM2COL_BUDGET, Math.min(16L * g.cin() * g.cout(), 1L << 20));
    }

    /** One image, block by block; false when its input holds NaN or ±Inf (the blocks before may be written). */
    private boolean runTiled(ConvStep s, Workspace ws, Workspace.Lane lane, int n) {
        int rows = blockRows();
        for (int ty0 = 0; ty0 < th; ty0 += rows) {
            if (!block(s, ws, lane, n, ty0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Tile rows {@code ty0 … ty0+blockRows−1} (fewer at the end) of image {@code n}, on {@code lane}'s own
     * scratch: input transform, 16 GEMMs, output transform into the output buffer; false (this block
     * unwritten) when its input holds NaN or ±Inf.
     */
    private boolean block(ConvStep s, Workspace ws, Workspace.Lane lane, int n, int ty0) {
        int cin = g.cin();
        int cout = g.cout();
        int outPlane = epilogue.outPlane();
        int tq = tw + 1;
        FloatBuffer src = ws.bufs[s.in];
        FloatBuffer dst = ws.bufs[s.out];
        FloatBuffer b = lane.bBuf;
        FloatBuffer c = lane.cBuf;
        float[][] wa = lane.rows;
        int nr = Math.min(blockRows(), th - ty0);
        int nb = nr * tq;
        boolean finite = true;
        for (int ci = 0; ci < cin; ci++) {
            finite &= inputTransform(src, (n * cin + ci) * g.inputPlane(), ty0, nr, lane.work, wa);
            for (int e = 0; e < 16; e++) {
                b.put((e * cin + ci) * nb, wa[14 + e], 0, nb);
            }
        }
        if (!finite) {
            return false;
        }
        for (int e = 0; e < 16; e++) {
            Gemm.nn(cout, nb, cin, lane.viewA.of(u, 0), (long) e * cout * cin, cin, lane.scratchB,
                    (long) e * cin * nb, nb, 0f,
                    lane.scratchC, (long) e * cout * nb, nb);
        }
        // the block's outputs: nr pooled rows, or its conv rows 2·ty0 … (the last block may end on an odd row)
        int at = tilePool() ? ty0 * tw : 2 * ty0 * g.wout();
        int count = tilePool() ? nr * tw : (Math.min(2 * (ty0 + nr), g.hout()) - 2 * ty0) * g.wout();
        for (int co = 0; co < cout; co++) {
            for (int e = 0; e < 16; e++) {
                c.get((e * cout + co) * nb, wa[14 + e], 0, nb);
            }
            outputTransform(wa, lane, s.bias == null ? 0f : s.bias[co], ty0, nr);
            dst.put((n * cout + co) * outPlane + at, lane.result, 0, count);
        }
        return true;
    }

    @Override
    boolean splittable() {
        return true;
    }

    /**
     * One image across threads. Blocked ({@link #blocked}): its blocks of tile rows, one per part, each on
     * its thread's lane. Whole: the input transform by input channel, the 16 GEMMs one per part, the output
     * transform by output channel, all in the caller's native scratch. Either way every output is computed
     * exactly as {@link #run} computes it; an image with a non-finite input goes through im2col, as there.
     */
    @Override
    void runSplit(ConvStep s, Workspace ws, Workspace.Lane lane, int n, int threads) {
        check(s, ws, lane, n, 1);
        clearMarks(ws, lane, threads);
        if (heap) {
            int inParts = partsOf(g.cin(), threads);
            Workers.forEach(threads, inParts, heapInputParts, Workers.split().of(s, ws, lane, n, inParts, threads));
            if (marked(ws, lane, threads)) {
                fallback.runSplit(s, ws, lane, n, threads);
                return;
            }
            int products = 16 * panels.count();
            Workers.forEach(threads, products, heapProductParts,
                    Workers.split().of(s, ws, lane, n, products, threads));
            // the output transform is a few microseconds here (one image of 7×7 or 14×14): on this thread
            float[][] wa = lane.rows;
            kernels.winogradOutput(wa, 14, tilesReal * g.cout(), wa[8], wa[9], wa[10], wa[11]);
            int outParts = partsOf(g.cout(), threads);
            Workers.forEach(threads, outParts, heapOutputParts, Workers.split().of(s, ws, lane, n, outParts, threads));
            return;
        }
        if (blocked()) {
            int rows = blockRows();
            int blocks = (th + rows - 1) / rows;
            Workers.forEach(threads, blocks, tileBlocks, Workers.split().of(s, ws, lane, n, blocks, threads));
            if (marked(ws, lane, threads)) {
                fallback.runSplit(s, ws, lane, n, threads);
            }
            return;
        }
        int inParts = partsOf(g.cin(), threads);
        Workers.forEach(threads, inParts, inputTransforms, Workers.split().of(s, ws, lane, n, inParts, threads));
        if (marked(ws, lane, threads)) {
            fallback.runSplit(s, ws, lane, n, threads);
            return;
        }
        Workers.forEach(threads, 16, gemms, Workers.split().of(s, ws, lane, n, 16, threads));
        int outParts = partsOf(g.cout(), threads);
        Workers.forEach(threads, outParts, outputTransforms, Workers.split().of(s, ws, lane, n, outParts, threads));
    }

    /** {@link #runSplit}, blocked: block p of tile rows on its thread's lane, marking it when non-finite. */
    private final Workers.Task tileBlocks = this::tileBlocksPart;

    private void tileBlocksPart(Workers.Split a, int p, int slot) {
        Workspace.Lane t = a.laneOf(slot);
        if (!block((ConvStep) a.step, a.ws, t, a.image, p * blockRows())) {
            t.nonFinite = true;
        }
    }

    /** {@link #runSplit}: part p of the input channels' transforms, into the caller's native B. */
    private final Workers.Task inputTransforms = this::inputTransformsPart;

    private void inputTransformsPart(Workers.Split a, int p, int slot) {
        Workspace.Lane t = a.laneOf(slot);
        FloatBuffer src = a.ws.bufs[((ConvStep) a.step).in];
        FloatBuffer b = a.lane.bBuf;
        int tpi = tiles();
        int cin = g.cin();
        for (int ci = bound(cin, p, a.parts); ci < bound(cin, p + 1, a.parts); ci++) {
            if (!inputTransform(src, (a.image * cin + ci) * g.inputPlane(), 0, th, t.work, t.rows)) {
                t.nonFinite = true;
            }
            for (int e = 0; e < 16; e++) {
                b.put((e * cin + ci) * tpi, t.rows[14 + e], 0, tpi);
            }
        }
    }

    /** {@link #runSplit}: GEMM e of the 16, between the caller's native scratch. */
    private final Workers.Task gemms = this::gemmsPart;

    private void gemmsPart(Workers.Split a, int e, int slot) {
        Workspace.Lane t = a.laneOf(slot);
        int tpi = tiles();
        int cin = g.cin();
        int cout = g.cout();
        Gemm.nn(cout, tpi, cin, t.viewA.of(u, 0), (long) e * cout * cin, cin, t.viewB.of(a.lane.scratchB, 0),
                (long) e * cin * tpi, tpi, 0f, t.viewC.of(a.lane.scratchC, 0), (long) e * cout * tpi, tpi);
    }

    /** {@link #runSplit}: part p of the output channels' transforms, from the caller's native C. */
    private final Workers.Task outputTransforms = this::outputTransformsPart;

    private void outputTransformsPart(Workers.Split a, int p, int slot) {
        ConvStep s = (ConvStep) a.step;
        Workspace.Lane t = a.laneOf(slot);
        FloatBuffer c = a.lane.cBuf;
        FloatBuffer dst = a.ws.bufs[s.out];
        int tpi = tiles();
        int cout = g.cout();
        int outPlane = epilogue.outPlane();
        for (int co = bound(cout, p, a.parts); co < bound(cout, p + 1, a.parts); co++) {
            for (int e = 0; e < 16; e++) {
                c.get((e * cout + co) * tpi, t.rows[14 + e], 0, tpi);
            }
            outputTransform(t.rows, t, s.bias == null ? 0f : s.bias[co], 0, th);
            dst.put((a.image * cout + co) * outPlane, t.result, 0, outPlane);
        }
    }

    /**
     * Input channels {@code ci0 … ci1−1} of images {@code n0 … n0+images−1} → their rows of V_eᵀ in {@code v}:
     * {@code v[(e·Cin + ci)·R + j·tilesReal + ty·tw + tx]}, {@code R = blockImages · tilesReal} (the real tiles
     * only; a block of fewer images leaves the rest of each row unused), transformed on {@code own}'s arrays;
     * false when an input holds NaN or ±Inf.
     */
    private boolean heapInputs(FloatBuffer src, int n0, int images, int ci0, int ci1, Workspace.Lane own,
                               float[] v) {
        int cin = g.cin();
        int tq = tw + 1;
        int rows = blockImages * tilesReal;
        boolean finite = true;
        for (int j = 0; j < images; j++) {
            for (int ci = ci0; ci < ci1; ci++) {
                finite &= inputTransform(src, ((n0 + j) * cin + ci) * g.inputPlane(), 0, th, own.work, own.rows);
                for (int e = 0; e < 16; e++) {
                    float[] ve = own.rows[14 + e];
                    int at = (e * cin + ci) * rows + j * tilesReal;
                    for (int ty = 0; ty < th; ty++) {
                        System.arraycopy(ve, ty * tq, v, at + ty * tw, tw);
                    }
                }
            }
        }
        return finite;
    }

    /**
     * Products {@code x0 … x1−1} of the 16 × panels: product {@code x} is component {@code x / panels} on
     * panel {@code x mod panels}, {@code M_eᵀ [rows, Cout]} into {@code m[14 + e]} ({@code rows} tiles).
     */
    private void heapProducts(float[] v, int rows, float[][] m, int x0, int x1) {
        int cin = g.cin();
        int cout = g.cout();
        int count = panels.count();
        int component = cin * blockImages * tilesReal;
        for (int x = x0; x < x1; x++) {
            int e = x / count;
            int p = x % count;
            kernels.gemmPanel(v, e * component, vRowAt, rows, cin, packed, e * panels.size() + panels.offset(p),
                    panels.width(p), m[14 + e], panels.at(p), cout);
        }
    }

    /**
     * Output channels {@code co0 … co1−1} of images {@code n0 … n0+images−1} from the transformed tiles in
     * {@code y[8 … 11]} ({@code [tiles, Cout]} each: top left, top right, bottom left, bottom right) → each
     * output plane on {@code own.result} (a tile past the plane's odd edge gives only what lies inside), the
     * epilogue (bias, activation), then the output buffer.
     */
    private void heapOutputs(ConvStep s, Workspace ws, Workspace.Lane own, float[][] y, int n0, int images,
                             int co0, int co1) {
        int cout = g.cout();
        int wout = g.wout();
        int hout = g.hout();
        int outPlane = epilogue.outPlane();
        float[] y00 = y[8];
        float[] y01 = y[9];
        float[] y10 = y[10];
        float[] y11 = y[11];
        float[] out = own.result;
        FloatBuffer dst = ws.bufs[s.out];
        for (int j = 0; j < images; j++) {
            for (int co = co0; co < co1; co++) {
                for (int ty = 0; ty < th; ty++) {
                    int oy = 2 * ty;
                    boolean down = oy + 1 < hout;
                    for (int tx = 0; tx < tw; tx++) {
                        int at = ((j * tilesReal) + ty * tw + tx) * cout + co;
                        int ox = 2 * tx;
                        int o = oy * wout + ox;
                        out[o] = y00[at];
                        boolean right = ox + 1 < wout;
                        if (right) {
                            out[o + 1] = y01[at];
                        }
                        if (down) {
                            out[o + wout] = y10[at];
                            if (right) {
                                out[o + wout + 1] = y11[at];
                            }
                        }
                    }
                }
                epilogue.finish(out, 0, outPlane, s.bias == null ? 0f : s.bias[co]);
                dst.put(((n0 + j) * cout + co) * outPlane, out, 0, outPlane);
            }
        }
    }

    /** {@link #runSplit}, on the heap: part p of the input channels' transforms, into the caller's V_eᵀ. */
    private final Workers.Task heapInputParts = this::heapInputPart;

    private void heapInputPart(Workers.Split a, int p, int slot) {
        Workspace.Lane t = a.laneOf(slot);
        int cin = g.cin();
        if (!heapInputs(a.ws.bufs[((ConvStep) a.step).in], a.image, 1, bound(cin, p, a.parts),
                bound(cin, p + 1, a.parts), t, a.lane.stage)) {
            t.nonFinite = true;
        }
    }

    /** {@link #runSplit}, on the heap: product p of the 16 × panels, into the caller's rows. */
    private final Workers.Task heapProductParts = this::heapProductPart;

    private void heapProductPart(Workers.Split a, int p, int slot) {
        heapProducts(a.lane.stage, tilesReal, a.lane.rows, p, p + 1);
    }

    /** {@link #runSplit}, on the heap: part p of the output channels, from the caller's transformed tiles. */
    private final Workers.Task heapOutputParts = this::heapOutputPart;

    private void heapOutputPart(Workers.Split a, int p, int slot) {
        heapOutputs((ConvStep) a.step, a.ws, a.laneOf(slot), a.lane.rows, a.image, 1, bound(g.cout(), p, a.parts),
                bound(g.cout(), p + 1, a.parts));
    }

    /*
     * Layout: the zero-padded input plane is split by row parity and column parity into four planes
     * P[rp][cp][ry·(tw+1) + cx] = padded[2ry + rp][2cx + cp] (wa[0 … 3]: P00, P01, P10, P11), so every value
     * of a tile's 4×4 input is one plane read at the tile's index plus a fixed offset: the transforms are
     * JavaKernels loops over tiles (on the Vector API, 16 tiles at a time in registers).
     */

    /**
     * Tile rows {@code ty0 … ty0+nr−1} of one input channel → V_e[(ty−ty0)·(tw+1) + tx] in wa[14 … 29];
     * false when those rows hold NaN or ±Inf.
     */
    private boolean inputTransform(FloatBuffer src, int from, int ty0, int nr, float[] raw, float[][] wa) {
        int h = g.h();
        int w = g.w();
        int ph = g.ph();
        int pw = g.pw();
        int tq = tw + 1;
        int np = (nr + 1) * tq;
        int nt = nr * tq;
        // padded rows 2·ty0 … 2·(ty0+nr)+1, i.e. input rows y0 … y1−1
        int y0 = Math.max(0, 2 * ty0 - ph);
        int y1 = Math.min(h, 2 * (ty0 + nr) + 2 - ph);
        boolean finite = true;
        if (y1 > y0) {
            src.get(from + y0 * w, raw, 0, (y1 - y0) * w);
            finite = kernels.finite(raw, 0, (y1 - y0) * w);
        }
        for (int p = 0; p < 4; p++) {
            Arrays.fill(wa[p], 0, np + 1, 0f);
        }
        // input column x is padded column x + pw: parity (x + pw) mod 2, plane column (x + pw) / 2
        int pe = pw & 1;
        for (int y = y0; y < y1; y++) {
            int py = y + ph - 2 * ty0;
            int base = (py >> 1) * tq;
            int rp = (py & 1) * 2;
            int r = (y - y0) * w;
            kernels.deinterleave(raw, r, w / 2, wa[rp + pe], base + (pw >> 1), wa[rp + 1 - pe], base + ((pw + 1) >> 1));
            if ((w & 1) != 0) {
                int px = w - 1 + pw;
                wa[rp + (px & 1)][base + (px >> 1)] = raw[r + w - 1];
            }
        }
        kernels.winogradInput(wa[0], wa[1], wa[2], wa[3], tq, wa, 14, nt);
        return finite;
    }

    /**
     * M_e in wa[14 … 29] for tile rows {@code ty0 … ty0+nr−1} of one output channel → lane.result: their
     * output rows (pooled when fused), from its start.
     */
    private void outputTransform(float[][] wa, Workspace.Lane lane, float bias, int ty0, int nr) {
        int tq = tw + 1;
        int nt = nr * tq;
        float[] y00 = wa[8];
        float[] y01 = wa[9];
        float[] y10 = wa[10];
        float[] y11 = wa[11];
        kernels.winogradOutput(wa, 14, nt, y00, y01, y10, y11);
        float[] out = lane.result;
        if (tilePool()) {
            // each 2×2 tile is one pool window: the max of its four outputs (+ bias, activation); NaN propagates
            kernels.max(y00, 0, y01, 0, nt);
            kernels.max(y10, 0, y11, 0, nt);
            kernels.max(y00, 0, y10, 0, nt);
            epilogue.finish(y00, 0, nt, bias);
            for (int ty = 0; ty < nr; ty++) {
                System.arraycopy(y00, ty * tq, out, ty * tw, tw);
            }
            return;
        }
        int wout = g.wout();
        int hout = g.hout();
        boolean pool = epilogue.pool() != null;
        if (!pool) {
            // bias and activation on the tiles' outputs, then straight into the output plane
            epilogue.finish(y00, 0, nt, bias);
            epilogue.finish(y01, 0, nt, bias);
            epilogue.finish(y10, 0, nt, bias);
            epilogue.finish(y11, 0, nt, bias);
        }
        // the conv plane (hout × wout): tile columns interleaved into rows, the odd last column alone
        float[] plane = pool ? lane.work : out;
        for (int ty = 0; ty < nr; ty++) {
            int t = ty * tq;
            int y = 2 * ty;
            kernels.interleave(y00, t, y01, t, wout / 2, plane, y * wout);
            if ((wout & 1) != 0) {
                plane[y * wout + wout - 1] = y00[t + tw - 1];
            }
            if (2 * ty0 + y + 1 < hout) {
                kernels.interleave(y10, t, y11, t, wout / 2, plane, (y + 1) * wout);
                if ((wout & 1) != 0) {
                    plane[(y + 1) * wout + wout - 1] = y10[t + tw - 1];
                }
            }
        }
        if (pool) {
            epilogue.apply(g, plane, wout, out, bias, lane.pool);
        }
    }
}
