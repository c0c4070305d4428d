package dev.lamina.backend.blas;

import java.nio.FloatBuffer;

/**
 * A 1×1 conv of stride 1 without padding, not followed by a fused pool: each image's input {@code [Cin, H·W]}
 * already is the GEMM's B, so there is no im2col copy — per group, {@code Y_j [Cout/groups, H·W] =
 * W_j [Cout/groups, Cin/groups] × X_j [Cin/groups, H·W]}, read from the input buffer and written straight
 * into the output buffer. The columns are taken in blocks small enough for OpenBLAS's small-matrix path
 * ({@link Gemm#piece}); right after each block's GEMM, while the block is still in cache, the
 * {@link Epilogue} (bias, activation) runs over it in place, one row of the block at a time (none at all
 * without bias and activation).
 */
final class PointwiseLowering extends ConvLowering {
    /** Columns per block. */
    private final int block;
    /**
     * Which side is channels-last ({@code [H·W, C]} per image), for the convs around a depthwise conv that
     * runs so ({@link DepthwiseChannelsLastLowering}): the output (an expand conv, whose epilogue its reader
     * applies) or the input (a project conv); each one {@code cblas_sgemm} per pixel block
     * ({@link Gemm#channelsLastOut}, {@link Gemm#channelsLastIn}) per block of {@link Gemm.LastCut}, ungrouped.
     */
    private final boolean lastIn;
    private final boolean lastOut;
    /** The blocks of a channels-last product, by its shape ({@link Gemm.LastCut}). */
    private final Gemm.LastCut cut;
    /**
     * An expand conv (channels-last out) on the heap, on the Java kernels' panels ({@link #heapFits}): each
     * image's planes copied in once, then for each block of {@link #HEAP_PIXELS} pixels {@code Y [pixels, Cout]
     * = Xᵀ × Wᵀ} by {@link JavaKernels#gemmPanel} — the pixels as rows read down the input planes in place, the
     * filters in vectors, packed in {@link Panels} ({@code panels}) — and the block written out while in
     * cache. Null otherwise (OpenBLAS, {@link Gemm#channelsLastOut}).
     */
    private final float[] packed;
    private final Panels panels;
    /**
     * Whether {@link #packed} serves a conv with planes on both sides instead ({@link #planesHeapFits}: a small
     * map, MobileNetV2's features.18): {@code Y [pixels, Cout]} the same way, then each output channel's slice
     * through the epilogue into its plane, as a project conv writes its planes.
     */
    private final boolean planesHeap;
    private final int w;
    private final JavaKernels kernels = JavaKernels.get();
    /** Where input channel {@code ci}'s plane starts among an image's copied planes: {@code ci · H·W}. */
    private final int[] planeAt;
    /**
     * A project conv (channels-last in, planes out) on the heap ({@link #heapInFits}): per block of {@link #HEAP_PIXELS} pixels their channels-last rows copied in,
     * {@code Y [pixels, Cout] = X × Wᵀ} by {@link JavaKernels#gemm} (B's rows the rows of {@code wt = Wᵀ
     * [Cin, Cout]}, at {@code wtRowAt}), then each output channel's slice through the epilogue into its plane.
     * Null otherwise (OpenBLAS, {@link Gemm#channelsLastIn}).
     */
    private final float[] wt;
    private final int[] wtRowAt;
    /**
     * The project conv's {@code Wᵀ} packed in panels of {@code w} filters and narrow ones ({@link Panels}: each
     * panel's {@code Cin} rows of its width one after the other, {@code projectLayout}) where the GEMM's wide tiles
     * suit the filters ({@link #projectPanels}), and where row {@code t} of panel {@code p} starts; else null,
     * and the GEMM reads the rows of {@link #wt}, {@code Cout} floats apart.
     */
    private final float[] projectPanels;
    private final Panels projectLayout;
    private final int[][] projectRowAt;

