package dev.lamina.backend.blas;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The parity layout, for a stride-1 conv fused with a 2×2/2 max-pool: the padded input is split by row and
 * column parity into four planes {@code [hq × wq]}, and the GEMM's columns per image are four blocks (output
 * row parity × column parity) of {@code (hout/2) × wq}, each im2col block one contiguous slice of a parity
 * plane. The pool is then the element-wise max of the four blocks: vectorised, no strided reads.
 */
final class ParityLowering extends ConvLowering {
    /** Width and height of one parity plane (the height with a row of slack). */
    private final int wq;
    private final int hq;
    /** Columns of one parity block: {@code (hout/2) · wq}. */
    private final int lb;
    /** Columns per image in the GEMM: the four blocks. */
    private final int l;
    /**
     * Per parity block {@code 2·rp + cp}: where its slice of im2col row {@code ci·kh·kw + a·kw + c} starts
     * among one image's parity planes, four per channel ({@link #planeLength} floats each), channel after
     * channel. The heap GEMM reads the rows there, in place; the OpenBLAS path copies them out.
     */
    private final int[][] rowAt;
    private final JavaKernels kernels = JavaKernels.get();
    /**
     * The weights as {@link JavaKernels#tileRows} lays them out, for the heap GEMM of few filters
     * ({@link #heapGemm}); null where it never runs (or switched off: the step's plain weights).
     */
    private final float[] tiles;

    /** {@code weights}: the step's OIHW weights ({@code [Cout, K]}), as {@link ConvStep#weightHeap}. */
    ParityLowering(ConvGeometry g, Epilogue epilogue, float[] weights) {
        super(g, epilogue);
        tiles = tiledWeights(weights, g.cout() <= HEAP_GEMM_ROWS);
        wq = (g.wp() + 1) / 2;
        hq = (g.hp() + 1) / 2 + 1;
        lb = (g.hout() / 2) * wq;
        l = Math.multiplyExact(4, lb);
        int planeLen = planeLength();
        int taps = g.kh() * g.kw();
        rowAt = new int[4][g.k()];
        for (int rp = 0; rp < 2; rp++) {
            for (int cp = 0; cp < 2; cp++) {
                for (int ci = 0; ci < g.cin(); ci++) {
                    for (int a = 0; a < g.kh(); a++) {
                        for (int c = 0; c < g.kw(); c++) {
                            int yy = rp + a * g.dh();
                            int xx = cp + c * g.dw();
                            int plane = Math.addExact(Math.multiplyExact(ci, 4), (yy & 1) * 2 + (xx & 1));
                            rowAt[2 * rp + cp][ci * taps + a * g.kw() + c] = Math.addExact(
                                    Math.multiplyExact(plane, planeLen), (yy >> 1) * wq + (xx >> 1));
                        }
                    }
                }
            }
        }
    }

    /** Whether this layout applies: stride 1, a fused 2×2/2 pool, an even output, and blocks worth a GEMM. */
    static boolean fits(ConvGeometry g, Epilogue epilogue) {
        return g.contiguous() && epilogue.pool2x2() && g.hout() % 2 == 0 && g.wout() % 2 == 0
                && (g.hout() / 2) * ((g.wp() + 1) / 2) >= 64;
    }

    /** One parity plane plus the slack the shifted block slices read past it. */
    private int planeLength() {
        return hq * wq + wq + g.kw() * g.dw() + 16;
    }

    @Override
    int columns() {
        return l;
    }

    @Override
    void scratchNeeds(Scratch.Needs needs) {
        needs.input(4L * planeLength()).rows(lb + 16);
        stageNeeds(needs);
    }

