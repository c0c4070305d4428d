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

    PointwiseLowering(ConvGeometry g, Epilogue epilogue) {
        super(g, epilogue);
        if (!fits(g, epilogue)) {
            throw new IllegalArgumentException("pointwise lowering for " + g.conv() + " with " + epilogue);
        }
        block = Gemm.piece(g.coutGroup(), g.inputPlane(), g.cinGroup());
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
    long scratchBPerImage() {
        return 0;
    }

    @Override
    long scratchCPerImage() {
        return 0;
    }

    @Override
    void scratchNeeds(Scratch.Needs needs) {
        needs.work(block);
    }

    @Override
    void run(ConvStep s, Workspace ws, Workspace.Lane lane, int n0, int m) {
        int cin = g.cin();
        int cout = g.cout();
        int hw = g.inputPlane();
        int cg = g.coutGroup();
        int kg = g.cinGroup();
        FloatBuffer dst = ws.bufs[s.out];
        if ((long) (n0 + m) * g.inputSample() > ws.bufs[s.in].capacity() || (long) (n0 + m) * cout * hw > dst.capacity()
                || lane.work.length < block) {
            throw new IllegalStateException(s.name + ": buffers too small for " + m + " images (internal error)");
        }
        boolean pass = s.bias != null || epilogue.act() != null;
        float[] row = lane.work;
        PointerView w = lane.viewA.of(s.weight, 0);
        PointerView x = lane.viewB.of(ws.slots[s.in], 0);
        PointerView y = lane.viewC.of(ws.slots[s.out], 0);
        for (int n = n0; n < n0 + m; n++) {
            for (int c0 = 0; c0 < hw; c0 += block) {
                int nb = Math.min(block, hw - c0);
                for (int j = 0; j < g.groups(); j++) {
                    long at = ((long) n * cin + (long) j * kg) * hw + c0;
                    Gemm.nn(cg, nb, kg, w, s.groupWeightOffset(j), kg, x, at, hw, 0f,
                            y, ((long) n * cout + (long) j * cg) * hw + c0, hw);
                }
                if (pass) {
                    for (int co = 0; co < cout; co++) {
                        int at = (n * cout + co) * hw + c0;
                        dst.get(at, row, 0, nb);
                        epilogue.finish(row, 0, nb, s.bias == null ? 0f : s.bias[co]);
                        dst.put(at, row, 0, nb);
                    }
                }
            }
        }
    }
}