    /**
     * {@code weights} ({@code [Cout, Cin]}) lets a heap path pack its panels or {@code Wᵀ} (null: OpenBLAS
     * only).
     */
    PointwiseLowering(ConvGeometry g, Epilogue epilogue, boolean lastIn, boolean lastOut, float[] weights) {
        super(g, epilogue);
        if (!fits(g, epilogue)) {
            throw new IllegalArgumentException("pointwise lowering for " + g.conv() + " with " + epilogue);
        }
        if ((lastIn || lastOut) && (g.groups() > 1 || lastIn && lastOut)) {
            throw new IllegalArgumentException("a channels-last pointwise conv has one group and one channels-last "
                    + "side, not " + g.conv());
        }
        if (lastOut && epilogue.act() != null) {
            throw new IllegalArgumentException("a channels-last output leaves its activation to its reader");
        }
        this.lastIn = lastIn;
        this.lastOut = lastOut;
        block = Gemm.piece(g.coutGroup(), g.inputPlane(), g.cinGroup());
        cut = Gemm.LastCut.of(g.inputPlane(), g.cout(), g.macsPerImage());
        w = kernels.panelWidth();
        boolean heapOn = weights != null && !"false".equals(System.getProperty(HEAP_PROPERTY));
        planesHeap = heapOn && !lastIn && !lastOut && planesHeapFits(g, w);
        if (heapOn && (lastOut && heapFits(g, w) || planesHeap)) {
            int cin = g.cin();
            panels = Panels.of(g.cout(), cin, w, kernels.narrowPanelWidth());
            packed = new float[panels.size()];
            panels.pack(weights, packed, 0);
            planeAt = new int[cin];
            for (int ci = 0; ci < cin; ci++) {
                planeAt[ci] = Math.multiplyExact(ci, g.inputPlane());
            }
        } else {
            packed = null;
            panels = null;
            planeAt = null;
        }
        if (heapOn && lastIn && heapInFits(g, w)) {
            int cin = g.cin();
            int cout = g.cout();
            wt = new float[Math.multiplyExact(cin, cout)];
            wtRowAt = new int[cin];
            for (int ci = 0; ci < cin; ci++) {
                wtRowAt[ci] = ci * cout;
                for (int co = 0; co < cout; co++) {
                    wt[ci * cout + co] = weights[co * cin + ci];
                }
            }
        } else {
            wt = null;
            wtRowAt = null;
        }
        if (wt != null && projectPanels(g.cout(), w)) {
            int cin = g.cin();
            projectLayout = Panels.of(g.cout(), cin, w, kernels.narrowPanelWidth());
            projectPanels = new float[projectLayout.size()];
            projectLayout.pack(weights, projectPanels, 0);
            projectRowAt = new int[projectLayout.count()][cin];
            for (int p = 0; p < projectLayout.count(); p++) {
                for (int t = 0; t < cin; t++) {
                    projectRowAt[p][t] = Math.addExact(projectLayout.offset(p),
                            Math.multiplyExact(t, projectLayout.width(p)));
                }
            }
        } else {
            projectLayout = null;
            projectPanels = null;
            projectRowAt = null;
        }
    }

    /**
     * Whether a heap project conv of {@code cout} filters reads {@code Wᵀ} in panels of {@code w}: at least one
     * panel, and the filters the panels compute (the last one overlapping) at most 5/4 of those of two-vector
     * tiles — the rule of the GEMM's own wide tiles, which a panel always takes (MobileNetV2's 96, 160 and 320
     * filters; not 64). Then each tile reads its B rows one after the other instead of {@code Cout} floats
     * apart (960 rows of 1280 bytes for features.17: every row a new page's worth of stride). Measured in
     * MobileNetV2 (batch 1, one thread): see backend-blas/README.
     */
    static boolean projectPanels(int cout, int w) {
        if (w <= 0 || cout < w) {
            return false;
        }
        int two = 2 * w / 3;
        return 4L * w * ((cout + w - 1) / w) <= 5L * two * ((cout + two - 1) / two);
    }

    /** Whether this project conv reads its weights in panels (for tests). */
    boolean projectInPanels() {
        return projectPanels != null;
    }

