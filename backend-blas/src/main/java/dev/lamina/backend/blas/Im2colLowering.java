package dev.lamina.backend.blas;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * conv2d as one {@code cblas_sgemm} per block of images: weights {@code [Cout, Cin·kh·kw]} × im2col
 * {@code [Cin·kh·kw, images·L]}. For stride 1 the im2col uses the padded width: output column
 * {@code q = oh·Wp + ow} over the zero-padded input plane, so every im2col row is one contiguous slice of that
 * plane (one bulk copy); the {@code Wp − Wout} extra columns per row are computed and dropped. Other strides
 * gather each row. The {@link Epilogue} (bias, ReLU, pool, compaction) reads the GEMM result one channel row
 * at a time.
 */
final class Im2colLowering extends ConvLowering {
    /** Columns per image in the GEMM. */
    private final int l;
    /** Row stride of one channel's GEMM result: the padded width for stride 1, else the output width. */
    private final int cw;

    Im2colLowering(ConvGeometry g, Epilogue epilogue) {
        super(g, epilogue);
        cw = g.contiguous() ? g.wp() : g.wout();
        l = Math.multiplyExact(g.hout(), cw);
    }

    @Override
    int columns() {
        return l;
    }

    @Override
    void scratchNeeds(Scratch.Needs needs) {
        stageNeeds(needs);
    }

    @Override
    void run(ConvStep s, Workspace ws, Workspace.Lane lane, int n0, int m) {
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
        int dh = g.dh();
        int dw = g.dw();
        int wp = g.wp();
        int k = g.k();
        int hw = g.inputPlane();
        int outPlane = epilogue.outPlane();
        boolean padded = g.ph() != 0 || g.pw() != 0;
        boolean contiguous = g.contiguous();
        float[] bias = s.bias;
        // small blocks are assembled on the heap (System.arraycopy) and copied out once
        float[] stage = (long) k * ldb <= lane.stage.length ? lane.stage : null;
        for (int j = 0; j < m; j++) {
            int n = n0 + j;
            for (int ci = 0; ci < cin; ci++) {
                int from = (n * cin + ci) * hw;
                if (!padded) {
                    src.get(from, plane, 0, hw);
                    Arrays.fill(plane, hw, hw + (kw - 1) * dw + 1, 0f);
                } else {
                    src.get(from, raw, 0, hw);
                    pad(raw, plane);
                }
                int row0 = ci * kh * kw;
                for (int a = 0; a < kh; a++) {
                    for (int c = 0; c < kw; c++) {
                        int dst = (row0 + a * kw + c) * ldb + j * l;
                        if (contiguous) {
                            if (stage != null) {
                                System.arraycopy(plane, a * dh * wp + c * dw, stage, dst, l);
                            } else {
                                b.put(dst, plane, a * dh * wp + c * dw, l);
                            }
                        } else {
                            gather(plane, a, c, raw);
                            if (stage != null) {
                                System.arraycopy(raw, 0, stage, dst, l);
                            } else {
                                b.put(dst, raw, 0, l);
                            }
                        }
                    }
                }
            }
        }
        multiply(s, lane, ldb, stage);
        FloatBuffer c = lane.cBuf;
        FloatBuffer dst = ws.bufs[s.out];
        if (stage != null && (long) cout * ldb <= stage.length && (long) m * cout * outPlane <= lane.outStage.length) {
            // small blocks: the whole GEMM result in, every output of the block out, one copy each way
            c.get(0, stage, 0, cout * ldb);
            float[] os = lane.outStage;
            for (int j = 0; j < m; j++) {
                for (int co = 0; co < cout; co++) {
                    System.arraycopy(stage, co * ldb + j * l, raw, 0, l);
                    epilogue.apply(g, raw, cw, lane.result, bias == null ? 0f : bias[co]);
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
                epilogue.apply(g, raw, cw, lane.result, bias == null ? 0f : bias[co]);
                dst.put((n * cout + co) * outPlane, lane.result, 0, outPlane);
            }
        }
    }

    /** raw [h, w] → plane [hp, wp] with a zero border, plus zeroed slack after it. */
    void pad(float[] raw, float[] plane) {
        int h = g.h();
        int w = g.w();
        int ph = g.ph();
        int pw = g.pw();
        int wp = g.wp();
        Arrays.fill(plane, 0, ph * wp, 0f);
        for (int y = 0; y < h; y++) {
            int row = (y + ph) * wp;
            Arrays.fill(plane, row, row + pw, 0f);
            System.arraycopy(raw, y * w, plane, row + pw, w);
            Arrays.fill(plane, row + pw + w, row + wp, 0f);
        }
        Arrays.fill(plane, (ph + h) * wp, (int) g.paddedPlane(), 0f);
    }

    /** One im2col row for a strided conv: dst[oh·wout + ow] = plane[(oh·sh + a·dh)·wp + ow·sw + c·dw]. */
    private void gather(float[] plane, int a, int c, float[] dst) {
        int hout = g.hout();
        int wout = g.wout();
        int sh = g.sh();
        int sw = g.sw();
        int wp = g.wp();
        int dh = g.dh();
        int dw = g.dw();
        for (int oh = 0; oh < hout; oh++) {
            int s = (oh * sh + a * dh) * wp + c * dw;
            int d = oh * wout;
            for (int ow = 0; ow < wout; ow++) {
                dst[d + ow] = plane[s + ow * sw];
            }
        }
    }

}
