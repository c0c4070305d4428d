package dev.lamina.backend.blas;

import org.bytedeco.javacpp.FloatPointer;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Winograd F(2×2, 3×3) for 3×3 stride-1 convolutions (Lavin &amp; Gray, 2016): each 2×2 output tile is
 * {@code Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d Bᵀᵀ)] A} over a 4×4 input tile, so the 9 multiply-adds per output of im2col
 * become 4, done as 16 GEMMs {@code M_e [Cout, tiles] = U_e [Cout, Cin] × V_e [Cin, tiles]} — 2.25× fewer
 * flops, and a 4× input expansion instead of im2col's 9×. The transforms run in Java over rows of tiles (so
 * the JIT vectorises them); a following 2×2 max-pool (and ReLU) is applied per tile, since each tile is
 * exactly one pool window.
 */
final class WinogradLowering extends ConvLowering {
    /** Tiles per image: th rows × tw columns (of 2×2 outputs). */
    private final int th;
    private final int tw;
    /** The 16 transformed weight matrices U_e [Cout, Cin], each a view at its offset (read-only). */
    private final FloatPointer[] u;
    /** For a block with a non-finite input: im2col (see {@link #run}). */
    private final Im2colLowering fallback;

    /** Transforms the weights (OIHW, 3×3) into native memory, which {@link #ownedWeights} hands to the plan. */
    WinogradLowering(ConvGeometry g, Epilogue epilogue, float[] weights, String name, Im2colLowering fallback) {
        super(g, epilogue);
        th = (g.hout() + 1) / 2;
        tw = (g.wout() + 1) / 2;
        this.fallback = fallback;
        u = weights(weights, g.cout(), g.cin(), name);
    }

    /** Ungrouped, 3×3, stride 1, dilation 1, at least 8 channels in and out: where Winograd beats im2col. */
    static boolean fits(ConvGeometry g) {
        return g.groups() == 1 && g.kh() == 3 && g.kw() == 3 && g.contiguous() && g.dh() == 1 && g.dw() == 1
                && g.cin() >= 8 && g.cout() >= 8;
    }

    /** The native memory of the transformed weights (element 0 owns it); freed with the plan. */
    @Override
    FloatPointer ownedWeights() {
        return u[0];
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
    }

    /** U_e = (G g Gᵀ)_e for every (co, ci): 16 [Cout, Cin] matrices in one native buffer; element 0 owns it. */
    private static FloatPointer[] weights(float[] g, int cout, int cin, String name) {
        long n = 16L * cout * cin;
        if (n > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(name + ": " + n + " transformed weights do not fit one buffer");
        }
        float[] u = new float[(int) n];
        double[] t = new double[12];
        int plane = cout * cin;
        for (int co = 0; co < cout; co++) {
            for (int ci = 0; ci < cin; ci++) {
                int gi = (co * cin + ci) * 9;
                for (int c = 0; c < 3; c++) { // t = G g (4 × 3), column c
                    double g0 = g[gi + c];
                    double g1 = g[gi + 3 + c];
                    double g2 = g[gi + 6 + c];
                    t[c] = g0;
                    t[3 + c] = (g0 + g1 + g2) / 2;
                    t[6 + c] = (g0 - g1 + g2) / 2;
                    t[9 + c] = g2;
                }
                for (int i = 0; i < 4; i++) { // U = t Gᵀ (4 × 4), row i
                    double a = t[3 * i];
                    double b = t[3 * i + 1];
                    double c = t[3 * i + 2];
                    int e = 4 * i;
                    u[e * plane + co * cin + ci] = (float) a;
                    u[(e + 1) * plane + co * cin + ci] = (float) ((a + b + c) / 2);
                    u[(e + 2) * plane + co * cin + ci] = (float) ((a - b + c) / 2);
                    u[(e + 3) * plane + co * cin + ci] = (float) c;
                }
            }
        }
        FloatPointer p = new FloatPointer(n);
        if (p.isNull()) {
            throw new OutOfMemoryError(name + ": cannot allocate " + n * 4 + " bytes of native memory");
        }
        p.put(u);
        FloatPointer[] views = new FloatPointer[16];
        views[0] = p;
        for (int e = 1; e < 16; e++) {
            views[e] = new FloatPointer(p).position((long) e * plane);
        }
        return views;
    }

