package dev.lamina.backend.blas;

import java.nio.FloatBuffer;

/**
 * conv2d as one {@code cblas_sgemm} per block of images: weights {@code [Cout, Cin·kh·kw]} × im2col
 * {@code [Cin·kh·kw, images·L]}. Each input plane is split into its stride phases ({@link PhasePlanes}: the
 * zero-padded plane itself for stride 1, four planes for stride 2), so every im2col row is one contiguous
 * slice of one phase plane (one bulk copy, no gather): output column {@code q = oh·wq + ow}, the
 * {@code wq − Wout} extra columns per row computed and dropped. The {@link Epilogue} (bias, activation,
 * pool, compaction) reads the GEMM result one channel row at a time.
 */
final class Im2colLowering extends ConvLowering {
    private final PhasePlanes phases;
    /** Columns per image in the GEMM. */
    private final int l;
    /** Row stride of one channel's GEMM result: the phase planes' width. */
    private final int cw;
    /**
     * For the heap GEMM, which builds no im2col: where im2col row {@code ci·kh·kw + t} starts among one image's
     * phase planes, laid out channel after channel ({@link PhasePlanes#total} floats each).
     */
    private final int[] rowAt;
    private final JavaKernels kernels = JavaKernels.get();
    /**
     * Whether each image's GEMM runs on the heap over its phase planes, read in place ({@link #inPlace}): an
     * ungrouped conv too large for the staged blocks, on the Vector API kernels.
     */
    private final boolean inPlace;
    /** Taps per input channel, {@code kh·kw}. */
    private final int taps;
    /**
     * In place on small maps with many filters ({@link #panels}): the product turned around, {@code Yᵀ [L, Cout]
     * = im2colᵀ × Wᵀ}, the output pixels as rows read in place down the im2col rows, the filters in vectors,
     * Wᵀ packed once into panels of {@link JavaKernels#panelWidth} filters (and narrow ones: {@link Panels}).
     * Null otherwise.
     */
    private final float[] packed;
    private final Panels panels;
    /**
     * In place, unpooled, on a product too large for L2 ({@link #BANDED_ABOVE}): output rows per band of the
     * banded GEMM ({@link #inBands}); 0 when not banded.
     */
    private final int bandRows;
    /**
     * Whether the staged heap GEMM computes only the real output columns, two output rows per vector
     * ({@link JavaKernels#gemmRowPairs}, where {@link JavaKernels#rowPairTiles} has tiles for its width and
     * filters; an even number of rows): its product is then dense, {@code hout · wout} columns per image instead
     * of {@code hout · cw}.
     */
    private final boolean rowPairs;
    /** {@link #rowAt} shifted to each band's first column ({@code band · bandRows · cw}); null when not banded. */
    private final int[][] bandRowAt;
    /**
     * The weights as {@link JavaKernels#tileRows} lays them out, for the heap GEMMs over rows of filters (in
     * place by rows or by bands, and the staged blocks); null where none runs, and for a lowering that only
     * stands by, which reads the step's plain weights ({@link ConvLowering#filterRows}).
     */
    private final float[] tiles;