    @Override
    void run(ConvStep s, Workspace ws, Workspace.Lane lane, int n0, int m) {
        int ldb = m * l;
        checkBuffers(s, ws, lane, n0, m, ldb);
        FloatBuffer src = ws.bufs[s.in];
        FloatBuffer b = lane.bBuf;
        float[] raw = lane.work;
        float[][] rows = lane.rows;
        int planeLen = planeLength();
        if (rows.length < 6 || rows[4].length < lb + 16 || lane.input.length < 4 * planeLen) {
            throw new IllegalStateException(s.name + ": working rows too small (internal error)");
        }
        int cin = g.cin();
        int cout = g.cout();
        int k = g.k();
        int hw = g.inputPlane();
        int outPlane = epilogue.outPlane();
        int outH = epilogue.outH();
        float[] bias = s.bias;
        float[] stage = (long) k * ldb <= lane.stage.length ? lane.stage : null;
        boolean staged = stage != null && (long) cout * ldb <= stage.length
                && (long) m * cout * outPlane <= lane.outStage.length;
        boolean heap = staged && heapGemm(lane, ldb, stage) && 4L * cin * planeLen <= stage.length;
        for (int j = 0; j < m; j++) {
            int n = n0 + j;
            if (heap) {
                // the GEMM reads each block's im2col rows in place, slices of the image's parity planes
                for (int ci = 0; ci < cin; ci++) {
                    src.get((n * cin + ci) * hw, raw, 0, hw);
                    splitParity(raw, stage, 4 * ci * planeLen, planeLen);
                }
                // block-major: [blk][cout][m·lb], so the pool is three passes over whole blocks (poolBlocks)
                for (int blk = 0; blk < 4; blk++) {
                    filterRows(s, tiles, 0, cout, stage, rowAt[blk], lb, lane.product, blk * cout * m * lb + j * lb,
                            m * lb);
                }
                continue;
            }
            float[] planes = lane.input;
            for (int ci = 0; ci < cin; ci++) {
                src.get((n * cin + ci) * hw, raw, 0, hw);
                splitParity(raw, planes, 0, planeLen);
                int row0 = ci * g.kh() * g.kw();
                int base = 4 * ci * planeLen;
                for (int r = row0; r < row0 + g.kh() * g.kw(); r++) {
                    for (int blk = 0; blk < 4; blk++) {
                        int at = r * ldb + j * l + blk * lb;
                        if (stage != null) {
                            System.arraycopy(planes, rowAt[blk][r] - base, stage, at, lb);
                        } else {
                            b.put(at, planes, rowAt[blk][r] - base, lb);
                        }
                    }
                }
            }
        }
        FloatBuffer dst = ws.bufs[s.out];
        if (heap) {
            poolBlocks(s, lane, m);
            dst.put(n0 * cout * outPlane, lane.outStage, 0, m * cout * outPlane);
            return;
        }
        multiply(s, lane, ldb, stage);
        FloatBuffer cb = lane.cBuf;
        float[] q0 = rows[4];
        float[] pooled = rows[5];
        int half = g.wout() / 2;
        // small blocks: the whole GEMM result in on the heap, every output of the block out
        if (staged) {
            cb.get(0, stage, 0, cout * ldb);
        }
        for (int j = 0; j < m; j++) {
            int n = n0 + j;
            for (int co = 0; co < cout; co++) {
                int at = co * ldb + j * l;
                // the pool: the element-wise max of the four blocks (Math.max: NaN wins, as PyTorch's pool
                // does; +0 over −0; any order); it commutes with the bias and the fused activation
                if (staged) {
                    System.arraycopy(stage, at, pooled, 0, lb);
                    kernels.max(pooled, 0, stage, at + lb, lb);
                    kernels.max(pooled, 0, stage, at + 2 * lb, lb);
                    kernels.max(pooled, 0, stage, at + 3 * lb, lb);
                } else {
                    cb.get(at, pooled, 0, lb);
                    cb.get(at + lb, q0, 0, lb);
                    kernels.max(pooled, 0, q0, 0, lb);
                    cb.get(at + 2 * lb, q0, 0, lb);
                    kernels.max(pooled, 0, q0, 0, lb);
                    cb.get(at + 3 * lb, q0, 0, lb);
                    kernels.max(pooled, 0, q0, 0, lb);
                }
                float bv = bias == null ? 0f : bias[co];
                epilogue.finish(pooled, 0, lb, bv);
                float[] o = staged ? lane.outStage : lane.result;
                int base = staged ? (j * cout + co) * outPlane : 0;
                for (int py = 0; py < outH; py++) {
                    System.arraycopy(pooled, py * wq, o, base + py * half, half);
                }
                if (!staged) {
                    dst.put((n * cout + co) * outPlane, o, 0, outPlane);
                }
            }
        }
        if (staged) {
            dst.put(n0 * cout * outPlane, lane.outStage, 0, m * cout * outPlane);
        }
    }

    /**
     * The pool, bias, activation and compaction of a whole heap block, its GEMM results laid out block-major in
     * {@code lane.product} ({@code [4][cout][m·lb]}): the element-wise max of the four parity blocks in three
     * passes over {@code cout·m·lb} values each (in place into block 0; the same order as per channel:
     * {@code ((b0 ∨ b1) ∨ b2) ∨ b3}), the bias and activation per channel over all images at once, then each
     * pooled row's {@code wout/2} values out; instead of a dozen small calls per channel of each image.
     */
    private void poolBlocks(ConvStep s, Workspace.Lane lane, int m) {
        int cout = g.cout();
        int span = cout * m * lb;
        float[] p = lane.product;
        kernels.max(p, 0, p, span, span);
        kernels.max(p, 0, p, 2 * span, span);
        kernels.max(p, 0, p, 3 * span, span);
        float[] bias = s.bias;
        int per = m * lb;
        for (int co = 0; co < cout; co++) {
            epilogue.finish(p, co * per, (co + 1) * per, bias == null ? 0f : bias[co]);
        }
        float[] os = lane.outStage;
        int outPlane = epilogue.outPlane();
        int outH = epilogue.outH();
        int half = g.wout() / 2;
        for (int j = 0; j < m; j++) {
            for (int co = 0; co < cout; co++) {
                int from = co * per + j * lb;
                int to = (j * cout + co) * outPlane;
                for (int py = 0; py < outH; py++) {
                    System.arraycopy(p, from + py * wq, os, to + py * half, half);
                }
            }
        }
    }

    /**
     * One input plane ({@code raw}) → its four parity planes in {@code dst} from {@code at} on, {@code planeLen}
     * floats each (even rows even columns, even rows odd columns, odd rows even, odd rows odd, of the padded
     * plane), zero where the padding and the slack are.
     */
    private void splitParity(float[] raw, float[] dst, int at, int planeLen) {
        int h = g.h();
        int w = g.w();
        int ph = g.ph();
        int pw = g.pw();
        Arrays.fill(dst, at, at + 4 * planeLen, 0f);
        int x0 = pw & 1;
        for (int y = 0; y < h; y++) {
            int py = y + ph;
            int base = (py >> 1) * wq + (pw >> 1);
            int even = at + (py & 1) * 2 * planeLen + base;
            int odd = even + planeLen;
            int r = y * w;
            // padded column x + pw: even ones to the even plane, odd ones to the odd plane
            for (int x = x0; x < w; x += 2) {
                dst[even + ((x + x0) >> 1)] = raw[r + x];
            }
            for (int x = 1 - x0; x < w; x += 2) {
                dst[odd + ((x + x0) >> 1)] = raw[r + x];
            }
        }
    }
}