    /** Java arrays one lane needs for this step: 30 rows of {@link #rowLength}. */
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
        if (16L * cin * ldb > b.capacity() || 16L * cout * ldb > c.capacity()
                || (long) (n0 + m) * g.inputSample() > src.capacity()
                || (long) (n0 + m) * cout * outPlane > dst.capacity()
                || wa.length < ROWS || wa[0].length < rowLength()) {
            throw new IllegalStateException(s.name + ": buffers too small for " + m + " images (internal error)");
        }
        if (tilePool()) {
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
            Gemm.nn(cout, ldb, cin, u[e], cin, lane.scratchB, (long) e * cin * ldb, ldb, 0f,
                    lane.scratchC, (long) e * cout * ldb, ldb);
        }
        for (int j = 0; j < m; j++) {
            int n = n0 + j;
            for (int co = 0; co < cout; co++) {
                for (int e = 0; e < 16; e++) {
                    c.get((e * cout + co) * ldb + j * tpi, wa[14 + e], 0, tpi);
                }
                outputTransform(wa, lane, s.bias == null ? 0f : s.bias[co], th);
                dst.put((n * cout + co) * outPlane, lane.result, 0, outPlane);
            }
        }
    }

    /** A 2×2/2 max-pool fused after the conv, on an even output: each tile is exactly one pool window. */
    private boolean tilePool() {
        return epilogue.pool2x2() && g.hout() % 2 == 0 && g.wout() % 2 == 0;
    }

    /** Tile rows per block: V and M of a block (16 · (Cin + Cout) · tiles floats) within about 1 MiB. */
    private int blockRows() {
        long tiles = Math.max(1, (1L << 18) / (16L * (g.cin() + g.cout())));
        return (int) Math.max(1, Math.min(th, tiles / (tw + 1)));
    }

    /** One image, block by block; false (nothing written) when its input holds NaN or ±Inf. */
    private boolean runTiled(ConvStep s, Workspace ws, Workspace.Lane lane, int n) {
        int cin = g.cin();
        int cout = g.cout();
        int outPlane = epilogue.outPlane();
        int tq = tw + 1;
        FloatBuffer src = ws.bufs[s.in];
        FloatBuffer dst = ws.bufs[s.out];
        FloatBuffer b = lane.bBuf;
        FloatBuffer c = lane.cBuf;
        float[][] wa = lane.rows;
        int rows = blockRows();
        for (int ty0 = 0; ty0 < th; ty0 += rows) {
            int nr = Math.min(rows, th - ty0);
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
                Gemm.nn(cout, nb, cin, u[e], cin, lane.scratchB, (long) e * cin * nb, nb, 0f,
                        lane.scratchC, (long) e * cout * nb, nb);
            }
            for (int co = 0; co < cout; co++) {
                for (int e = 0; e < 16; e++) {
                    c.get((e * cout + co) * nb, wa[14 + e], 0, nb);
                }
                outputTransform(wa, lane, s.bias == null ? 0f : s.bias[co], nr);
                dst.put((n * cout + co) * outPlane + ty0 * tw, lane.result, 0, nr * tw);
            }
        }
        return true;
    }

    /*
     * Layout: the zero-padded input plane is split by row parity and column parity into four planes
     * P[rp][cp][ry·(tw+1) + cx] = padded[2ry + rp][2cx + cp]. Every loop below then reads each array at the
     * loop index only (shifted views are copied with System.arraycopy first): the form C2 vectorises.
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
        if (y1 > y0) {
            src.get(from + y0 * w, raw, 0, (y1 - y0) * w);
        }
        for (int p = 0; p < 4; p++) {
            Arrays.fill(wa[p], 0, np + 1, 0f);
        }
        int special = 0;
        for (int y = y0; y < y1; y++) {
            int py = y + ph - 2 * ty0;
            int base = (py >> 1) * tq;
            float[] even = wa[(py & 1) * 2];
            float[] odd = wa[(py & 1) * 2 + 1];
            int r = (y - y0) * w;
            for (int x = 0; x < w; x++) {
                int px = x + pw;
                float v = raw[r + x];
                special |= ((Float.floatToRawIntBits(v) & 0x7f800000) + 0x00800000) & 0x80000000;
                ((px & 1) == 0 ? even : odd)[base + (px >> 1)] = v;
            }
        }
        float[] e1 = wa[4];
        float[] o1 = wa[5];
        for (int rp = 0; rp < 2; rp++) {
            float[] e = wa[2 * rp];
            float[] o = wa[2 * rp + 1];
            System.arraycopy(e, 1, e1, 0, np);
            System.arraycopy(o, 1, o1, 0, np);
            float[] h0 = wa[6 + 4 * rp];
            float[] h1 = wa[7 + 4 * rp];
            float[] h2 = wa[8 + 4 * rp];
            float[] h3 = wa[9 + 4 * rp];
            for (int i = 0; i < np; i++) {
                h0[i] = e[i] - e1[i];
            }
            for (int i = 0; i < np; i++) {
                h1[i] = o[i] + e1[i];
            }
            for (int i = 0; i < np; i++) {
                h2[i] = e1[i] - o[i];
            }
            for (int i = 0; i < np; i++) {
                h3[i] = o[i] - o1[i];
            }
        }
        // vertical: rows 2ty, 2ty+1 are H^0, H^1 at ty; rows 2ty+2, 2ty+3 the same shifted by one row (tq)
        for (int k = 0; k < 4; k++) {
            float[] a = wa[6 + k];
            float[] bb = wa[10 + k];
            float[] a2 = wa[4];
            float[] b2 = wa[5];
            System.arraycopy(a, tq, a2, 0, nt);
            System.arraycopy(bb, tq, b2, 0, nt);
            float[] v0 = wa[14 + k];
            float[] v1 = wa[18 + k];
            float[] v2 = wa[22 + k];
            float[] v3 = wa[26 + k];
            for (int t = 0; t < nt; t++) {
                v0[t] = a[t] - a2[t];
            }
            for (int t = 0; t < nt; t++) {
                v1[t] = bb[t] + a2[t];
            }
            for (int t = 0; t < nt; t++) {
                v2[t] = a2[t] - bb[t];
            }
            for (int t = 0; t < nt; t++) {
                v3[t] = bb[t] - b2[t];
            }
        }
        return special == 0;
    }

    /** M_e in wa[14 … 29] for one output channel → lane.result: the channel's output (pooled when fused). */
    private void outputTransform(float[][] wa, Workspace.Lane lane, float bias, int nr) {
        int tq = tw + 1;
        int nt = nr * tq;
        for (int k = 0; k < 4; k++) {
            float[] m0 = wa[14 + k];
            float[] m1 = wa[18 + k];
            float[] m2 = wa[22 + k];
            float[] m3 = wa[26 + k];
            float[] s0 = wa[k];
            float[] s1 = wa[4 + k];
            for (int t = 0; t < nt; t++) {
                s0[t] = m0[t] + m1[t] + m2[t];
            }
            for (int t = 0; t < nt; t++) {
                s1[t] = m1[t] - m2[t] - m3[t];
            }
        }
        float[] y00 = wa[8];
        float[] y01 = wa[9];
        float[] y10 = wa[10];
        float[] y11 = wa[11];
        for (int r = 0; r < 2; r++) {
            float[] a = wa[4 * r];
            float[] b = wa[4 * r + 1];
            float[] c = wa[4 * r + 2];
            float[] d = wa[4 * r + 3];
            float[] left = r == 0 ? y00 : y10;
            float[] right = r == 0 ? y01 : y11;
            for (int t = 0; t < nt; t++) {
                left[t] = a[t] + b[t] + c[t];
            }
            for (int t = 0; t < nt; t++) {
                right[t] = b[t] - c[t] - d[t];
            }
        }
        float[] out = lane.result;
        if (tilePool()) {
            // each 2×2 tile is one pool window: the max of its four outputs (+ bias, activation); NaN propagates
            float[] p = wa[12];
            for (int t = 0; t < nt; t++) {
                p[t] = Math.max(Math.max(y00[t], y01[t]), Math.max(y10[t], y11[t]));
            }
            epilogue.finish(p, 0, nt, bias);
            for (int ty = 0; ty < nr; ty++) {
                System.arraycopy(p, ty * tq, out, ty * tw, tw);
            }
            return;
        }
        // the full conv plane (hout × wout), then the ordinary epilogue (bias, ReLU, any pool)
        float[] plane = lane.work;
        int wout = g.wout();
        int hout = g.hout();
        for (int ty = 0; ty < th; ty++) {
            int y = 2 * ty;
            for (int tx = 0; tx < tw; tx++) {
                int t = ty * tq + tx;
                int x = 2 * tx;
                plane[y * wout + x] = y00[t];
                if (x + 1 < wout) {
                    plane[y * wout + x + 1] = y01[t];
                }
                if (y + 1 < hout) {
                    plane[(y + 1) * wout + x] = y10[t];
                    if (x + 1 < wout) {
                        plane[(y + 1) * wout + x + 1] = y11[t];
                    }
                }
            }
        }
        epilogue.apply(g, plane, wout, out, bias, lane.pool);
    }
}
