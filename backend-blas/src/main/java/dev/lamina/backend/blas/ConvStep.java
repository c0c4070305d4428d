package dev.lamina.backend.blas;

import dev.lamina.api.Conv2d;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Shape;
import org.bytedeco.javacpp.FloatPointer;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * conv2d, optionally followed by ReLU and a max-pool in the same pass. Lowered to one {@code cblas_sgemm}
 * per block of images: weights {@code [Cout, Cin·kh·kw]} × im2col {@code [Cin·kh·kw, images·L]}. For stride 1
 * the im2col uses the padded width: output column {@code q = oh·Wp + ow} over the zero-padded input plane, so
 * every im2col row is one contiguous slice of that plane (one bulk copy); the {@code Wp − Wout} extra columns
 * per row are computed and dropped. The epilogue (bias, ReLU, pool, compaction) reads the GEMM result one
 * channel row at a time. Tiny convolutions, where a native call costs more than the arithmetic, run in Java.
 */
final class ConvStep extends Step {
    /** Below this many multiply-adds per call, Java beats the native call. */
    static final long DIRECT_MACS = 4096;

    final int index;
    final int cin;
    final int h;
    final int w;
    final int cout;
    final int kh;
    final int kw;
    final int sh;
    final int sw;
    final int ph;
    final int pw;
    final int dh;
    final int dw;
    final int hout;
    final int wout;
    final int hp;
    final int wp;
    /** Stride 1: each im2col row is one contiguous slice of the padded plane. */
    final boolean contiguous;
    /** Columns per image in the GEMM, and the row stride of the GEMM result. */
    final int l;
    final int cw;
    final int k;
    final long macsPerImage;
    /** 3×3, stride 1, dilation 1, enough channels: Winograd F(2×2, 3×3) instead of im2col. */
    final boolean winograd;
    /**
     * Parity layout, for a conv fused with a 2×2/2 max-pool: the padded input is split by row and column
     * parity into four planes [hq × wq], and the GEMM's columns per image are four blocks (output row
     * parity × column parity) of (hout/2) × wq, each im2col block one contiguous slice of a parity plane. The
     * pool is then the element-wise max of the four blocks: vectorised, no strided reads.
     */
    final boolean parity;
    final int wq;
    final int hq;
    final int lb;
    /** Winograd: tiles per image (th × tw) and the zero-extended padded plane (2·th + 2) × (2·tw + 2). */
    final int th;
    final int tw;
    final int he;
    final int we;
    /** Winograd: the 16 transformed weight matrices U_e [Cout, Cin], each a view at its offset (read-only). */
    private final FloatPointer[] u;
    private final float[] weightHeap;
    private final FloatPointer weight;
    final float[] bias;
    final int in;
    final int out;
    final boolean relu;
    final int poolKh;
    final int poolKw;
    final int poolSh;
    final int poolSw;
    final int poolPh;
    final int poolPw;
    final boolean pool;
    /** Size and width of one output plane (after the pool when fused). */
    final int outPlane;
    final int outW;
    final int outH;

    ConvStep(int index, String name, Conv2d c, Shape inShape, Shape convOut, float[] weightHeap, FloatPointer weight,
             float[] bias, int in, int out, boolean relu, MaxPool2d maxPool, Shape lastOut) {
        super(name);
        this.index = index;
        cin = inShape.dim(0);
        h = inShape.dim(1);
        w = inShape.dim(2);
        cout = c.filters();
        kh = c.kernel().h();
        kw = c.kernel().w();
        sh = c.stride().h();
        sw = c.stride().w();
        ph = c.padding().top();
        pw = c.padding().left();
        dh = c.dilation().h();
        dw = c.dilation().w();
        hout = convOut.dim(1);
        wout = convOut.dim(2);
        hp = Math.addExact(h, 2 * ph);
        wp = Math.addExact(w, 2 * pw);
        contiguous = sh == 1 && sw == 1;
        k = Math.multiplyExact(Math.multiplyExact(cin, kh), kw);
        macsPerImage = (long) cout * k * hout * wout;
        if (weightHeap.length != (long) cout * k) {
            throw new IllegalArgumentException(name + ": weight has " + weightHeap.length + " values, expected "
                    + (long) cout * k);
        }
        if (bias != null && bias.length != cout) {
            throw new IllegalArgumentException(name + ": bias has " + bias.length + " values, expected " + cout);
        }
        winograd = kh == 3 && kw == 3 && sh == 1 && sw == 1 && dh == 1 && dw == 1 && cin >= 8 && cout >= 8;
        th = (hout + 1) / 2;
        tw = (wout + 1) / 2;
        he = 2 * th + 2;
        we = 2 * tw + 2;
        u = winograd ? Winograd.weights(weightHeap, cout, cin, name) : null;
        this.weightHeap = weightHeap;
        this.weight = weight;
        this.bias = bias;
        this.in = in;
        this.out = out;
        this.relu = relu;
        this.pool = maxPool != null;
        poolKh = pool ? maxPool.kernel().h() : 1;
        poolKw = pool ? maxPool.kernel().w() : 1;
        poolSh = pool ? maxPool.stride().h() : 1;
        poolSw = pool ? maxPool.stride().w() : 1;
        poolPh = pool ? maxPool.padding().top() : 0;
        poolPw = pool ? maxPool.padding().left() : 0;
        outH = lastOut.dim(1);
        outW = lastOut.dim(2);
        outPlane = outH * outW;
        wq = (wp + 1) / 2;
        hq = (hp + 1) / 2 + 1;
        parity = contiguous && !winograd && pool && poolKh == 2 && poolKw == 2 && poolSh == 2 && poolSw == 2
                && poolPh == 0 && poolPw == 0 && hout % 2 == 0 && wout % 2 == 0 && (hout / 2) * wq >= 64;
        lb = (hout / 2) * wq;
        l = parity ? Math.multiplyExact(4, lb) : Math.multiplyExact(hout, contiguous ? wp : wout);
        cw = contiguous ? wp : wout;
    }

