package dev.lamina.backend.blas;

import org.bytedeco.javacpp.FloatPointer;

/**
 * How a {@link ConvStep} turns a block of images into its output: GEMMs over im2col ({@link Im2colLowering},
 * any conv, one GEMM per group), the parity layout ({@link ParityLowering}, a stride-1 conv fused with a
 * 2×2/2 max-pool) or Winograd F(2×2, 3×3) ({@link WinogradLowering}, ungrouped 3×3 stride-1 convs with
 * enough channels); or, for depthwise convs, no GEMM at all ({@link DepthwiseLowering}). Chosen once per
 * node; each states the native and heap scratch it needs, and none keeps mutable state.
 */
abstract sealed class ConvLowering permits Im2colLowering, ParityLowering, WinogradLowering, DepthwiseLowering,
        PointwiseLowering {
    final ConvGeometry g;
    final Epilogue epilogue;

    ConvLowering(ConvGeometry g, Epilogue epilogue) {
        this.g = g;
        this.epilogue = epilogue;
    }

    /** Columns per image of the im2col-style GEMM (its row stride per image). */
    abstract int columns();

    /** Floats of the GEMM's B operand (im2col or transformed input) per image. */
    long scratchBPerImage() {
        return (long) g.k() * columns();
    }

    /** Floats of B a block of whole images may take ({@link ConvStep#chunkFor}): an im2col block in L2. */
    long chunkBudget() {
        return BlasPlan.IM2COL_BUDGET;
    }

    /** Floats of the GEMM's result per image. */
    long scratchCPerImage() {
        return (long) g.cout() * columns();
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
            }
        }
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
