package dev.lamina.backend.blas;

import dev.lamina.spi.helpers.VectorJit;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

/**
 * The Java-side hot loops that C2 (Java 17) does not vectorise by itself — it vectorises a loop only when
 * every array in it is read at the loop index, and these read one array at several offsets. Chosen once
 * per JVM: {@link VectorKernels} on the Vector API when the {@code jdk.incubator.vector} module is in the
 * boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector}, as {@code ./lamina}
 * and the benchmark do), else {@link ScalarKernels}, with one INFO line saying how to enable the faster
 * path. Both compute the same values, bit for bit: every product is rounded, then added in the order the
 * method states. {@code -Dlamina.blas.vector=false} forces the scalar path (to compare the two). The
 * vector class is looked up by name, so a JVM without the module never links it.
 */
abstract class JavaKernels {
    /** The module that enables the vector path. */
    static final String MODULE = "jdk.incubator.vector";
    /** System property: {@code false} forces the scalar loops. */
    static final String VECTOR_PROPERTY = "lamina.blas.vector";
    /**
     * Floats a kernel may read or write past the end of the range it is given (a vector's worth, 512 bits):
     * every array handed to it has that much slack, and what lands there is ignored.
     */
    static final int OVERRUN = 16;

    /** The kernels this JVM uses. */
    static JavaKernels get() {
        return Holder.KERNELS;
    }

    /** One line for {@code lamina backends}: the active path, and how to enable the faster one when absent. */
    static String status() {
        if (Holder.WHY != null) {
            return "Java kernels: " + Holder.KERNELS.describe() + " (" + Holder.WHY + "; start Java with --add-modules "
                    + MODULE + " for the Vector API path)";
        }
        return "Java kernels: " + Holder.KERNELS.describe() + VectorJit.advice().map(a -> " (" + a + ")").orElse("");
    }

    /** Which implementation, in words. */
    abstract String describe();

    /** The float vector width in bits, 0 for the scalar loops. */
    abstract int vectorBits();

    /**
     * A small matrix product on the heap whose B rows lie anywhere in one array: {@code c[cAt + i·ldc + q] =
     * Σ_t a[aAt + i·k + t] · b[rowAt[t] + q]} for {@code i < m}, {@code q < n}: each sum fused multiply-adds
     * in {@code t} order from zero (one rounding per step), the same in both implementations. The rows may
     * overlap: a conv's im2col is never built, each of its rows read in place as a shifted slice of an input
     * plane. Reads and writes nothing outside those ranges. For convs with few filters, where OpenBLAS's
     * kernels run at 14–33 GFLOP/s ([6 × 25] and [16 × 150] products).
     */
    abstract void gemm(float[] a, int aAt, int m, int k, float[] b, int[] rowAt, int n, float[] c, int cAt, int ldc);

    /**
     * Rows per tile of {@link #tileRows}' layout: 8 where the kernels have tiles of eight rows (512-bit vectors),
     * 0 where {@link #gemmTiled} reads plain rows.
     */
    int rowTile() {
        return 0;
    }

    /**
     * {@code a [m × k]} (rows {@code k} apart) as {@link #gemmTiled} reads it: each whole tile of {@link #rowTile}
     * rows interleaved by {@code t} — row {@code r·i + j}'s entry {@code t} at {@code (r·i)·k + r·t + j} — and the
     * rows past the last whole tile as they are, so every tile and row keeps the range it had; {@code a} itself
     * where there are no tiles. Made once per conv from its weights: a tile's broadcasts of one k step then read
     * one run of floats instead of {@code r} rows {@code 4k} bytes apart.
     */
    final float[] tileRows(float[] a, int m, int k) {
        int r = rowTile();
        if (r == 0) {
            return a;
        }
        if (a.length < (long) m * k) {
            throw new IllegalArgumentException("a has " + a.length + " floats, not " + m + " × " + k);
        }
        float[] tiled = a.clone();
        for (int i = 0; i + r <= m; i += r) {
            int base = i * k;
            for (int j = 0; j < r; j++) {
                for (int t = 0; t < k; t++) {
                    tiled[base + r * t + j] = a[base + j * k + t];
                }
            }
        }
        return tiled;
    }