    /**
     * {@code weights} ({@code [Cout, K]}, as {@link ConvStep#weightHeap}) lets the in-place GEMM pack its
     * panels; null for a lowering that only stands by (Winograd's fallback for non-finite inputs).
     */
    Im2colLowering(ConvGeometry g, Epilogue epilogue, float[] weights) {
        super(g, epilogue);
        phases = new PhasePlanes(g);
        cw = phases.wq;
        l = phases.columns();
        long planes = (long) g.cin() * phases.total();
        inPlace = JavaKernels.get().fastGemm() && g.groups() == 1 && (long) g.k() * l > BlasPlan.IM2COL_BUDGET
                && planes <= IN_PLACE_FLOATS && (long) g.cout() * l <= IN_PLACE_FLOATS
                && !"false".equals(System.getProperty(IN_PLACE));
        taps = g.kh() * g.kw();
        rowAt = new int[g.k()];
        for (int ci = 0; ci < g.cin(); ci++) {
            for (int t = 0; t < taps; t++) {
                rowAt[ci * taps + t] = Math.addExact(Math.multiplyExact(ci, phases.total()), phases.tap(t));
            }
        }
        int w = kernels.panelWidth();
        if (inPlace && weights != null && panels(g, l, w)) {
            panels = Panels.of(g.cout(), g.k(), w, kernels.narrowPanelWidth());
            packed = new float[panels.size()];
            panels.pack(weights, packed, 0);
        } else {
            panels = null;
            packed = null;
        }
        rowPairs = !inPlace && rowPairsFit(g, cw);
        bandRows = inPlace && packed == null && epilogue.pool() == null && (long) g.cout() * l > BANDED_ABOVE
                && !"false".equals(System.getProperty(BANDS)) ? Math.max(1, BAND_FLOATS / (g.cout() * cw)) : 0;
        if (bandRows > 0) {
            bandRowAt = new int[(g.hout() + bandRows - 1) / bandRows][];
            for (int band = 0; band < bandRowAt.length; band++) {
                int shift = Math.multiplyExact(band * bandRows, cw);
                bandRowAt[band] = new int[rowAt.length];
                for (int r = 0; r < rowAt.length; r++) {
                    bandRowAt[band][r] = Math.addExact(rowAt[r], shift);
                }
            }
        } else {
            bandRowAt = null;
        }
        tiles = tiledWeights(weights, inPlace && packed == null || g.cout() <= HEAP_GEMM_ROWS);
    }

    /**
     * Floats of an unpooled in-place product above which it runs in bands ({@link #inBands}): 512 KiB, half
     * of Zen 4's L2 — MobileNetV2's and EfficientNet's stems ({@code [32 × 27] × [27 × 12656]}, 1.6 MB).
     */
    static final long BANDED_ABOVE = 1L << 17;
    /** Floats of one band's product ({@link #inBands}): 128 KiB, in L2 with the planes' rows it reads. */
    static final int BAND_FLOATS = 1 << 15;
    /**
     * Whether the staged heap GEMM of this conv computes two output rows at a time without padding columns
     * ({@link #rowPairs}): vector tiles for its width and filters ({@link JavaKernels#rowPairTiles}), an even
     * number of rows (at least four), padding columns to save ({@code cw}: the phase planes' width).
     */
    static boolean rowPairsFit(ConvGeometry g, int cw) {
        return JavaKernels.get().rowPairTiles(g.wout(), g.cout()) && g.groups() == 1 && g.hout() % 2 == 0
                && g.hout() >= 4 && cw > g.wout() && !"false".equals(System.getProperty(ROW_PAIRS));
    }

    /**
     * Whether this conv, which the parity layout fits, runs on the staged heap GEMM with row pairs instead
     * (LeNet's conv1, 6 filters on 24-wide rows: its parity blocks computed 768 columns per image for 576
     * outputs, in six-filter tiles on two vectors): one image's im2col within the staging, few enough filters
     * for the heap GEMM, and the 2×2 pool fused (over the dense rows, as for conv2).
     */
    static boolean rowPairsOverParity(ConvGeometry g, Epilogue epilogue) {
        PhasePlanes phases = new PhasePlanes(g);
        return epilogue.pool2x2() && g.cout() <= HEAP_GEMM_ROWS && rowPairsFit(g, phases.wq)
                && (long) g.k() * phases.columns() <= BlasPlan.IM2COL_BUDGET;
    }

    /** Measuring switch: {@code -Dlamina.blas.rowPairs=false} computes the padding columns too (read when a plan is built). */
    static final String ROW_PAIRS = "lamina.blas.rowPairs";
    /** Measuring switch: {@code -Dlamina.blas.convBands=false} keeps the whole-image product (read when a plan is built). */
    static final String BANDS = "lamina.blas.convBands";