    /**
     * Whether an expand conv runs on the heap ({@link #packed}): panels there ({@code w > 0}), filters in
     * whole panels (MobileNetV2's 96 … 960 are multiples of 48) and a small map (at most {@link #HEAP_PLANE}
     * pixels). Measured in MobileNetV2 (batch 1, one thread, against OpenBLAS): 7×7 maps 0.33 → 0.21 ms,
     * 14×14 0.31 → 0.26 and 0.143 → 0.122, 28×28 0.137 → 0.133; larger maps slower (56×56 0.32 → 0.35,
     * 112×112 0.72 → 0.88: the outputs pass through the heap block on their way out).
     */
    static boolean heapFits(ConvGeometry g, int w) {
        return w > 0 && g.cout() % w == 0 && g.inputPlane() <= HEAP_PLANE;
    }

    /**
     * Whether a project conv runs on the heap ({@link #wt}): as {@link #heapFits}, with any number of filters
     * from two vectors on ({@code w / 3} floats each; fewer would run the GEMM's scalar loops). Measured in
     * MobileNetV2 (batch 1, one thread, against OpenBLAS): see backend-blas/README.
     */
    static boolean heapInFits(ConvGeometry g, int w) {
        return w > 0 && g.cout() >= 2 * (w / 3) && g.inputPlane() <= HEAP_PLANE;
    }

    /**
     * Whether a conv with planes on both sides runs on the heap ({@link #planesHeap}): panels there, a panel of
     * filters or more (the last one may overlap), one ungrouped pixel block ({@link #HEAP_PIXELS}: a 7×7 map).
     * OpenBLAS runs such products ([1280 × 320] × [320 × 49], MobileNetV2's features.18) at ~90 GFLOP/s.
     * Measured in MobileNetV2 (batch 1, one thread): see backend-blas/README.
     */
    static boolean planesHeapFits(ConvGeometry g, int w) {
        return w > 0 && g.groups() == 1 && g.cout() >= w && g.inputPlane() <= HEAP_PIXELS
                && !"false".equals(System.getProperty(PLANES_HEAP));
    }

    /** Measuring switch: {@code -Dlamina.blas.planesHeap=false} keeps such convs on OpenBLAS. */
    static final String PLANES_HEAP = "lamina.blas.planesHeap";

    /** Most pixels per map for {@link #heapFits}: 28 × 28. */
    static final int HEAP_PLANE = 784;

    /** Pixels per block of a heap expand conv (their {@code Cout} outputs stay in L2 until written out). */
    static final int HEAP_PIXELS = 64;

    /** Measuring switch: {@code -Dlamina.blas.pointwiseHeap=false} keeps every expand conv on OpenBLAS. */
    static final String HEAP_PROPERTY = "lamina.blas.pointwiseHeap";

    /** Whether this expand or project conv runs on the heap (for tests). */
    boolean heap() {
        return packed != null || wt != null;
    }

    /** A 1×1 kernel, stride 1, no padding, no fused pool (dilation does not matter for a 1×1 kernel). */
    static boolean fits(ConvGeometry g, Epilogue epilogue) {
        return g.kh() == 1 && g.kw() == 1 && g.contiguous() && g.conv().padding().isZero() && epilogue.pool() == null;
    }

    @Override
    int columns() {
        return g.inputPlane();
    }

    // no im2col and no GEMM scratch: the GEMMs read the input buffer and write the output buffer
    @Override
    boolean nativeScratch() {
        return false;
    }

    @Override
    void scratchNeeds(Scratch.Needs needs) {
        needs.work(workLength());
        if (packed != null) {
            // input: an image's planes; work: one block's outputs (result: one channel's slice, planes out)
            needs.input(g.inputSample()).work((long) HEAP_PIXELS * g.cout());
            if (planesHeap) {
                needs.result(HEAP_PIXELS);
            }
        }
        if (wt != null) {
            // input: a block's channels-last rows; work: its outputs; result: one channel's slice
            needs.input((long) HEAP_PIXELS * g.cin()).work((long) HEAP_PIXELS * g.cout()).result(HEAP_PIXELS);
        }
    }

    /** Floats of a lane's work row: a column block's, or for a channels-last input a whole pixel block's. */
    private int workLength() {
        return lastIn ? Math.max(block, g.inputPlane()) : block;
    }