    /**
     * {@link #gemm} on A as {@link #tileRows} laid it out ({@code m} rows of it from {@code aAt}, which is where a
     * tile starts): the same sums. The call's rows past its last whole tile must be rows the layout keeps as they
     * are — a call covers whole tiles, and the layout's last rows only with the tiles before them. Here, with no
     * tiles, {@link #gemm}.
     */
    void gemmTiled(float[] a, int aAt, int m, int k, float[] b, int[] rowAt, int n, float[] c, int cAt, int ldc) {
        gemm(a, aAt, m, k, b, rowAt, n, c, cAt, ldc);
    }

    /** {@link #gemmTiled} as plain loops, over tiles of {@code tile} rows. */
    static void gemmTiledLoops(float[] a, int aAt, int m, int k, int tile, float[] b, int[] rowAt, int n, float[] c,
                               int cAt, int ldc) {
        int whole = m - m % tile;
        for (int i = 0; i < m; i++) {
            int w = i < whole ? aAt + (i - i % tile) * k + i % tile : aAt + i * k;
            int step = i < whole ? tile : 1;
            int ci = cAt + i * ldc;
            java.util.Arrays.fill(c, ci, ci + n, 0f);
            for (int t = 0; t < k; t++) {
                float x = a[w + t * step];
                int bt = rowAt[t];
                for (int q = 0; q < n; q++) {
                    c[ci + q] = Math.fma(x, b[bt + q], c[ci + q]);
                }
            }
        }
    }

    /** {@link #gemm} as plain loops: row by row of B, so the inner loop runs along contiguous columns. */
    static void gemmLoops(float[] a, int aAt, int m, int k, float[] b, int[] rowAt, int n, float[] c, int cAt,
                          int ldc) {
        for (int i = 0; i < m; i++) {
            int w = aAt + i * k;
            int ci = cAt + i * ldc;
            java.util.Arrays.fill(c, ci, ci + n, 0f);
            for (int t = 0; t < k; t++) {
                float x = a[w + t];
                int bt = rowAt[t];
                for (int q = 0; q < n; q++) {
                    c[ci + q] = Math.fma(x, b[bt + q], c[ci + q]);
                }
            }
        }
    }

    /** Whether {@link #gemm} beats OpenBLAS on those products (the Vector API one; the scalar loops are 4× slower). */
    boolean fastGemm() {
        return false;
    }

    /**
     * {@link #gemm} for convs whose output rows fill whole vectors two by two ({@link #rowPairTiles}): C dense,
     * {@code c[cAt + i·ldc + r·w + j] = Σ_t a[aAt + i·k + t] · b[rowAt[t] + r·rs + j]} for {@code i < m},
     * {@code r < rows} (even), {@code j < w} — output row {@code r} of tap {@code t} is the slice of B at
     * {@code rowAt[t] + r·rs}, {@code rs} the phase planes' width, so the vector kernels take the {@code 2·w}
     * outputs of a pair of rows as {@code 2·w/16} vectors (a vector across the two rows loaded from both and
     * blended) and compute no padding column (LeNet's conv2: 8 of every 12; conv1: 24 of every 28). Each sum
     * fused multiply-adds in {@code t} order from zero, as {@link #gemm}'s; reads B only where {@link #gemm}
     * over {@code rows · rs} columns reads it.
     */
    final void gemmRowPairs(float[] a, int aAt, int m, int k, float[] b, int[] rowAt, int rows, int rs, int w,
                            float[] c, int cAt, int ldc) {
        int pairs = rows / 2;
        if (!rowPairTiles(w, m) || rows % 2 != 0 || pairs < 2 || rs < w) {
            gemmRowPairsLoops(a, aAt, m, k, b, rowAt, rows, rs, w, c, cAt, ldc);
            return;
        }
        if (w == WIDE_PAIR) {
            // six filters at a time on one pair of rows (three vectors)
            for (int i = 0; i < m; i += 6) {
                for (int v = 0; v < pairs; v++) {
                    pairs6x3(a, aAt + i * k, k, b, rowAt, 2 * v * rs, rs, c, cAt + i * ldc + v * 2 * w, ldc);
                }
            }
            return;
        }
        // eight filters at a time on two vectors (four output rows), the last two overlapping the ones before
        // when the pairs are odd (the same sums again)
        for (int i = 0; i < m; i += 8) {
            for (int v = 0; v < pairs; v += 2) {
                int u = Math.min(v, pairs - 2);
                pairs8x2(a, aAt + i * k, k, b, rowAt, 2 * u * rs, rs, c, cAt + i * ldc + u * 2 * w, ldc);
            }
        }
    }