    /**
     * Whether the in-place GEMM turns around ({@link #packed}): on few columns ({@code l} at most
     * {@link #PANEL_COLUMNS}), where the filters-as-rows tiles compute many columns twice or run on narrow
     * panels (ResNet-18's layer4.0.conv1: 56 columns in panels of 32, 65–75 GFLOP/s; turned around 2.15 →
     * 1.49 ms in the network, one thread), and with filters that fill panels of {@code w} to at least 8/9 (at
     * least two panels, a multiple of 16). At 812 columns (layer2.0.conv1) turning made no difference measured.
     */
    static boolean panels(ConvGeometry g, int l, int w) {
        return w > 0 && l <= PANEL_COLUMNS && g.cout() >= 2 * w && g.cout() % 16 == 0;
    }

    /** Most columns per image for {@link #panels}. */
    static final int PANEL_COLUMNS = 256;

    /** Whether the in-place GEMM runs turned around, on packed panels of filters (for tests). */
    boolean turned() {
        return packed != null;
    }

    /** Most floats of an image's phase planes, and of its GEMM result, for {@link #inPlace} (4 MB each). */
    static final long IN_PLACE_FLOATS = 1L << 20;
    /**
     * Measuring switch: {@code -Dlamina.blas.inPlaceGemm=false} runs large im2col convs through OpenBLAS over a
     * native im2col, as before (read when a plan is built).
     */
    static final String IN_PLACE = "lamina.blas.inPlaceGemm";

    @Override
    int columns() {
        return l;
    }

    // in place: no native im2col, no native result
    @Override
    boolean nativeScratch() {
        return !inPlace;
    }

    @Override
    boolean usesGemm() {
        return !inPlace;
    }

    /** Whether each image's GEMM runs on the heap in place (for tests). */
    boolean inPlace() {
        return inPlace;
    }

    /** Whether the staged heap GEMM computes two output rows per vector (for tests; used only on the heap path). */
    boolean rowPairs() {
        return rowPairs;
    }

    /** Output rows per band of the in-place GEMM, 0 when it is not banded (for tests). */
    int bandRows() {
        return bandRows;
    }

    @Override
    void scratchNeeds(Scratch.Needs needs) {
        // input: the phase planes; work: the raw plane (strides above 1) and one channel's GEMM row
        needs.input(phases.total()).work(Math.max(g.inputPlane(), l));
        if (inPlace) {
            // input: every channel's phase planes; product: the image's GEMM result
            needs.input((long) g.cin() * phases.total());
            if (bandRows > 0) {
                needs.product((long) g.cout() * bandRows * cw); // one band's product per lane
            } else {
                needs.product((long) g.cout() * l).result(epilogue.outPlane());
            }
            return;
        }
        stageNeeds(needs);
    }

    /**
     * One image on the heap, its im2col never built: every channel's phase planes split into {@code lane.input},
     * then {@link JavaKernels#gemm} reads each im2col row in place as a slice of them (row {@code ci·kh·kw + t} at
     * {@link #rowAt}), all filters at once (for cores of {@code threads}: row blocks of filters, the same sums),
     * into {@code lane.product}; then the epilogue by channel. OpenBLAS over a native im2col ran ResNet-18's
     * 7×7/2 stem ([64 × 147] × [147 × 12880]) in 1.3 ms of im2col and 3.6 of GEMM in the network, the Java
     * kernel reads ~2.4 MB of planes in place at ~120 GFLOP/s (2.0 ms measured alone).
     */
    private void inPlace(ConvStep s, Workspace ws, Workspace.Lane lane, int n, int threads) {
        int cin = g.cin();
        int cout = g.cout();
        int hw = g.inputPlane();
        int total = phases.total();
        if ((long) (n + 1) * g.inputSample() > ws.bufs[s.in].capacity()
                || (long) (n + 1) * cout * epilogue.outPlane() > ws.bufs[s.out].capacity()
                || lane.input.length < cin * total
                || lane.product.length < (bandRows > 0 ? cout * bandRows * cw : cout * l)) {
            throw new IllegalStateException(s.name + ": buffers too small for image " + n + " (internal error)");
        }
        int splitParts = partsOf(cin, threads);
        Workers.forEach(threads, splitParts, splitPlanes, Workers.split().of(s, ws, lane, n, splitParts, threads));
        if (bandRows > 0) {
            Workers.forEach(threads, bandRowAt.length, inBands,
                    Workers.split().of(s, ws, lane, n, bandRowAt.length, threads));
            return;
        }
        if (packed != null) {
            Workers.forEach(threads, panels.count(), gemmPanels,
                    Workers.split().of(s, ws, lane, n, panels.count(), threads));
        } else {
            int rowParts = threads <= 1 ? 1 : Math.max(1, Math.min(threads * 2, cout / IN_PLACE_ROWS));
            Workers.forEach(threads, rowParts, gemmRows, Workers.split().of(s, ws, lane, n, rowParts, threads));
        }
        int chParts = partsOf(cout, threads);
        Workers.forEach(threads, chParts, finishChannels, Workers.split().of(s, ws, lane, n, chParts, threads));
    }