    @Override
    void run(ConvStep s, Workspace ws, Workspace.Lane lane, int n0, int m) {
        check(s, ws, lane, n0 + m);
        if (heap()) {
            for (int n = n0; n < n0 + m; n++) {
                copyPlanes(s, ws, lane, n);
                for (int p0 = 0; p0 < g.inputPlane(); p0 += HEAP_PIXELS) {
                    heapPixels(s, ws, lane.input, lane, n, p0, HEAP_PIXELS);
                }
            }
            return;
        }
        if (lastIn || lastOut) {
            for (int n = n0; n < n0 + m; n++) {
                for (int b = 0; b < cut.blocks(); b++) {
                    lastBlock(s, ws, lane, n, b);
                }
            }
            return;
        }
        for (int n = n0; n < n0 + m; n++) {
            for (int c0 = 0; c0 < g.inputPlane(); c0 += block) {
                block(s, ws, lane, n, c0);
            }
        }
    }

    private void check(ConvStep s, Workspace ws, Workspace.Lane lane, int end) {
        if ((long) end * g.inputSample() > ws.bufs[s.in].capacity()
                || (long) end * g.cout() * g.inputPlane() > ws.bufs[s.out].capacity() || lane.work.length < workLength()) {
            throw new IllegalStateException(s.name + ": buffers too small for " + end + " images (internal error)");
        }
    }

    /**
     * Block {@code b} of image {@code n} of a channels-last product ({@link Gemm.LastCut}): one GEMM, then, for
     * planes out, the epilogue over the block (a channels-last output has none: its bias and activation wait
     * for its reader; the step refuses to be built otherwise).
     */
    private void lastBlock(ConvStep s, Workspace ws, Workspace.Lane lane, int n, int b) {
        int hw = g.inputPlane();
        int p0 = cut.pixelFrom(b);
        int p1 = cut.pixelTo(b);
        int c0 = cut.channelFrom(b);
        int c1 = cut.channelTo(b);
        if (p1 <= p0 || c1 <= c0) {
            return;
        }
        PointerView w = lane.viewA.of(s.weight, 0);
        PointerView x = lane.viewB.of(ws.slots[s.in], 0);
        PointerView y = lane.viewC.of(ws.slots[s.out], 0);
        long xOff = (long) n * g.cin() * hw;
        long yOff = (long) n * g.cout() * hw;
        if (lastOut) {
            Gemm.channelsLastOut(p0, p1, c0, c1, hw, g.cout(), g.cin(), w, x, xOff, y, yOff);
        } else {
            Gemm.channelsLastIn(p0, p1, c0, c1, hw, g.cin(), w, x, xOff, y, yOff);
            finish(s, ws, lane, n, p0, p1 - p0, c0, c1);
        }
    }

    /** An expand conv's image {@code n}, its planes into {@code lane.input} (a project conv copies per block). */
    private void copyPlanes(ConvStep s, Workspace ws, Workspace.Lane lane, int n) {
        if (packed != null) {
            ws.bufs[s.in].get(n * g.inputSample(), lane.input, 0, g.inputSample());
        }
    }

    /**
     * Pixels {@code p0 … p0+size−1} of image {@code n} on the heap: a block of an expand conv, of a project conv
     * or of a conv with planes on both sides ({@link #planesHeap}).
     */
    private void heapPixels(ConvStep s, Workspace ws, float[] planes, Workspace.Lane own, int n, int p0, int size) {
        if (planesHeap) {
            heapPlanesBlock(s, ws, planes, own, n, p0, size, 0, panels.count());
        } else if (packed != null) {
            heapBlock(s, ws, planes, own, n, p0, size);
        } else {
            heapInBlock(s, ws, own, n, p0, size);
        }
    }

    /**
     * Pixels {@code p0 … p0+size−1} (fewer at the end) of image {@code n} on the heap: from its planes in {@code x}, {@code Y [pixels, Cout]}
     * panel by panel into {@code own.work}, then into the output buffer (channels-last, raw sums: the reader
     * applies the epilogue).
     */
    private void heapBlock(ConvStep s, Workspace ws, float[] x, Workspace.Lane own, int n, int p0, int size) {
        int hw = g.inputPlane();
        int cout = g.cout();
        int cin = g.cin();
        int rows = Math.min(size, hw - p0);
        float[] y = own.work;
        for (int p = 0; p < panels.count(); p++) {
            kernels.gemmPanel(x, p0, planeAt, rows, cin, packed, panels.offset(p), panels.width(p), y, panels.at(p),
                    cout);
        }
        ws.bufs[s.out].put((n * hw + p0) * cout, y, 0, rows * cout);
    }