    /** The Winograd weights U_e (a read-only view). */
    FloatPointer winogradView(int e) {
        return u[e];
    }

    /** Native memory this step's transformed weights hold (freed with the plan). */
    FloatPointer winogradWeights() {
        return u == null ? null : u[0];
    }

    long scratchBPerImage() {
        // Winograd steps keep room for im2col too: their fallback for non-finite inputs
        return winograd ? Math.max(16L * cin * Winograd.tiles(this), (long) k * l) : (long) k * l;
    }

    long scratchCPerImage() {
        return winograd ? Math.max(16L * cout * Winograd.tiles(this), (long) cout * l) : (long) cout * l;
    }

    /** Images per GEMM: as many as fit the im2col budget, at least one. */
    int chunkFor(int capacity) {
        long perImage = scratchBPerImage();
        long byBudget = Math.max(1, BlasPlan.IM2COL_BUDGET / Math.max(1, perImage));
        long limit = (Integer.MAX_VALUE - 2L * BlasPlan.SLACK) / Math.max(perImage, scratchCPerImage());
        if (limit < 1) {
            throw new IllegalArgumentException(name + ": one image needs an im2col of " + k + " × " + l
                    + " floats, more than one native buffer can hold");
        }
        return (int) Math.min(Math.min(byBudget, limit), capacity);
    }

    @Override
    void heapNeeds(int[] heap) {
        long plane = (long) hp * wp + (long) (kw - 1) * dw + 1;
        need(heap, 0, Math.max(plane, (long) cin * h * w));
        need(heap, 1, Math.max(Math.max((long) h * w, l), (long) hout * wout));
        need(heap, 2, outPlane);
        if (winograd) {
            need(heap, 5, Winograd.rowLength(this));
        }
        if (parity) {
            need(heap, 5, (long) hq * wq + wq + kw * dw + 16);
            need(heap, 5, lb + 16);
        }
        if (!winograd && (long) k * l <= BlasPlan.IM2COL_BUDGET) {
            need(heap, 6, BlasPlan.IM2COL_BUDGET);
            long maxChunk = Math.max(1, BlasPlan.IM2COL_BUDGET / ((long) k * l));
            if ((long) cout * l * maxChunk <= BlasPlan.IM2COL_BUDGET) {
                need(heap, 7, maxChunk * cout * outPlane);
            }
        }
    }

    @Override
    void run(Workspace ws, Workspace.Lane lane, int from, int to, int threads) {
        if ((to - from) * macsPerImage < DIRECT_MACS) {
            direct(ws, lane, from, to);
            return;
        }
        int chunk = ws.chunk[index];
        for (int n0 = from; n0 < to; n0 += chunk) {
            if (winograd) {
                Winograd.run(this, ws, lane, n0, Math.min(chunk, to - n0));
            } else {
                gemm(ws, lane, n0, Math.min(chunk, to - n0));
            }
        }
    }

