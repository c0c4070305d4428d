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
    private final JavaKernels kernels = JavaKernels.get();

    ParityLowering(ConvGeometry g, Epilogue epilogue) {
        super(g, epilogue);
        wq = (g.wp() + 1) / 2;
        hq = (g.hp() + 1) / 2 + 1;
        lb = (g.hout() / 2) * wq;
        l = Math.multiplyExact(4, lb);
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
        needs.rows(planeLength()).rows(lb + 16);
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
        if (rows.length < 9 || rows[0].length < planeLen || rows[0].length < lb + 16) {
            throw new IllegalStateException(s.name + ": working rows too small (internal error)");
        }
        int cin = g.cin();
        int cout = g.cout();
        int h = g.h();
        int w = g.w();
        int ph = g.ph();
        int pw = g.pw();
        int kh = g.kh();
        int kw = g.kw();
        int dh = g.dh();
        int dw = g.dw();
        int k = g.k();
        int hw = g.inputPlane();
        int outPlane = epilogue.outPlane();
        int outH = epilogue.outH();
        float[] bias = s.bias;
        float[] stage = (long) k * ldb <= lane.stage.length ? lane.stage : null;
        for (int j = 0; j < m; j++) {
            int n = n0 + j;
            for (int ci = 0; ci < cin; ci++) {
                src.get((n * cin + ci) * hw, raw, 0, hw);
                for (int p = 0; p < 4; p++) {
                    Arrays.fill(rows[p], 0, planeLen, 0f);
                }
                int x0 = pw & 1;
                for (int y = 0; y < h; y++) {
                    int py = y + ph;
                    int base = (py >> 1) * wq + (pw >> 1);
                    float[] even = rows[(py & 1) * 2];
                    float[] odd = rows[(py & 1) * 2 + 1];
                    int r = y * w;
                    // padded column x + pw: even ones to the even plane, odd ones to the odd plane
                    for (int x = x0; x < w; x += 2) {
                        even[base + ((x + x0) >> 1)] = raw[r + x];
                    }
                    for (int x = 1 - x0; x < w; x += 2) {
                        odd[base + ((x + x0) >> 1)] = raw[r + x];
                    }
                }
                int row0 = ci * kh * kw;
                for (int a = 0; a < kh; a++) {
                    for (int c = 0; c < kw; c++) {
                        int dst = (row0 + a * kw + c) * ldb + j * l;
                        for (int rp = 0; rp < 2; rp++) {
                            int yy = rp + a * dh;
                            for (int cp = 0; cp < 2; cp++) {
                                int xx = cp + c * dw;
                                float[] srcPlane = rows[(yy & 1) * 2 + (xx & 1)];
                                int off = (yy >> 1) * wq + (xx >> 1);
                                if (stage != null) {
                                    System.arraycopy(srcPlane, off, stage, dst + (2 * rp + cp) * lb, lb);
                                } else {
                                    b.put(dst + (2 * rp + cp) * lb, srcPlane, off, lb);
                                }
                            }
                        }
                    }
                }
            }
        }
        boolean staged = stage != null && (long) cout * ldb <= stage.length
                && (long) m * cout * outPlane <= lane.outStage.length;
        boolean heap = staged && heapGemm(lane, ldb, stage);
        if (heap) {
            kernels.gemm(s.weightHeap(), 0, cout, k, stage, ldb, lane.product);
        } else {
            multiply(s, lane, ldb, stage);
        }
        FloatBuffer cb = lane.cBuf;
        FloatBuffer dst = ws.bufs[s.out];
        float[] q0 = rows[4];
        float[] q1 = rows[5];
        float[] q2 = rows[6];
        float[] q3 = rows[7];
        float[] pooled = rows[8];
        int half = g.wout() / 2;
        // small blocks: the whole GEMM result in (or already on the heap) and every output of the block out
        float[] cs = heap ? lane.product : stage;
        if (staged && !heap) {
            cb.get(0, stage, 0, cout * ldb);
        }
        for (int j = 0; j < m; j++) {
            int n = n0 + j;
            for (int co = 0; co < cout; co++) {
                int at = co * ldb + j * l;
                if (staged) {
                    System.arraycopy(cs, at, q0, 0, lb);
                    System.arraycopy(cs, at + lb, q1, 0, lb);
                    System.arraycopy(cs, at + 2 * lb, q2, 0, lb);
                    System.arraycopy(cs, at + 3 * lb, q3, 0, lb);
                } else {
                    cb.get(at, q0, 0, lb);
                    cb.get(at + lb, q1, 0, lb);
                    cb.get(at + 2 * lb, q2, 0, lb);
                    cb.get(at + 3 * lb, q3, 0, lb);
                }
                float bv = bias == null ? 0f : bias[co];
                // Math.max propagates NaN, as PyTorch's pool does; it commutes with the bias and the fused activation
                for (int t = 0; t < lb; t++) {
                    pooled[t] = Math.max(Math.max(q0[t], q1[t]), Math.max(q2[t], q3[t]));
                }
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

}