    /**
     * {@link #planesHeap}: pixels {@code p0 … p0+size−1} (fewer at the end) of image {@code n}, the filters of
     * panels {@code q0 … q1−1}: from its planes in {@code x}, {@code Y [pixels, Cout]} of those panels into
     * {@code own.work}, then each of their filters' slices through the epilogue into its plane
     * ({@link #writePlanes}).
     */
    private void heapPlanesBlock(ConvStep s, Workspace ws, float[] x, Workspace.Lane own, int n, int p0, int size,
                                 int q0, int q1) {
        int cout = g.cout();
        int cin = g.cin();
        int rows = Math.min(size, g.inputPlane() - p0);
        float[] y = own.work;
        for (int p = q0; p < q1; p++) {
            kernels.gemmPanel(x, p0, planeAt, rows, cin, packed, panels.offset(p), panels.width(p), y, panels.at(p),
                    cout);
        }
        // each filter written by one part: an overlapping last panel writes only past the one before
        writePlanes(s, ws, own, y, n, p0, rows, q0 == 0 ? 0 : panels.end(q0 - 1),
                q1 == panels.count() ? cout : panels.end(q1 - 1));
    }

    /**
     * Pixels {@code p0 … p0+size−1} (fewer at the end) of image {@code n} of a project conv on the heap: their channels-last rows in, the
     * product into {@code own.work}, then channel by channel (the epilogue on the block's slice of the plane,
     * none without bias and activation) into the output planes.
     */
    private void heapInBlock(ConvStep s, Workspace ws, Workspace.Lane own, int n, int p0, int size) {
        heapInBlock(s, ws, own, n, p0, size, 0, projectPanels != null ? projectLayout.count() : 0);
    }

    /**
     * {@link #heapInBlock}, of the filters of panels {@code q0 … q1−1} only where the weights are in panels (a
     * share of them: {@link #byPanels}); else all of them.
     */
    private void heapInBlock(ConvStep s, Workspace ws, Workspace.Lane own, int n, int p0, int size, int q0, int q1) {
        int hw = g.inputPlane();
        int cout = g.cout();
        int cin = g.cin();
        int rows = Math.min(size, hw - p0);
        ws.bufs[s.in].get((n * hw + p0) * cin, own.input, 0, rows * cin);
        float[] y = own.work;
        int co0 = 0;
        int co1 = cout;
        if (projectPanels != null) {
            // the same sums as one product over all of Wᵀ: each output one chain of multiply-adds in t order
            for (int p = q0; p < q1; p++) {
                kernels.gemm(own.input, 0, rows, cin, projectPanels, projectRowAt[p], projectLayout.width(p), y,
                        projectLayout.at(p), cout);
            }
            // each filter written by one part: an overlapping last panel writes only past the one before
            co0 = q0 == 0 ? 0 : projectLayout.end(q0 - 1);
            co1 = q1 == projectLayout.count() ? cout : projectLayout.end(q1 - 1);
        } else {
            kernels.gemm(own.input, 0, rows, cin, wt, wtRowAt, cout, y, 0, cout);
        }
        writePlanes(s, ws, own, y, n, p0, rows, co0, co1);
    }

    /**
     * The product {@code y [rows, Cout]} of pixels {@code p0 …} of image {@code n}, filters {@code co0 … co1−1}:
     * channel by channel its slice, the epilogue on it (none without bias and activation), into its plane.
     */
    private void writePlanes(ConvStep s, Workspace ws, Workspace.Lane own, float[] y, int n, int p0, int rows,
                             int co0, int co1) {
        int hw = g.inputPlane();
        int cout = g.cout();
        boolean finish = s.bias != null || epilogue.act() != null;
        float[] slice = own.result;
        FloatBuffer dst = ws.bufs[s.out];
        for (int co = co0; co < co1; co++) {
            for (int i = 0; i < rows; i++) {
                slice[i] = y[i * cout + co];
            }
            if (finish) {
                epilogue.finish(slice, 0, rows, s.bias == null ? 0f : s.bias[co]);
            }
            dst.put((n * cout + co) * hw + p0, slice, 0, rows);
        }
    }