    /** {@link #inPlace}, part p of the input channels: their phase planes into the caller's {@code input}. */
    private final Workers.Task splitPlanes = this::splitPlanesPart;

    private void splitPlanesPart(Workers.Split a, int p, int slot) {
        Workspace.Lane t = a.laneOf(slot);
        FloatBuffer src = a.ws.bufs[((ConvStep) a.step).in];
        int cin = g.cin();
        for (int ci = bound(cin, p, a.parts); ci < bound(cin, p + 1, a.parts); ci++) {
            phases.split(src, (a.image * cin + ci) * g.inputPlane(), t.work, a.lane.input, ci * phases.total());
        }
    }

    /** {@link #inPlace}, part p: a block of filters' rows of the GEMM, into the caller's {@code product}. */
    private final Workers.Task gemmRows = this::gemmRowsPart;

    private void gemmRowsPart(Workers.Split a, int p, int slot) {
        int cout = g.cout();
        // parts of whole tiles of filters (the tiled weights' layout)
        int i0 = tileBound(cout, p, a.parts);
        int i1 = tileBound(cout, p + 1, a.parts);
        filterRows((ConvStep) a.step, tiles, i0, i1 - i0, a.lane.input, rowAt, l, a.lane.product, i0 * l, l);
    }

    /** {@link #inPlace} turned around, part p: panel p of the filters, into the caller's {@code product} ({@code [L, Cout]}). */
    private final Workers.Task gemmPanels = this::gemmPanelsPart;

    private void gemmPanelsPart(Workers.Split a, int p, int slot) {
        kernels.gemmPanel(a.lane.input, 0, rowAt, l, g.k(), packed, panels.offset(p), panels.width(p), a.lane.product,
                panels.at(p), g.cout());
    }

    /**
     * {@link #inPlace} by bands of {@link #bandRows} output rows, band p: all filters' GEMM over the band's
     * columns into this thread's {@code product} ({@code [Cout, rows · cw]}, 128 KiB), then each channel's bias and
     * activation in place and its rows straight into the output — the product is finished while in L2 instead
     * of written whole (1.6 MB for a 112×112 stem) and read back. Each output is the same chain of fused
     * multiply-adds in k order ({@link JavaKernels#gemm}), then the same epilogue: the same values as unbanded.
     */
    private final Workers.Task inBands = this::bandPart;