    /** The row widths {@link #gemmRowPairs} has vector tiles for: half a 512-bit vector, and one and a half. */
    static final int NARROW_PAIR = 8;
    static final int WIDE_PAIR = 24;

    /**
     * Whether {@link #gemmRowPairs} has vector tiles for {@code m} filters on output rows {@code w} wide (512-bit
     * vectors: 8 wide in tiles of eight filters, 24 wide in tiles of six, {@code m} a multiple of the tile);
     * false for the scalar kernels and narrower vectors — then nothing calls it but the tests.
     */
    boolean rowPairTiles(int w, int m) {
        return false;
    }

    /** The shapes of {@link #rowPairTiles}: 8-wide rows and a multiple of eight filters, 24-wide and of six. */
    static boolean rowPairShape(int w, int m) {
        return w == NARROW_PAIR && m % 8 == 0 || w == WIDE_PAIR && m % 6 == 0;
    }

    /**
     * {@link #gemmRowPairs}' tile for rows {@value #NARROW_PAIR} wide: filters {@code 0 … 7} (rows of {@code a}
     * from {@code w0}, {@code k} apart) on output rows {@code 0 … 3} from {@code q} (B's rows {@code rs} apart),
     * into {@code c} from {@code ct}, dense, filter rows {@code ldc} apart.
     */
    void pairs8x2(float[] a, int w0, int k, float[] b, int[] rowAt, int q, int rs, float[] c, int ct, int ldc) {
        throw new UnsupportedOperationException("no row-pair tile in " + describe());
    }

    /**
     * {@link #gemmRowPairs}' tile for rows {@value #WIDE_PAIR} wide: filters {@code 0 … 5} on output rows
     * {@code 0, 1} from {@code q}, as {@link #pairs8x2} takes its arguments.
     */
    void pairs6x3(float[] a, int w0, int k, float[] b, int[] rowAt, int q, int rs, float[] c, int ct, int ldc) {
        throw new UnsupportedOperationException("no row-pair tile in " + describe());
    }