    /** Whether the input or the output is channels-last (for tests). */
    boolean channelsLast() {
        return lastIn || lastOut;
    }

    /** Columns {@code c0 … c0+block−1} of image {@code n}: the GEMM of each group, then the epilogue over them. */
    private void block(ConvStep s, Workspace ws, Workspace.Lane lane, int n, int c0) {
        int cin = g.cin();
        int cout = g.cout();
        int hw = g.inputPlane();
        int cg = g.coutGroup();
        int kg = g.cinGroup();
        int nb = Math.min(block, hw - c0);
        PointerView w = lane.viewA.of(s.weight, 0);
        PointerView x = lane.viewB.of(ws.slots[s.in], 0);
        PointerView y = lane.viewC.of(ws.slots[s.out], 0);
        for (int j = 0; j < g.groups(); j++) {
            long at = ((long) n * cin + (long) j * kg) * hw + c0;
            Gemm.nn(cg, nb, kg, w, s.groupWeightOffset(j), kg, x, at, hw, 0f,
                    y, ((long) n * cout + (long) j * cg) * hw + c0, hw);
        }
        finish(s, ws, lane, n, c0, nb, 0, cout);
    }

    /** Bias and activation over columns {@code c0 … c0+nb−1} of channels {@code co0 … co1−1}, in place. */
    private void finish(ConvStep s, Workspace ws, Workspace.Lane lane, int n, int c0, int nb, int co0, int co1) {
        if (s.bias == null && epilogue.act() == null) {
            return;
        }
        FloatBuffer dst = ws.bufs[s.out];
        float[] row = lane.work;
        for (int co = co0; co < co1; co++) {
            int at = (n * g.cout() + co) * g.inputPlane() + c0;
            dst.get(at, row, 0, nb);
            epilogue.finish(row, 0, nb, s.bias == null ? 0f : s.bias[co]);
            dst.put(at, row, 0, nb);
        }
    }

    @Override
    boolean splittable() {
        return true;
    }

    /**
     * One image across threads: its column blocks, one per part, when there are enough of them (the very
     * calls of {@link #run}); else, for one group, the GEMM in {@link Gemm#nnPart}'s parts, then the epilogue by
     * channel.
     */
    @Override
    void runSplit(ConvStep s, Workspace ws, Workspace.Lane lane, int n, int threads) {
        check(s, ws, lane, n + 1);
        if (byPanels(threads)) {
            Workers.forEach(threads, threads, panelParts, Workers.split().of(s, ws, lane, n, threads, threads));
            return;
        }
        if (heap()) {
            copyPlanes(s, ws, lane, n);
            int blocks = (g.inputPlane() + splitPixels(threads) - 1) / splitPixels(threads);
            Workers.forEach(threads, blocks, heapBlocks, Workers.split().of(s, ws, lane, n, blocks, threads));
            return;
        }
        if (lastIn || lastOut) {
            Workers.forEach(threads, cut.blocks(), lastBlocks,
                    Workers.split().of(s, ws, lane, n, cut.blocks(), threads));
            return;
        }
        int hw = g.inputPlane();
        int blocks = (hw + block - 1) / block;
        if (blocks >= threads || g.groups() > 1) {
            Workers.forEach(threads, blocks, columnBlocks, Workers.split().of(s, ws, lane, n, blocks, threads));
            return;
        }
        int parts = Gemm.parts(g.cout(), hw, g.cin());
        Workers.forEach(threads, parts, gemmParts, Workers.split().of(s, ws, lane, n, parts, threads));
        if (s.bias != null || epilogue.act() != null) {
            int chParts = partsOf(g.cout(), threads);
            Workers.forEach(threads, chParts, finishChannels, Workers.split().of(s, ws, lane, n, chParts, threads));
        }
    }

    /**
     * Whether a split image of a heap project conv (or of a {@link #planesHeap} conv) goes by panels of filters:
     * a map of one pixel block (at most {@link #HEAP_PIXELS}: MobileNetV2's 7×7) and a panel or more per thread.
     * By pixels, each thread read all of Wᵀ (1.2 MB for features.17) for half the pixels — the blocks of 32 and
     * 17 of a 7×7 map; by panels, each its share of Wᵀ for all 49 (the pixels' rows, or planes, copied in by
     * each).
     */
    boolean byPanels(int threads) {
        return threads > 1 && g.inputPlane() <= HEAP_PIXELS
                && (projectPanels != null && projectLayout.count() >= threads
                        || planesHeap && panels.count() >= threads);
    }