    private void bandPart(Workers.Split a, int p, int slot) {
        ConvStep s = (ConvStep) a.step;
        float[] product = a.laneOf(slot).product;
        FloatBuffer dst = a.ws.bufs[s.out];
        int cout = g.cout();
        int wout = g.wout();
        int r0 = p * bandRows;
        int rows = Math.min(g.hout(), r0 + bandRows) - r0;
        int nb = rows * cw;
        filterRows(s, tiles, 0, cout, a.lane.input, bandRowAt[p], nb, product, 0, nb);
        int outPlane = epilogue.outPlane();
        for (int co = 0; co < cout; co++) {
            int from = co * nb;
            // the extra columns of each row (cw − wout) are finished too, and dropped
            epilogue.finish(product, from, from + nb, s.bias == null ? 0f : s.bias[co]);
            int at = (a.image * cout + co) * outPlane + r0 * wout;
            if (cw == wout) {
                dst.put(at, product, from, nb);
            } else {
                for (int r = 0; r < rows; r++) {
                    dst.put(at + r * wout, product, from + r * cw, wout);
                }
            }
        }
    }

    /** {@link #inPlace}, part p of the output channels: the epilogue from the caller's {@code product}. */
    private final Workers.Task finishChannels = this::finishChannelsPart;

    private void finishChannelsPart(Workers.Split a, int p, int slot) {
        ConvStep s = (ConvStep) a.step;
        Workspace.Lane t = a.laneOf(slot);
        FloatBuffer dst = a.ws.bufs[s.out];
        int cout = g.cout();
        int outPlane = epilogue.outPlane();
        float[] product = a.lane.product;
        for (int co = bound(cout, p, a.parts); co < bound(cout, p + 1, a.parts); co++) {
            float b = s.bias == null ? 0f : s.bias[co];
            if (packed != null) {
                for (int q = 0; q < l; q++) {
                    t.work[q] = product[q * cout + co];
                }
                epilogue.apply(g, t.work, cw, t.result, b, t.pool);
            } else {
                // the channel's row of the product read in place (the epilogue only reads it)
                epilogue.apply(g, product, co * l, cw, t.result, b, t.pool);
            }
            dst.put((a.image * cout + co) * outPlane, t.result, 0, outPlane);
        }
    }

    /** Fewest filters per row block of a split {@link #inPlace} GEMM. */
    static final int IN_PLACE_ROWS = 16;

