package dev.lamina.backend.blas;

import org.bytedeco.javacpp.FloatPointer;

/**
 * How a {@link ConvStep} turns a block of images into its output: GEMMs over im2col ({@link Im2colLowering},
 * any conv, one GEMM per group), the parity layout ({@link ParityLowering}, a stride-1 conv fused with a
 * 2×2/2 max-pool) or Winograd F(2×2, 3×3) ({@link WinogradLowering}, ungrouped 3×3 stride-1 convs with
 * enough channels), a 1×1 stride-2 conv's every other pixel gathered ({@link SubsampleLowering}, ResNet's
 * downsample); or, for depthwise convs, no GEMM at all ({@link DepthwiseLowering}, or
 * {@link DepthwiseChannelsLastLowering} between two pointwise convs). Chosen once per
 * node; each states the native and heap scratch it needs, and none keeps mutable state.
 */
abstract sealed class ConvLowering permits Im2colLowering, ParityLowering, WinogradLowering, DepthwiseLowering,
        DepthwiseChannelsLastLowering, PointwiseLowering, SubsampleLowering {
    final ConvGeometry g;
    final Epilogue epilogue;

    ConvLowering(ConvGeometry g, Epilogue epilogue) {
        this.g = g;
        this.epilogue = epilogue;
    }

    /** Columns per image of the im2col-style GEMM (its row stride per image). */
    abstract int columns();

    /**
     * Whether the lane's native GEMM scratch (B and C) is used at all: false for the lowerings whose work is on
     * the heap or reads and writes the step's own buffers (depthwise, pointwise, the in-place im2col).
     */
    boolean nativeScratch() {
        return true;
    }

    /** Floats of the GEMM's B operand (im2col or transformed input) per image. */
    long scratchBPerImage() {
        return nativeScratch() ? (long) g.k() * columns() : 0;
    }

    /** Floats of B a block of whole images may take ({@link ConvStep#chunkFor}): an im2col block in L2. */
    long chunkBudget() {
        return BlasPlan.IM2COL_BUDGET;
    }

    /** Floats of the GEMM's result per image. */
    long scratchCPerImage() {
        return nativeScratch() ? (long) g.cout() * columns() : 0;
    }

    /** The lane arrays this lowering uses, beyond those {@link ConvStep} states for every lowering. */
    abstract void scratchNeeds(Scratch.Needs needs);

    /** Native memory this lowering owns (freed with the plan), or null. */
    FloatPointer ownedWeights() {
        return null;
    }

    /** Images {@code n0 … n0+m−1} of {@code s}'s input → its output buffer. */
    abstract void run(ConvStep s, Workspace ws, Workspace.Lane lane, int n0, int m);

    /**
     * Image {@code n} of {@code s}'s input → its output buffer, its work split across {@code threads} threads
     * ({@link Workers}; {@code lane} is the caller's, slot 0): a batch of one. Each output is computed by the
     * same operations in the same order as {@link #run} computes it, so the result is bit for bit the
     * one-thread result. By default not split at all.
     */
    void runSplit(ConvStep s, Workspace ws, Workspace.Lane lane, int n, int threads) {
        run(s, ws, lane, n, 1);
    }

    /** Whether {@link #runSplit} splits an image at all (false: it runs on the caller alone). */
    boolean splittable() {
        return false;
    }

    /**
     * Parts of {@code count} items (channels, planes) for {@code threads} threads: enough that a thread
     * woken late or slowed by another process leaves its share to the others (claimed one at a time).
     */
    static int partsOf(int count, int threads) {
        return Math.max(1, Math.min(count, threads * PARTS_PER_THREAD));
    }

    /** Parts per thread of a split step: each claim is one atomic increment. */
    static final int PARTS_PER_THREAD = 8;

    /** Where part {@code p} of {@code parts} of {@code count} items starts ({@code p = parts}: the end). */
    static int bound(int count, int p, int parts) {
        return (int) ((long) count * p / parts);
    }

    /** Clears the non-finite marks of the lanes a split step may use. */
    static void clearMarks(Workspace ws, Workspace.Lane caller, int threads) {
        caller.nonFinite = false;
        for (int t = 1; t < threads; t++) {
            ws.lanes[t].nonFinite = false;
        }
    }

    /** Whether any lane a split step used met a non-finite input. */
    static boolean marked(Workspace ws, Workspace.Lane caller, int threads) {
        boolean any = caller.nonFinite;
        for (int t = 1; t < threads; t++) {
            any |= ws.lanes[t].nonFinite;
        }
        return any;
    }

    /**
     * {@link #multiply} of one image ({@link #columns} columns, B already in {@code lane}'s native scratch) split
     * across threads: a group per part, or for one group {@link Gemm#nnPart}'s parts; each thread's own views
     * of the caller's scratch.
     */
    final void multiplySplit(ConvStep s, Workspace ws, Workspace.Lane lane, int threads) {
        if (g.groups() > 1) {
            Workers.forEach(threads, g.groups(), byGroup, Workers.split().of(s, ws, lane, 0, g.groups(), threads));
            return;
        }
        int parts = Gemm.parts(g.coutGroup(), columns(), g.kGroup());
        Workers.forEach(threads, parts, byGemmPart, Workers.split().of(s, ws, lane, 0, parts, threads));
    }

    /** Group j's GEMM of {@link #multiplySplit}, on B and C in the caller's scratch. */
    private final Workers.Task byGroup = this::groupGemm;

    private void groupGemm(Workers.Split a, int j, int slot) {
        ConvStep s = (ConvStep) a.step;
        Workspace.Lane t = a.laneOf(slot);
        int kg = g.kGroup();
        int cg = g.coutGroup();
        int ldb = columns();
        Gemm.nn(cg, ldb, kg, t.viewA.of(s.weight, 0), s.groupWeightOffset(j), kg,
                t.viewB.of(a.lane.scratchB, 0), (long) j * kg * ldb, ldb, 0f,
                t.viewC.of(a.lane.scratchC, 0), (long) j * cg * ldb, ldb);
    }

    /** Part p of the one group's GEMM of {@link #multiplySplit}. */
    private final Workers.Task byGemmPart = this::gemmPart;

    private void gemmPart(Workers.Split a, int p, int slot) {
        ConvStep s = (ConvStep) a.step;
        Workspace.Lane t = a.laneOf(slot);
        int kg = g.kGroup();
        int ldb = columns();
        Gemm.nnPart(p, a.parts, g.coutGroup(), ldb, kg, t.viewA.of(s.weight, 0), 0, kg,
                t.viewB.of(a.lane.scratchB, 0), 0, ldb, t.viewC.of(a.lane.scratchC, 0), 0, ldb);
    }

    /**
     * The heap staging of the im2col-style lowerings: when a whole block's im2col fits the budget it is
     * assembled on the heap and copied once, and so are its outputs when they fit too.
     */
    final void stageNeeds(Scratch.Needs needs) {
        long perImage = (long) g.k() * columns();
        if (perImage <= BlasPlan.IM2COL_BUDGET) {
            needs.stage(BlasPlan.IM2COL_BUDGET);
            long maxChunk = Math.max(1, BlasPlan.IM2COL_BUDGET / perImage);
            if ((long) g.cout() * columns() * maxChunk <= BlasPlan.IM2COL_BUDGET) {
                needs.outStage(maxChunk * g.cout() * epilogue.outPlane());
                if (g.groups() == 1 && g.cout() <= HEAP_GEMM_ROWS) {
                    needs.product(maxChunk * g.cout() * columns());
                }
            }
        }
    }

    /**
     * {@code weights} ({@code [Cout, K]}) as {@link JavaKernels#tileRows} lays them out, for a lowering whose heap
     * GEMM runs over rows of filters ({@code used}); else null, as with the measuring switch
     * {@code -Dlamina.blas.tiledWeights=false} (read when a plan is built), and the GEMM reads the step's plain
     * weights ({@link #filterRows}).
     */
    final float[] tiledWeights(float[] weights, boolean used) {
        return used && weights != null && g.groups() == 1 && !"false".equals(System.getProperty(TILES))
                ? JavaKernels.get().tileRows(weights, g.cout(), g.k()) : null;
    }

    static final String TILES = "lamina.blas.tiledWeights";

    /**
     * Filters {@code i0 … i0+m−1} of a heap GEMM over rows of filters, {@code c = W × B}: on {@code tiles}
     * ({@link #tiledWeights}; {@code i0} where a tile starts, {@code m} whole tiles or the rest) or, where that is
     * null, on the step's own weights.
     */
    final void filterRows(ConvStep s, float[] tiles, int i0, int m, float[] b, int[] at, int n, float[] c, int cAt,
                          int ldc) {
        if (tiles != null) {
            JavaKernels.get().gemmTiled(tiles, i0 * g.k(), m, g.k(), b, at, n, c, cAt, ldc);
        } else {
            JavaKernels.get().gemm(s.weightHeap(), i0 * g.k(), m, g.k(), b, at, n, c, cAt, ldc);
        }
    }

    /**
     * Where part {@code p} of {@code parts} of a GEMM's {@code cout} filters starts ({@code p = parts}: the end):
     * at a whole tile of {@link JavaKernels#rowTile} filters, the last part with the filters past the last tile.
     */
    static int tileBound(int cout, int p, int parts) {
        int r = Math.max(1, JavaKernels.get().rowTile());
        return Math.min(cout, r * bound((cout + r - 1) / r, p, parts));
    }

    /** Most filters for which a staged block's GEMM runs on the heap ({@link #heapGemm}). */
    static final int HEAP_GEMM_ROWS = 16;

    /**
     * Whether a block whose im2col is staged on the heap ({@code stage}, {@code ldb} columns) and whose result
     * fits there too has its GEMM done by {@link JavaKernels#gemm} into {@code lane.product}: one group of at
     * most {@link #HEAP_GEMM_ROWS} filters (LeNet's 6 and 16), where OpenBLAS's kernels reach 14–33 GFLOP/s
     * and the two copies to and from native memory cost as much again (only with the Vector API kernels).
     */
    final boolean heapGemm(Workspace.Lane lane, int ldb, float[] stage) {
        return stage != null && JavaKernels.get().fastGemm() && g.groups() == 1 && g.cout() <= HEAP_GEMM_ROWS
                && (long) g.cout() * ldb <= lane.product.length;
    }

    /** Whether this lowering calls {@code cblas_sgemm} (else it runs in Java and never needs the direct path). */
    boolean usesGemm() {
        return true;
    }

    /**
     * The block's GEMMs, one per group {@code j}: {@code C [Cout/groups, ldb] at rows j·Cout/groups =
     * W_j [Cout/groups, kg] × B [kg, ldb] at rows j·kg}, with {@code kg = (Cin/groups)·kh·kw} (the im2col of
     * all channels holds each group's rows together); after copying B from {@code stage} to native memory
     * when it was assembled on the heap (null: already in place).
     */
    final void multiply(ConvStep s, Workspace.Lane lane, int ldb, float[] stage) {
        if (stage != null) {
            lane.bBuf.put(0, stage, 0, g.k() * ldb);
        }
        int kg = g.kGroup();
        int cg = g.coutGroup();
        for (int j = 0; j < g.groups(); j++) {
            Gemm.nn(cg, ldb, kg, lane.viewA.of(s.weight, 0), s.groupWeightOffset(j), kg, lane.scratchB,
                    (long) j * kg * ldb, ldb, 0f,
                    lane.scratchC, (long) j * cg * ldb, ldb);
        }
    }

    /** Every size against the buffers, before handing them to native code. */
    final void checkBuffers(ConvStep s, Workspace ws, Workspace.Lane lane, int n0, int m, int ldb) {
        if ((long) g.k() * ldb > lane.bBuf.capacity() || (long) g.cout() * ldb > lane.cBuf.capacity()
                || (long) (n0 + m) * g.inputSample() > ws.bufs[s.in].capacity()
                || (long) (n0 + m) * g.cout() * epilogue.outPlane() > ws.bufs[s.out].capacity()) {
            throw new IllegalStateException(s.name + ": buffers too small for " + m + " images (internal error)");
        }
    }
}