    /** {@link #runSplit} by panels: part p of the panels of filters over every pixel. */
    private final Workers.Task panelParts = this::panelPartsPart;

    private void panelPartsPart(Workers.Split a, int p, int slot) {
        if (planesHeap) {
            // each part copies the image's planes to its own lane (15 K floats for features.18), then its panels
            Workspace.Lane own = a.laneOf(slot);
            copyPlanes((ConvStep) a.step, a.ws, own, a.image);
            heapPlanesBlock((ConvStep) a.step, a.ws, own.input, own, a.image, 0, HEAP_PIXELS,
                    bound(panels.count(), p, a.parts), bound(panels.count(), p + 1, a.parts));
            return;
        }
        int count = projectLayout.count();
        heapInBlock((ConvStep) a.step, a.ws, a.laneOf(slot), a.image, 0, HEAP_PIXELS, bound(count, p, a.parts),
                bound(count, p + 1, a.parts));
    }

    /** {@link #runSplit}, on the heap: pixel block b (an expand conv's from the caller's copy of the planes). */
    private final Workers.Task heapBlocks = this::heapBlocksPart;

    private void heapBlocksPart(Workers.Split a, int b, int slot) {
        int size = splitPixels(a.threads);
        heapPixels((ConvStep) a.step, a.ws, a.lane.input, a.laneOf(slot), a.image, b * size, size);
    }

    /**
     * Pixels per part of a split heap conv: {@link #HEAP_PIXELS}, or fewer (a multiple of 8, the GEMM's row
     * tile) so that a small map still gives every thread a part — a 7×7 map is one block of 64, two parts
     * of 32 and 17 at two threads.
     */
    private int splitPixels(int threads) {
        int hw = g.inputPlane();
        int parts = Math.max((hw + HEAP_PIXELS - 1) / HEAP_PIXELS, Math.min(threads, (hw + 7) / 8));
        int size = (hw + parts - 1) / parts;
        return Math.min(HEAP_PIXELS, (size + 7) / 8 * 8);
    }

    /** {@link #runSplit}, channels-last: block b of the cut. */
    private final Workers.Task lastBlocks = this::lastBlocksPart;

    private void lastBlocksPart(Workers.Split a, int b, int slot) {
        lastBlock((ConvStep) a.step, a.ws, a.laneOf(slot), a.image, b);
    }

    /** {@link #runSplit}: column block p, as {@link #run} computes it. */
    private final Workers.Task columnBlocks = this::columnBlocksPart;

    private void columnBlocksPart(Workers.Split a, int p, int slot) {
        block((ConvStep) a.step, a.ws, a.laneOf(slot), a.image, p * block);
    }

    /** {@link #runSplit}: part p of the one group's GEMM, straight between the native buffers. */
    private final Workers.Task gemmParts = this::gemmPartsPart;

    private void gemmPartsPart(Workers.Split a, int p, int slot) {
        ConvStep s = (ConvStep) a.step;
        Workspace.Lane t = a.laneOf(slot);
        int cin = g.cin();
        int cout = g.cout();
        int hw = g.inputPlane();
        Gemm.nnPart(p, a.parts, cout, hw, cin, t.viewA.of(s.weight, 0), 0, cin, t.viewB.of(a.ws.slots[s.in], 0),
                (long) a.image * cin * hw, hw, t.viewC.of(a.ws.slots[s.out], 0), (long) a.image * cout * hw, hw);
    }

    /** {@link #runSplit}: bias and activation over part p of the output channels. */
    private final Workers.Task finishChannels = this::finishChannelsPart;

    private void finishChannelsPart(Workers.Split a, int p, int slot) {
        finish((ConvStep) a.step, a.ws, a.laneOf(slot), a.image, 0, g.inputPlane(), bound(g.cout(), p, a.parts),
                bound(g.cout(), p + 1, a.parts));
    }
}