    @Override
    void run(ConvStep s, Workspace ws, Workspace.Lane lane, int n0, int m) {
        if (inPlace) {
            for (int n = n0; n < n0 + m; n++) {
                inPlace(s, ws, lane, n, 1);
            }
            return;
        }
        int ldb = m * l;
        checkBuffers(s, ws, lane, n0, m, ldb);
        FloatBuffer src = ws.bufs[s.in];
        FloatBuffer b = lane.bBuf;
        float[] plane = lane.input;
        float[] raw = lane.work;
        int cin = g.cin();
        int cout = g.cout();
        int kh = g.kh();
        int kw = g.kw();
        int k = g.k();
        int hw = g.inputPlane();
        int outPlane = epilogue.outPlane();
        float[] bias = s.bias;
        // small blocks are assembled on the heap (System.arraycopy) and copied out once
        float[] stage = (long) k * ldb <= lane.stage.length ? lane.stage : null;
        FloatBuffer c = lane.cBuf;
        FloatBuffer dst = ws.bufs[s.out];
        boolean staged = stage != null && (long) cout * ldb <= stage.length
                && (long) m * cout * outPlane <= lane.outStage.length;
        boolean heap = staged && heapGemm(lane, ldb, stage) && (long) cin * phases.total() <= stage.length;
        // the heap product's columns per image and its row stride: dense with row pairs, else on the phase width
        int pl = heap && rowPairs ? g.hout() * g.wout() : l;
        int ps = heap && rowPairs ? g.wout() : cw;
        int pld = m * pl;
        if (heap) {
            // the GEMM reads each im2col row in place, a slice of the image's phase planes: none is built
            for (int j = 0; j < m; j++) {
                int n = n0 + j;
                for (int ci = 0; ci < cin; ci++) {
                    phases.split(src, (n * cin + ci) * hw, raw, stage, ci * phases.total());
                }
                if (rowPairs) {
                    kernels.gemmRowPairs(s.weightHeap(), 0, cout, k, stage, rowAt, g.hout(), cw, g.wout(),
                            lane.product, j * pl, pld);
                } else {
                    filterRows(s, tiles, 0, cout, stage, rowAt, l, lane.product, j * pl, pld);
                }
            }
        } else {
            for (int j = 0; j < m; j++) {
                int n = n0 + j;
                for (int ci = 0; ci < cin; ci++) {
                    phases.split(src, (n * cin + ci) * hw, raw, plane, 0);
                    int row0 = ci * kh * kw;
                    for (int t = 0; t < kh * kw; t++) {
                        int at = (row0 + t) * ldb + j * l;
                        if (stage != null) {
                            System.arraycopy(plane, phases.tap(t), stage, at, l);
                        } else {
                            b.put(at, plane, phases.tap(t), l);
                        }
                    }
                }
            }
            multiply(s, lane, ldb, stage);
        }
        if (heap && epilogue.pool2x2()) {
            poolBlock(s, lane, m, pl, ps, stage);
            dst.put(n0 * cout * outPlane, lane.outStage, 0, m * cout * outPlane);
            return;
        }
        if (staged) {
            // small blocks: the whole GEMM result in (or already on the heap), every output of the block out
            float[] cs = heap ? lane.product : stage;
            if (!heap) {
                c.get(0, stage, 0, cout * ldb);
            }
            float[] os = lane.outStage;
            for (int j = 0; j < m; j++) {
                for (int co = 0; co < cout; co++) {
                    System.arraycopy(cs, co * pld + j * pl, raw, 0, pl);
                    epilogue.apply(g, raw, ps, lane.result, bias == null ? 0f : bias[co], lane.pool);
                    System.arraycopy(lane.result, 0, os, (j * cout + co) * outPlane, outPlane);
                }
            }
            dst.put(n0 * cout * outPlane, os, 0, m * cout * outPlane);
            return;
        }
        for (int j = 0; j < m; j++) {
            int n = n0 + j;
            for (int co = 0; co < cout; co++) {
                c.get(co * ldb + j * l, raw, 0, l);
                epilogue.apply(g, raw, cw, lane.result, bias == null ? 0f : bias[co], lane.pool);
                dst.put((n * cout + co) * outPlane, lane.result, 0, outPlane);
            }
        }
    }

    /**
     * The fused 2×2/2 max-pool of a whole heap block at once ({@code lane.product}, {@code [cout, m·per]}: {@code
     * per} columns per image, its rows {@code stride} apart — {@code hout · cw} and {@code cw}, or {@code hout ·
     * wout} and {@code wout} with {@link #rowPairs}; the im2col stage is free again and holds the first maxima):
     * {@link Epilogue#windowMaxima} in two passes over every channel of every image, instead of two small passes
     * per channel (LeNet's conv2: 16 channels of 8 × 8 per image); window {@code (oy, ox)} of a channel is the
     * maximum at {@code 2·oy·stride + 2·ox} from its start, picked with the bias added, then the activation over
     * the block. The same operations on the same values as {@link Epilogue#apply}.
     */
    private void poolBlock(ConvStep s, Workspace.Lane lane, int m, int per, int stride, float[] stage) {
        int ldb = m * per;
        int cout = g.cout();
        int outH = epilogue.outH();
        int outW = epilogue.outW();
        int outPlane = epilogue.outPlane();
        float[] p = lane.product;
        float[] os = lane.outStage;
        float[] bias = s.bias;
        Epilogue.windowMaxima(p, stride, cout * ldb - stride, stage, p, 0);
        for (int j = 0; j < m; j++) {
            for (int co = 0; co < cout; co++) {
                int base = co * ldb + j * per;
                int d = (j * cout + co) * outPlane;
                float b = bias == null ? 0f : bias[co];
                for (int oy = 0; oy < outH; oy++) {
                    int r = base + 2 * oy * stride;
                    for (int ox = 0; ox < outW; ox++) {
                        os[d + oy * outW + ox] = p[r + 2 * ox] + b;
                    }
                }
            }
        }
        if (epilogue.act() != null) {
            epilogue.act().apply(os, 0, m * cout * outPlane);
        }
    }