    /** {@link #gemmRowPairs} as plain loops. */
    static void gemmRowPairsLoops(float[] a, int aAt, int m, int k, float[] b, int[] rowAt, int rows, int rs, int w,
                                  float[] c, int cAt, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cAt + i * ldc;
            java.util.Arrays.fill(c, ci, ci + rows * w, 0f);
            for (int t = 0; t < k; t++) {
                float x = a[aAt + i * k + t];
                for (int r = 0; r < rows; r++) {
                    int bt = rowAt[t] + r * rs;
                    int cr = ci + r * w;
                    for (int j = 0; j < w; j++) {
                        c[cr + j] = Math.fma(x, b[bt + j], c[cr + j]);
                    }
                }
            }
        }
    }

    /**
     * Columns of one packed panel of {@link #gemmPanel}'s B where the kernels have a fast one (three vectors of
     * 512 bits: 48), else 0 — then nothing calls it but the tests.
     */
    int panelWidth() {
        return 0;
    }

    /**
     * Columns of the narrower packed panel of {@link #gemmPanel}'s B (two vectors of 512 bits: 32), for products
     * of fewer columns than {@link #panelWidth()} (MobileNetV2's stem, 32 filters); else 0.
     */
    int narrowPanelWidth() {
        return 0;
    }

    /**
     * The panel for a product of {@code columns} columns: {@link #panelWidth()} where they fill one, else
     * {@link #narrowPanelWidth()} where they fill that, else 0 (none).
     */
    final int panelWidthFor(int columns) {
        int wide = panelWidth();
        if (wide > 0 && columns >= wide) {
            return wide;
        }
        int narrow = narrowPanelWidth();
        return narrow > 0 && columns >= narrow ? narrow : 0;
    }

    /**
     * A product with A transposed and B one packed panel of {@code w} columns: {@code c[cAt + i·ldc + j] =
     * Σ_t a[aAt + rowAt[t] + i] · b[bAt + t·w + j]} for {@code i < m}, {@code j < w}, {@code t < k} — A's
     * column {@code i} is read down its rows, which lie wherever {@code rowAt} says (a Winograd component's
     * transformed inputs, {@code [Cin, tiles]}, give the tiles as C's rows; a conv's im2col rows, slices of its
     * phase planes, give the output pixels), B's panel is {@code k} rows of {@code w} floats one after the
     * other (packed once, when the plan is built). Each sum fused multiply-adds in {@code t} order from zero,
     * the same in both implementations; reads and writes nothing outside those ranges. {@code w} is
     * {@link #panelWidth()} or {@link #narrowPanelWidth()} for the vector kernels, any width for the loops.
     */
    void gemmPanel(float[] a, int aAt, int[] rowAt, int m, int k, float[] b, int bAt, int w, float[] c, int cAt,
                   int ldc) {
        gemmPanelLoops(a, aAt, rowAt, m, k, b, bAt, w, c, cAt, ldc);
    }

    /**
     * {@link #gemmPanel} with each output finished as {@link #addChannels} finishes it: {@code c = clamp(sum +
     * bias[biasAt + j])} for column {@code j} — a lane below {@code clamp.min()} takes it, above
     * {@code clamp.max()} takes that (NaN and −0 kept) — the same operations on the same values as the product
     * then a pass over it; the vector kernels apply them in registers before the store. {@code bias} not null.
     */
    final void gemmPanel(float[] a, int aAt, int[] rowAt, int m, int k, float[] b, int bAt, int w, float[] c,
                         int cAt, int ldc, float[] bias, int biasAt, Activation.Clamp clamp) {
        for (int i = gemmPanelFinishing(a, aAt, rowAt, m, k, b, bAt, w, c, cAt, ldc, bias, biasAt, clamp); i < m; i++) {
            addChannels(c, cAt + i * ldc, 1, bias, biasAt, w, clamp);
        }
    }

    /**
     * {@link #gemmPanel}, finishing the first rows' outputs itself (the vector kernels: the tiles of eight, in
     * registers); returns how many, the rest left to {@link #addChannels}. The loops finish none.
     */
    int gemmPanelFinishing(float[] a, int aAt, int[] rowAt, int m, int k, float[] b, int bAt, int w, float[] c,
                           int cAt, int ldc, float[] bias, int biasAt, Activation.Clamp clamp) {
        gemmPanelLoops(a, aAt, rowAt, m, k, b, bAt, w, c, cAt, ldc);
        return 0;
    }

    /** {@link #gemmPanel} as plain loops, row by row of C. */
    static void gemmPanelLoops(float[] a, int aAt, int[] rowAt, int m, int k, float[] b, int bAt, int w,
                               float[] c, int cAt, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cAt + i * ldc;
            java.util.Arrays.fill(c, ci, ci + w, 0f);
            for (int t = 0; t < k; t++) {
                float x = a[aAt + rowAt[t] + i];
                int bt = bAt + t * w;
                for (int j = 0; j < w; j++) {
                    c[ci + j] = Math.fma(x, b[bt + j], c[ci + j]);
                }
            }
        }
    }

    /**
     * A depthwise convolution's taps over one channel: {@code acc[q] = Σ_t w[w0 + t] · src[off[t] + q]} for
     * {@code 0 ≤ q < n}, each product rounded, the sum taken in tap order starting from the first product.
     * May write {@code acc} up to {@link #OVERRUN} floats past {@code n} and read {@code src} that far past
     * {@code off[t] + n}: both arrays need that slack.
     */
    abstract void taps(float[] src, int[] off, float[] w, int w0, float[] acc, int n);

    /**
     * One output row of a depthwise conv (channel multiplier 1, no dilation) in channels-last layout, {@code c}
     * channels per pixel: {@code out[outAt + ow·c + j] = clamp((Σ_t in[rowAt[t / kw] + (ow·sw + t mod kw)·c + j]
     * · w[t·c + j]) + bias[j])} for {@code ow < wout}, {@code j < c}, over the {@code kh·kw} taps {@code t}, where
     * {@code rowAt[a]} is where padded input row {@code a} of this output row starts and the clamp is
     * {@link #hardtanh}'s by {@code clamp}'s bounds ({@link Activation.Clamp#NONE}: none). The sum starts from the
     * first product (rounded) and takes each further tap as one fused multiply-add, in tap order; then the
     * bias is added (rounded): the same in both implementations. Only channels {@code j0 ≤ j < j1} are computed
     * (a thread's share of the channels; {@code 0, c}: all), and nothing outside them is read or written.
     */
    abstract void depthwiseRow(float[] in, int[] rowAt, int kw, int sw, float[] w, float[] bias, int c, int j0,
                               int j1, Activation.Clamp clamp, float[] out, int outAt, int wout);

    /** {@link #depthwiseRow} as plain loops over channels {@code j0 … j1−1}, channel by channel of each output pixel. */
    static void depthwiseRowLoops(float[] in, int[] rowAt, int kw, int sw, float[] w, float[] bias, int c, int j0,
                                  int j1, Activation.Clamp clamp, float[] out, int outAt, int wout) {
        int kh = rowAt.length;
        float lo = clamp.min();
        float hi = clamp.max();
        for (int ow = 0; ow < wout; ow++) {
            for (int j = j0; j < j1; j++) {
                float s = in[rowAt[0] + ow * sw * c + j] * w[j];
                for (int t = 1; t < kh * kw; t++) {
                    s = Math.fma(in[rowAt[t / kw] + (ow * sw + t % kw) * c + j], w[t * c + j], s);
                }
                float v = s + bias[j];
                out[outAt + ow * c + j] = v < lo ? lo : v > hi ? hi : v;
            }
        }
    }

    /**
     * A bias per channel added in place to {@code pixels} pixels of {@code c} channels (channels-last), then
     * {@link #hardtanh}'s clamp by {@code clamp}'s bounds: {@code a[from + p·c + j] = clamp(a[…] + bias[biasAt +
     * j])}, the sum rounded. No slack needed.
     */
    abstract void addChannels(float[] a, int from, int pixels, float[] bias, int biasAt, int c,
                              Activation.Clamp clamp);

    /**
     * Hardtanh in place: {@code a[i] = v < min ? min : v > max ? max : v} with {@code v = a[i] + bias} (the sum
     * rounded), for {@code from ≤ i < to}; NaN fails both tests and stays NaN, and a zero that equals a bound
     * keeps its own sign (−0 stays −0 under ReLU6). No slack needed.
     */
    abstract void hardtanh(float[] a, int from, int to, float bias, float min, float max);

    /** As {@link #hardtanh(float[], int, int, float, float, float)} with no bias added (−0 + 0 would be +0). */
    abstract void hardtanh(float[] a, int from, int to, float min, float max);

    /**
     * A residual add between native buffers, in place of copies to the heap and back: {@code c[i] = a[i] + b[i]}
     * for float indices {@code from ≤ i < to} of buffers in the platform's byte order, one rounding each, then,
     * with {@code relu}, {@code Math.max(sum, 0f)} — {@code nn.ReLU}'s {@link #relu} of the rounded sum (NaN stays
     * NaN, −0 becomes +0). {@code c} may be {@code a} or {@code b}.
     */
    abstract void addBuffers(ByteBuffer a, ByteBuffer b, ByteBuffer c, int from, int to, boolean relu);

    /** {@link #addBuffers} as a plain loop, float by float. */
    static void addBuffersLoop(ByteBuffer a, ByteBuffer b, ByteBuffer c, int from, int to, boolean relu) {
        for (int i = from; i < to; i++) {
            float v = a.getFloat(4 * i) + b.getFloat(4 * i);
            c.putFloat(4 * i, relu ? Math.max(v, 0f) : v);
        }
    }

    /**
     * Whether {@link #addBuffers} runs in vectors on this JVM, so an add step should take it rather than heap
     * chunks: the Vector API kernels where the incubator module has {@code FloatVector.fromByteBuffer} (JDK 16–18;
     * from 19 on it reads memory segments instead). The loops: no.
     */
    boolean addsBuffers() {
        return false;
    }

    /**
     * The rows of a 3×3 stride-2 max-pool's windows (padding 1) reduced, every output row at once:
     * {@code dst[dstAt + r·w + x] = max(src[srcAt + (2r − 1)·stride + x], src[srcAt + 2r·stride + x],
     * src[srcAt + (2r + 1)·stride + x])} for {@code r < rows}, {@code x < w}, the first term left out for
     * {@code r = 0} (the padding row). Math.max: NaN wins, +0 over −0. No slack needed.
     */
    abstract void maxRowTriples(float[] src, int srcAt, int stride, int rows, int w, float[] dst, int dstAt);

    /**
     * ReLU in place after the bias: {@code a[i] = Math.max(a[i] + bias, 0f)} for {@code from ≤ i < to} (the sum
     * rounded; NaN stays NaN, −0 becomes +0, as {@code nn.ReLU}). With a bias of 0 it is plain ReLU: adding +0
     * changes only the sign of a zero, which the max makes +0 anyway. No slack needed.
     */
    abstract void relu(float[] a, int from, int to, float bias);

    /**
     * Splits pairs by position: {@code even[evenAt + j] = src[from + 2j]}, {@code odd[oddAt + j] = src[from + 2j + 1]}
     * for {@code 0 ≤ j < pairs} (a row of a stride-2 conv's input into its two column phases). No slack needed.
     */
    abstract void deinterleave(float[] src, int from, int pairs, float[] even, int evenAt, float[] odd, int oddAt);


    /**
     * {@code dst[d + i] = Math.max(dst[d + i], src[s + i])} for {@code 0 ≤ i < n} (NaN wins, +0 over −0); the
     * two ranges may be in one array if they do not overlap. No slack needed.
     */
    abstract void max(float[] dst, int d, float[] src, int s, int n);

    /**
     * Pairs from two arrays: {@code dst[dAt + 2j] = a[aAt + j]}, {@code dst[dAt + 2j + 1] = b[bAt + j]} for
     * {@code 0 ≤ j < pairs} (two output columns of Winograd tiles into one row). No slack needed.
     */
    abstract void interleave(float[] a, int aAt, float[] b, int bAt, int pairs, float[] dst, int dAt);

    /** Whether {@code a[from … from+n−1]} holds no NaN and no ±∞. */
    abstract boolean finite(float[] a, int from, int n);

    /**
     * Winograd F(2×2, 3×3)'s input transform {@code V = Bᵀ d B} of {@code nt} tiles. Tile {@code t}'s 4×4 input
     * is {@code d[r][c] = P[r mod 2][c mod 2][t + (r / 2)·tq + c / 2]}, the parity planes {@code P[0][0] = e0},
     * {@code P[0][1] = o0}, {@code P[1][0] = e1}, {@code P[1][1] = o1}. Along each row first,
     * {@code h0 = d0 − d2, h1 = d1 + d2, h2 = d2 − d1, h3 = d1 − d3}; then down each column the same four
     * combinations of the rows: {@code v[4i + k][t]} is combination {@code i} of the rows' {@code h_k}. May read
     * the planes and write the 16 rows {@link #OVERRUN} floats past their ranges.
     */
    abstract void winogradInput(float[] e0, float[] o0, float[] e1, float[] o1, int tq, float[][] v, int vAt, int nt);

    /**
     * Winograd's output transform {@code Y = Aᵀ M A} of {@code nt} tiles, {@code M[4i + k] = m[mAt + 4i + k]}:
     * down each column first, {@code s0 = (M0 + M1) + M2}, {@code s1 = (M1 − M2) − M3}; then along each of the
     * two rows, {@code left = (s_0 + s_1) + s_2}, {@code right = (s_1 − s_2) − s_3}. The tile's outputs go to
     * {@code y00} (top left), {@code y01}, {@code y10}, {@code y11}. May read and write {@link #OVERRUN}
     * floats past the ranges.
     */
    abstract void winogradOutput(float[][] m, int mAt, int nt, float[] y00, float[] y01, float[] y10, float[] y11);

    private static final class Holder {
        static final String WHY;
        static final JavaKernels KERNELS;

        static {
            String why = null;
            JavaKernels k = null;
            if (!Boolean.parseBoolean(System.getProperty(VECTOR_PROPERTY, "true"))) {
                why = "-D" + VECTOR_PROPERTY + "=false";
            } else if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
                why = MODULE + " is not in the boot layer";
            } else {
                try {
                    k = (JavaKernels) Class.forName(JavaKernels.class.getPackageName() + ".VectorKernels")
                            .getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException | LinkageError e) {
                    why = "the Vector API path failed to load: " + e;
                }
            }
            if (k == null) {
                k = new ScalarKernels();
                System.getLogger(JavaKernels.class.getName()).log(Level.INFO,
                        "lamina blas backend: scalar Java kernels (" + why + "); start Java with --add-modules "
                        + MODULE + " for the faster Vector API path");
            } else {
                VectorJit.advice().ifPresent(a -> System.getLogger(JavaKernels.class.getName()).log(Level.INFO,
                        "lamina blas backend: Vector API kernels; " + a + " (see backend-blas/README.md)"));
            }
            WHY = why;
            KERNELS = k;
        }
    }
}