    void gemm(Workspace ws, Workspace.Lane lane, int n0, int m) {
        FloatBuffer src = ws.bufs[in];
        FloatBuffer b = lane.bBuf;
        float[] plane = lane.h0;
        float[] raw = lane.h1;
        int ldb = m * l;
        // validate every size against the buffers before handing them to native code
        if ((long) k * ldb > b.capacity() || (long) cout * ldb > lane.cBuf.capacity()
                || (long) (n0 + m) * cin * h * w > src.capacity()
                || (long) (n0 + m) * cout * outPlane > ws.bufs[out].capacity()) {
            throw new IllegalStateException(name + ": buffers too small for " + m + " images (internal error)");
        }
        int hw = h * w;
        if (parity) {
            parityGemm(ws, lane, n0, m, ldb);
            return;
        }
        // small blocks are assembled on the heap (System.arraycopy) and copied out once
        float[] stage = (long) k * ldb <= lane.stage.length ? lane.stage : null;
        for (int j = 0; j < m; j++) {
            int n = n0 + j;
            for (int ci = 0; ci < cin; ci++) {
                int from = (n * cin + ci) * hw;
                if (ph == 0 && pw == 0) {
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
        if (stage != null) {
            b.put(0, stage, 0, k * ldb);
        }
        Gemm.nn(cout, ldb, k, weight, k, lane.scratchB, 0, ldb, 0f, lane.scratchC, 0, ldb);
        FloatBuffer c = lane.cBuf;
        FloatBuffer dst = ws.bufs[out];
        if (stage != null && (long) cout * ldb <= stage.length && (long) m * cout * outPlane <= lane.outStage.length) {
            // small blocks: the whole GEMM result in, every output of the block out, one copy each way
            c.get(0, stage, 0, cout * ldb);
            float[] os = lane.outStage;
            for (int j = 0; j < m; j++) {
                for (int co = 0; co < cout; co++) {
                    System.arraycopy(stage, co * ldb + j * l, raw, 0, l);
                    epilogue(raw, cw, lane.h2, bias == null ? 0f : bias[co]);
                    System.arraycopy(lane.h2, 0, os, (j * cout + co) * outPlane, outPlane);
                }
            }
            dst.put(n0 * cout * outPlane, os, 0, m * cout * outPlane);
            return;
        }
        for (int j = 0; j < m; j++) {
            int n = n0 + j;
            for (int co = 0; co < cout; co++) {
                c.get(co * ldb + j * l, raw, 0, l);
                epilogue(raw, cw, lane.h2, bias == null ? 0f : bias[co]);
                dst.put((n * cout + co) * outPlane, lane.h2, 0, outPlane);
            }
        }
    }

    /** The parity-layout conv with its fused 2×2 pool (see {@link #parity}). */
    private void parityGemm(Workspace ws, Workspace.Lane lane, int n0, int m, int ldb) {
        FloatBuffer src = ws.bufs[in];
        FloatBuffer b = lane.bBuf;
        float[] raw = lane.h1;
        float[][] rows = lane.rows;
        int planeLen = hq * wq + wq + kw * dw + 16;
        if (rows.length < 9 || rows[0].length < planeLen || rows[0].length < lb + 16) {
            throw new IllegalStateException(name + ": working rows too small (internal error)");
        }
        int hw = h * w;
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
        if (stage != null) {
            b.put(0, stage, 0, k * ldb);
        }
        Gemm.nn(cout, ldb, k, weight, k, lane.scratchB, 0, ldb, 0f, lane.scratchC, 0, ldb);
        FloatBuffer cb = lane.cBuf;
        FloatBuffer dst = ws.bufs[out];
        float[] q0 = rows[4];
        float[] q1 = rows[5];
        float[] q2 = rows[6];
        float[] q3 = rows[7];
        float[] pooled = rows[8];
        int half = wout / 2;
        // small blocks: the whole GEMM result in and every output of the block out, one copy each way
        boolean staged = stage != null && (long) cout * ldb <= stage.length
                && (long) m * cout * outPlane <= lane.outStage.length;
        if (staged) {
            cb.get(0, stage, 0, cout * ldb);
        }
        for (int j = 0; j < m; j++) {
            int n = n0 + j;
            for (int co = 0; co < cout; co++) {
                int at = co * ldb + j * l;
                if (staged) {
                    System.arraycopy(stage, at, q0, 0, lb);
                    System.arraycopy(stage, at + lb, q1, 0, lb);
                    System.arraycopy(stage, at + 2 * lb, q2, 0, lb);
                    System.arraycopy(stage, at + 3 * lb, q3, 0, lb);
                } else {
                    cb.get(at, q0, 0, lb);
                    cb.get(at + lb, q1, 0, lb);
                    cb.get(at + 2 * lb, q2, 0, lb);
                    cb.get(at + 3 * lb, q3, 0, lb);
                }
                float bv = bias == null ? 0f : bias[co];
                // Math.max propagates NaN, as PyTorch's pool does; it commutes with the bias and with ReLU
                for (int t = 0; t < lb; t++) {
                    pooled[t] = Math.max(Math.max(q0[t], q1[t]), Math.max(q2[t], q3[t])) + bv;
                }
                if (relu) {
                    for (int t = 0; t < lb; t++) {
                        pooled[t] = Math.max(pooled[t], 0f);
                    }
                }
                float[] o = staged ? lane.outStage : lane.h2;
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

    /** raw [h, w] → plane [hp, wp] with a zero border, plus zeroed slack after it. */
    void pad(float[] raw, float[] plane) {
        Arrays.fill(plane, 0, ph * wp, 0f);
        for (int y = 0; y < h; y++) {
            int row = (y + ph) * wp;
            Arrays.fill(plane, row, row + pw, 0f);
            System.arraycopy(raw, y * w, plane, row + pw, w);
            Arrays.fill(plane, row + pw + w, row + wp, 0f);
        }
        Arrays.fill(plane, (ph + h) * wp, hp * wp + (kw - 1) * dw + 1, 0f);
    }

    /** One im2col row for a strided conv: dst[oh·wout + ow] = plane[(oh·sh + a·dh)·wp + ow·sw + c·dw]. */
    private void gather(float[] plane, int a, int c, float[] dst) {
        for (int oh = 0; oh < hout; oh++) {
            int s = (oh * sh + a * dh) * wp + c * dw;
            int d = oh * wout;
            for (int ow = 0; ow < wout; ow++) {
                dst[d + ow] = plane[s + ow * sw];
            }
        }
    }

    /** Direct convolution in Java for tiny layers: no native call at all. */
    private void direct(Workspace ws, Workspace.Lane lane, int from, int to) {
        FloatBuffer src = ws.bufs[in];
        FloatBuffer dst = ws.bufs[out];
        float[] x = lane.h0;
        float[] y = lane.h1;
        int sample = cin * h * w;
        for (int n = from; n < to; n++) {
            src.get(n * sample, x, 0, sample);
            for (int co = 0; co < cout; co++) {
                for (int oh = 0; oh < hout; oh++) {
                    for (int ow = 0; ow < wout; ow++) {
                        float s = 0f;
                        for (int ci = 0; ci < cin; ci++) {
                            int wBase = (co * cin + ci) * kh * kw;
                            int xBase = ci * h * w;
                            for (int a = 0; a < kh; a++) {
                                int iy = oh * sh - ph + a * dh;
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                for (int c = 0; c < kw; c++) {
                                    int ix = ow * sw - pw + c * dw;
                                    if (ix >= 0 && ix < w) {
                                        s += weightHeap[wBase + a * kw + c] * x[xBase + iy * w + ix];
                                    }
                                }
                            }
                        }
                        y[oh * wout + ow] = s;
                    }
                }
                epilogue(y, wout, lane.h2, bias == null ? 0f : bias[co]);
                dst.put((n * cout + co) * outPlane, lane.h2, 0, outPlane);
            }
        }
    }

    /** src: one channel's conv output, rows of stride {@code stride} → dst: bias, ReLU, pool applied. */
    void epilogue(float[] src, int stride, float[] dst, float b) {
        if (!pool) {
            for (int oh = 0; oh < hout; oh++) {
                int s = oh * stride;
                int d = oh * wout;
                if (relu) {
                    for (int ow = 0; ow < wout; ow++) {
                        dst[d + ow] = Math.max(src[s + ow] + b, 0f);
                    }
                } else {
                    for (int ow = 0; ow < wout; ow++) {
                        dst[d + ow] = src[s + ow] + b;
                    }
                }
            }
            return;
        }
        // max commutes with the bias and with ReLU (both monotonic): pool the raw values, then add and clamp;
        // Math.max propagates NaN, as PyTorch's pool does
        if (poolKh == 2 && poolKw == 2 && poolSh == 2 && poolSw == 2 && poolPh == 0 && poolPw == 0) {
            for (int oy = 0; oy < outH; oy++) {
                int r0 = 2 * oy * stride;
                int r1 = r0 + stride;
                int d = oy * outW;
                for (int ox = 0; ox < outW; ox++) {
                    int x = 2 * ox;
                    float m = Math.max(Math.max(src[r0 + x], src[r0 + x + 1]), Math.max(src[r1 + x], src[r1 + x + 1]));
                    dst[d + ox] = relu ? Math.max(m + b, 0f) : m + b;
                }
            }
            return;
        }
        for (int oy = 0; oy < outH; oy++) {
            int y0 = oy * poolSh - poolPh;
            int ya = Math.max(y0, 0);
            int yb = Math.min(y0 + poolKh, hout);
            for (int ox = 0; ox < outW; ox++) {
                int x0 = ox * poolSw - poolPw;
                int xa = Math.max(x0, 0);
                int xb = Math.min(x0 + poolKw, wout);
                float m = Float.NEGATIVE_INFINITY;
                for (int yy = ya; yy < yb; yy++) {
                    int r = yy * stride;
                    for (int xx = xa; xx < xb; xx++) {
                        m = Math.max(m, src[r + xx]);
                    }
                }
                float v = m + b;
                dst[oy * outW + ox] = relu ? Math.max(v, 0f) : v;
            }
        }
    }
}