    @Override
    boolean splittable() {
        return true;
    }

    /**
     * One image across threads: its im2col built by rows (each thread splits its rows' planes on its own
     * lane, into the caller's native B), the GEMM in {@link #multiplySplit}'s parts, then the
     * epilogue by output channel. The same values reach the GEMM as in {@link #run} (whose heap staging only
     * moves them), and {@link Gemm#nnPart} sums each output as one call does.
     */
    @Override
    void runSplit(ConvStep s, Workspace ws, Workspace.Lane lane, int n, int threads) {
        if (inPlace) {
            inPlace(s, ws, lane, n, threads);
            return;
        }
        int ldb = l;
        if (heapGemm(lane, ldb, (long) g.k() * ldb <= lane.stage.length ? lane.stage : null)
                && (long) g.cout() * ldb <= lane.stage.length && (long) g.cout() * epilogue.outPlane() <= lane.outStage.length) {
            run(s, ws, lane, n, 1); // a small GEMM on the heap, as on one thread
            return;
        }
        checkBuffers(s, ws, lane, n, 1, ldb);
        int inParts = byChannel(threads) ? partsOf(g.cin(), threads) : Math.min(g.cin() * taps, 2 * threads);
        Workers.forEach(threads, inParts, im2colRows, Workers.split().of(s, ws, lane, n, inParts, threads));
        multiplySplit(s, ws, lane, threads);
        int outParts = partsOf(g.cout(), threads);
        Workers.forEach(threads, outParts, finishNative, Workers.split().of(s, ws, lane, n, outParts, threads));
    }

    /**
     * {@link #runSplit}'s im2col by rows (channel · taps + tap), whole channels when there are many: a part
     * splits the planes of the channels its rows come from, so a stem with 3 input channels splits evenly too
     * (2 parts per thread, each splitting one or two planes).
     */
    private boolean byChannel(int threads) {
        return g.cin() >= threads * PARTS_PER_THREAD;
    }

    /** {@link #runSplit}, part p of the im2col rows, into the caller's native B. */
    private final Workers.Task im2colRows = this::im2colRowsPart;

    private void im2colRowsPart(Workers.Split a, int p, int slot) {
        Workspace.Lane t = a.laneOf(slot);
        FloatBuffer src = a.ws.bufs[((ConvStep) a.step).in];
        FloatBuffer b = a.lane.bBuf;
        int cin = g.cin();
        int rows = cin * taps;
        boolean byChannel = byChannel(a.threads);
        int split = -1;
        int end = byChannel ? bound(cin, p + 1, a.parts) * taps : bound(rows, p + 1, a.parts);
        for (int row = byChannel ? bound(cin, p, a.parts) * taps : bound(rows, p, a.parts); row < end; row++) {
            int ci = row / taps;
            if (ci != split) {
                phases.split(src, (a.image * cin + ci) * g.inputPlane(), t.work, t.input, 0);
                split = ci;
            }
            b.put(row * l, t.input, phases.tap(row - ci * taps), l);
        }
    }

    /** {@link #runSplit}, part p of the output channels: the epilogue from the caller's native C. */
    private final Workers.Task finishNative = this::finishNativePart;

    private void finishNativePart(Workers.Split a, int p, int slot) {
        ConvStep s = (ConvStep) a.step;
        Workspace.Lane t = a.laneOf(slot);
        FloatBuffer c = a.lane.cBuf;
        FloatBuffer dst = a.ws.bufs[s.out];
        int cout = g.cout();
        int outPlane = epilogue.outPlane();
        for (int co = bound(cout, p, a.parts); co < bound(cout, p + 1, a.parts); co++) {
            c.get(co * l, t.work, 0, l);
            epilogue.apply(g, t.work, cw, t.result, s.bias == null ? 0f : s.bias[co], t.pool);
            dst.put((a.image * cout + co) * outPlane, t.result, 0, outPlane);
        }
    }
}
