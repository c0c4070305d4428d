package dev.lamina.backend.blas;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JavaKernelsTest {

    /** Surefire's vector-path execution sets lamina.blas.expect-vector; default-test runs without the module. */
    @Test
    void theExpectedPathIsActive() {
        boolean expectVector = Boolean.getBoolean("lamina.blas.expect-vector");
        assertEquals(expectVector, JavaKernels.get() instanceof VectorKernels, JavaKernels.status());
        assertTrue(JavaKernels.status().contains(expectVector ? "jdk.incubator.vector," : "--add-modules jdk.incubator.vector"),
                JavaKernels.status());
    }

    /**
     * The small GEMM on both paths, bit for bit (row tiles of 6, 4 and 1, whole and overlapping last panels,
     * fewer columns than a panel), B's rows contiguous, overlapping (shifted slices of one plane, as a conv
     * reads them) and in any order, C at an offset with a wider stride left untouched around the block; and its
     * first output by hand: fused steps in k order.
     */
    @Test
    void gemmAgreesWithTheScalarLoopsExactly() {
        Random r = new Random(5);
        JavaKernels scalar = new ScalarKernels();
        JavaKernels active = JavaKernels.get();
        for (int[] s : new int[][] {{6, 25, 2304}, {16, 150, 384}, {16, 150, 96}, {6, 25, 168}, {7, 3, 33},
                {1, 1, 1}, {5, 9, 17}, {8, 4, 40}, {10, 7, 50}, {14, 5, 37}, {12, 3, 16}, {3, 2, 24}, {13, 6, 71},
                // the eight-filter tiles on three-vector panels (and the rows they leave), and a width they skip
                {8, 147, 48}, {16, 150, 672}, {24, 27, 100}, {13, 9, 50}, {9, 5, 97}, {64, 20, 56}}) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            float[] a = new float[3 + m * k];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextFloat() * 2 - 1;
            }
            for (String layout : new String[] {"contiguous", "shifted", "shuffled"}) {
                int[] rowAt = new int[k];
                int span = layout.equals("contiguous") ? k * n : n + 5 * k;
                for (int t = 0; t < k; t++) {
                    rowAt[t] = layout.equals("contiguous") ? t * n : layout.equals("shifted") ? 5 * t : r.nextInt(5 * k + 1);
                }
                float[] b = new float[span];
                for (int i = 0; i < b.length; i++) {
                    b[i] = r.nextFloat() * 2 - 1;
                }
                int ldc = n + 7;
                float[] expected = new float[11 + m * ldc];
                float[] actual = new float[11 + m * ldc];
                java.util.Arrays.fill(expected, 42f);
                java.util.Arrays.fill(actual, 42f);
                scalar.gemm(a, 3, m, k, b, rowAt, n, expected, 11, ldc);
                active.gemm(a, 3, m, k, b, rowAt, n, actual, 11, ldc);
                String what = m + "×" + k + "×" + n + ", " + layout;
                assertArrayEquals(expected, actual, 0f, what);
                assertUntouchedAround(actual, 11, m, n, ldc, what);
                float x = 0f;
                for (int t = 0; t < k; t++) {
                    x = Math.fma(a[3 + t], b[rowAt[t]], x);
                }
                assertEquals(x, actual[11], 0f, what);
            }
        }
    }

    /**
     * The GEMM on tiled weights ({@link JavaKernels#tileRows}) gives the plain GEMM's bits: every filter count
     * from 1 to 27 (whole tiles, and rows past them), panel widths of three and two vectors and fewer columns
     * than two, B's rows shifted slices; the whole product, a call of whole tiles from a later tile, and the
     * last rows with the tile before them; the layout keeps the rows past the last tile where they were, and
     * with no tiles (scalar kernels, AVX2) is the weights themselves.
     */
    @Test
    void gemmOnTiledWeightsGivesThePlainGemmsBits() {
        Random r = new Random(9);
        JavaKernels scalar = new ScalarKernels();
        JavaKernels active = JavaKernels.get();
        assertEquals(0, scalar.rowTile());
        float[] w = {1f, 2f, 3f};
        assertTrue(scalar.tileRows(w, 3, 1) == w, "no tiles: the weights themselves");
        int tile = active.rowTile();
        for (int m = 1; m <= 27; m++) {
            for (int[] kn : new int[][] {{147, 100}, {9, 48}, {20, 56}, {5, 31}, {1, 40}}) {
                int k = kn[0];
                int n = kn[1];
                float[] a = new float[m * k];
                for (int i = 0; i < a.length; i++) {
                    a[i] = r.nextFloat() * 2 - 1;
                }
                float[] tiled = active.tileRows(a, m, k);
                int whole = tile == 0 ? 0 : m - m % tile;
                for (int i = whole * k; i < m * k; i++) {
                    assertEquals(a[i], tiled[i], 0f, "a row past the last tile stays where it was");
                }
                int[] rowAt = new int[k];
                for (int t = 0; t < k; t++) {
                    rowAt[t] = 3 * t;
                }
                float[] b = new float[n + 3 * k + 16];
                for (int i = 0; i < b.length; i++) {
                    b[i] = r.nextFloat() * 2 - 1;
                }
                int ldc = n + 3;
                float[] expected = new float[m * ldc];
                scalar.gemm(a, 0, m, k, b, rowAt, n, expected, 0, ldc);
                String what = m + "×" + k + "×" + n;
                float[] actual = new float[m * ldc];
                active.gemmTiled(tiled, 0, m, k, b, rowAt, n, actual, 0, ldc);
                assertArrayEquals(expected, actual, 0f, what);
                float[] loops = new float[m * ldc];
                JavaKernels.gemmTiledLoops(tiled, 0, m, k, Math.max(1, tile), b, rowAt, n, loops, 0, ldc);
                assertArrayEquals(expected, loops, 0f, what + ", loops");
                if (tile > 0 && m > tile) {
                    // whole tiles from the second on, then the last rows with the tile before them
                    int i0 = tile;
                    int rows = whole - tile > 0 ? whole - tile : 0;
                    float[] part = new float[m * ldc];
                    active.gemmTiled(tiled, i0 * k, rows, k, b, rowAt, n, part, i0 * ldc, ldc);
                    int last = m - tile - m % tile;
                    active.gemmTiled(tiled, last * k, m - last, k, b, rowAt, n, part, last * ldc, ldc);
                    for (int i = i0 * ldc; i < m * ldc; i++) {
                        assertEquals(expected[i], part[i], 0f, what + ", by parts, at " + i);
                    }
                }
            }
        }
    }

    /**
     * The add between native buffers on both paths, bit for bit and as a plain loop adds: NaN, ±Inf and −0 among
     * the values, with and without ReLU (−0 and negatives to +0, NaN kept), ranges with and without a tail,
     * the output one of the inputs or its own buffer, nothing outside the range written.
     */
    @Test
    void addBetweenBuffersIsThePlainAddThenRelu() {
        Random r = new Random(3);
        int n = 300;
        java.nio.ByteBuffer a = java.nio.ByteBuffer.allocateDirect(4 * n).order(java.nio.ByteOrder.nativeOrder());
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(4 * n).order(java.nio.ByteOrder.nativeOrder());
        float[] av = new float[n];
        float[] bv = new float[n];
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f};
        for (int i = 0; i < n; i++) {
            av[i] = i % 37 == 5 ? special[i % special.length] : r.nextFloat() * 4 - 2;
            bv[i] = i % 41 == 7 ? special[(i / 3) % special.length] : i % 29 == 3 ? -av[i] : r.nextFloat() * 4 - 2;
            a.putFloat(4 * i, av[i]);
            b.putFloat(4 * i, bv[i]);
        }
        for (JavaKernels k : List.of(new ScalarKernels(), JavaKernels.get())) {
            for (boolean relu : new boolean[] {false, true}) {
                for (int[] range : new int[][] {{0, n}, {3, 250}, {16, 80}, {5, 9}}) {
                    java.nio.ByteBuffer c = java.nio.ByteBuffer.allocateDirect(4 * n).order(java.nio.ByteOrder.nativeOrder());
                    for (int i = 0; i < n; i++) {
                        c.putFloat(4 * i, 42f);
                    }
                    k.addBuffers(a, b, c, range[0], range[1], relu);
                    for (int i = 0; i < n; i++) {
                        float sum = av[i] + bv[i];
                        float expected = i < range[0] || i >= range[1] ? 42f : relu ? Math.max(sum, 0f) : sum;
                        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(c.getFloat(4 * i)),
                                k.describe() + (relu ? ", relu" : "") + ", [" + i + "]");
                    }
                }
                // in place, into the first input
                java.nio.ByteBuffer copy = java.nio.ByteBuffer.allocateDirect(4 * n).order(java.nio.ByteOrder.nativeOrder());
                for (int i = 0; i < n; i++) {
                    copy.putFloat(4 * i, av[i]);
                }
                k.addBuffers(copy, b, copy, 0, n, relu);
                for (int i = 0; i < n; i++) {
                    float sum = av[i] + bv[i];
                    assertEquals(Float.floatToIntBits(relu ? Math.max(sum, 0f) : sum),
                            Float.floatToIntBits(copy.getFloat(4 * i)), k.describe() + ", in place, [" + i + "]");
                }
            }
        }
    }

    /** The 42s around a {@code rows × cols} block written at {@code at} with stride {@code ldc} are all still there. */
    private static void assertUntouchedAround(float[] c, int at, int rows, int cols, int ldc, String what) {
        for (int i = 0; i < rows; i++) {
            for (int q = cols; q < ldc && at + i * ldc + q < c.length; q++) {
                assertEquals(42f, c[at + i * ldc + q], what + ": wrote past its columns");
            }
        }
        assertEquals(42f, c[at - 1], what + ": wrote before its block");
    }

    /**
     * The packed-panel product on both paths, bit for bit: rows in tiles of 8 and 4 and single rows (1 … 49
     * rows, Winograd's 16 and 49 tiles among them), A's columns read down rows a stride apart or anywhere, C at an
     * offset with a wider stride left untouched around the panel; and its first output by hand. Where the
     * kernels have no panel product (panelWidth 0: scalar, or AVX2) the loops are checked by hand alone.
     */
    @Test
    void gemmPanelAgreesWithTheScalarLoopsExactly() {
        Random r = new Random(9);
        JavaKernels active = JavaKernels.get();
        for (int w : new int[] {48, 32}) {
            // the wide panel and the narrow one (JavaKernels#narrowPanelWidth), where the vector kernels have them
            boolean vector = active.panelWidthFor(w) == w;
            for (int[] s : new int[][] {{16, 512}, {49, 256}, {1, 1}, {4, 3}, {5, 7}, {8, 2}, {13, 17}, {20, 64},
                    {7, 33}}) {
                int m = s[0];
                int k = s[1];
                int lda = m + 3;
                float[] a = new float[5 + k * lda];
                int[] rowAt = new int[k];
                for (int t = 0; t < k; t++) {
                    // rows apart, or (every third) anywhere: a conv's im2col rows are overlapping slices
                    rowAt[t] = t % 3 == 2 ? r.nextInt((k - 1) * lda + 1) : t * lda;
                }
                for (int i = 0; i < a.length; i++) {
                    a[i] = r.nextFloat() * 2 - 1;
                }
                float[] b = new float[2 + k * w];
                for (int i = 0; i < b.length; i++) {
                    b[i] = r.nextFloat() * 2 - 1;
                }
                int ldc = w + 9;
                float[] expected = new float[7 + m * ldc];
                float[] actual = new float[7 + m * ldc];
                java.util.Arrays.fill(expected, 42f);
                java.util.Arrays.fill(actual, 42f);
                JavaKernels.gemmPanelLoops(a, 5, rowAt, m, k, b, 2, w, expected, 7, ldc);
                String what = m + "×" + k + "×" + w;
                if (vector) {
                    active.gemmPanel(a, 5, rowAt, m, k, b, 2, w, actual, 7, ldc);
                    assertArrayEquals(expected, actual, 0f, what);
                }
                assertUntouchedAround(expected, 7, m, w, ldc, what);
                // the last row's last column: down A's column m − 1, along B's column w − 1
                float x = 0f;
                for (int t = 0; t < k; t++) {
                    x = Math.fma(a[5 + rowAt[t] + m - 1], b[2 + t * w + w - 1], x);
                }
                assertEquals(x, expected[7 + (m - 1) * ldc + w - 1], 0f, what);
            }
        }
    }

    /**
     * The packed-panel product with its outputs finished (bias and clamp, as {@code addChannels}) on the vector
     * path against the scalar kernels, bit for bit: 8-, 4- and 1-row tiles (13 rows), ReLU6's bounds and none,
     * NaN and −0 among the inputs (a NaN output stays NaN, −0 + −0 stays −0 unclamped); and one output by hand.
     */
    @Test
    void finishedPanelProductMatchesTheProductThenAddChannels() {
        Random r = new Random(17);
        JavaKernels active = JavaKernels.get();
        JavaKernels scalar = new ScalarKernels();
        for (int w : new int[] {48, 32}) {
            boolean vector = active.panelWidthFor(w) == w;
            for (Activation.Clamp clamp : List.of(new Activation.Clamp(0f, 6f), Activation.Clamp.NONE)) {
                for (int m : new int[] {13, 8, 5, 1}) {
                    int k = 19;
                    int[] rowAt = new int[k];
                    for (int t = 0; t < k; t++) {
                        rowAt[t] = t * (m + 2);
                    }
                    float[] a = new float[k * (m + 2)];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = r.nextFloat() * 8 - 4;
                    }
                    if (m > 2) {
                        a[rowAt[3] + 2] = Float.NaN; // row 2: NaN throughout
                        for (int t = 0; t < k; t++) {
                            a[rowAt[t] + m - 1] = -0f; // the last row: zeros, then the bias (−0 in every fifth column)
                        }
                    }
                    float[] b = new float[k * w];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = r.nextFloat() * 2 - 1;
                    }
                    float[] bias = new float[3 + w];
                    for (int j = 0; j < bias.length; j++) {
                        bias[j] = j % 5 == 0 ? -0f : r.nextFloat() * 4 - 2;
                    }
                    int ldc = w + 3;
                    float[] expected = new float[m * ldc];
                    float[] actual = new float[m * ldc];
                    scalar.gemmPanel(a, 0, rowAt, m, k, b, 0, w, expected, 0, ldc, bias, 3, clamp);
                    if (vector) {
                        active.gemmPanel(a, 0, rowAt, m, k, b, 0, w, actual, 0, ldc, bias, 3, clamp);
                        assertArrayEquals(expected, actual, 0f, m + " rows, " + w + " wide, " + clamp);
                    }
                    // the product then addChannels' pass, row by row: the same values
                    float[] twoPass = new float[m * ldc];
                    JavaKernels.gemmPanelLoops(a, 0, rowAt, m, k, b, 0, w, twoPass, 0, ldc);
                    for (int i = 0; i < m; i++) {
                        scalar.addChannels(twoPass, i * ldc, 1, bias, 3, w, clamp);
                    }
                    assertArrayEquals(twoPass, expected, 0f, m + " rows, " + clamp + ": against the two passes");
                    float x = 0f;
                    for (int t = 0; t < k; t++) {
                        x = Math.fma(a[rowAt[t]], b[t * w + 1], x);
                    }
                    x += bias[4];
                    assertEquals(x < clamp.min() ? clamp.min() : x > clamp.max() ? clamp.max() : x, expected[1], 0f);
                }
            }
        }
    }

    /**
     * The row-pair GEMM ({@code gemmRowPairs}) against its loops, bit for bit: rows 8 wide in tiles of eight
     * filters (16 and 8 filters; 8 output rows: two whole tiles, 6: the last tile overlapping) and 24 wide in
     * tiles of six (6 and 12 filters), and shapes without tiles (13 and 7 filters: the loops); 12, 9, 28 and 25
     * floats between rows, B's rows at arbitrary offsets; C's padding around each filter's rows untouched; one
     * output by hand. Where the kernels have no row-pair tiles the loops alone are checked by hand.
     */
    @Test
    void gemmRowPairsAgreesWithTheScalarLoopsExactly() {
        Random r = new Random(13);
        JavaKernels active = JavaKernels.get();
        for (int[] s : new int[][] {{16, 150, 8, 12, 8}, {8, 25, 6, 12, 8}, {13, 40, 6, 9, 8}, {16, 7, 4, 8, 8},
                {6, 25, 24, 28, 24}, {12, 9, 4, 25, 24}, {7, 25, 8, 28, 24}}) {
            int m = s[0];
            int k = s[1];
            int rows = s[2];
            int rs = s[3];
            int w = s[4];
            float[] a = new float[3 + m * k];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextFloat() * 2 - 1;
            }
            float[] b = new float[rows * rs + 4 * k + 64];
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextFloat() * 2 - 1;
            }
            int[] rowAt = new int[k];
            for (int t = 0; t < k; t++) {
                rowAt[t] = r.nextInt(4 * k + 1);
            }
            int ldc = rows * w + 5;
            float[] expected = new float[2 + m * ldc];
            float[] actual = new float[2 + m * ldc];
            java.util.Arrays.fill(expected, 42f);
            java.util.Arrays.fill(actual, 42f);
            JavaKernels.gemmRowPairsLoops(a, 3, m, k, b, rowAt, rows, rs, w, expected, 2, ldc);
            String what = m + "×" + k + ", " + rows + " rows of " + w + " (" + rs + " apart)";
            active.gemmRowPairs(a, 3, m, k, b, rowAt, rows, rs, w, actual, 2, ldc);
            assertArrayEquals(expected, actual, 0f, what);
            assertUntouchedAround(expected, 2, m, rows * w, ldc, what);
            // the last filter's last output: row rows − 1, column w − 1
            float x = 0f;
            for (int t = 0; t < k; t++) {
                x = Math.fma(a[3 + (m - 1) * k + t], b[rowAt[t] + (rows - 1) * rs + w - 1], x);
            }
            assertEquals(x, expected[2 + (m - 1) * ldc + rows * w - 1], 0f, what);
        }
    }

    /**
     * The channels-last depthwise row on both paths, bit for bit: 3×3 at strides 1, 2 and 3 (pairs of pixels,
     * the odd last one, the general loop), 5×5 and 1×3 kernels, channel counts with and without a partial
     * vector, no clamp and ReLU6's, NaN and −0 among the inputs; nothing written outside the row; and one output
     * by hand (first product, then fused steps in tap order, then the bias, then the clamp).
     */
    @Test
    void depthwiseRowAgreesWithTheScalarLoopsExactly() {
        Random r = new Random(11);
        JavaKernels scalar = new ScalarKernels();
        JavaKernels active = JavaKernels.get();
        for (int[] s : new int[][] {{3, 3, 1, 32, 7}, {3, 3, 1, 20, 8}, {3, 3, 2, 48, 5}, {3, 3, 2, 16, 6},
                {3, 3, 3, 17, 4}, {5, 5, 2, 24, 3}, {1, 3, 1, 40, 9}, {3, 3, 1, 3, 2}}) {
            int kh = s[0];
            int kw = s[1];
            int sw = s[2];
            int c = s[3];
            int wout = s[4];
            int rowLen = ((wout - 1) * sw + kw) * c;
            float[] in = new float[kh * rowLen + 5];
            for (int i = 0; i < in.length; i++) {
                in[i] = r.nextInt(50) == 0 ? Float.NaN : r.nextInt(50) == 0 ? -0f : r.nextFloat() * 8 - 4;
            }
            int[] rowAt = new int[kh];
            for (int a = 0; a < kh; a++) {
                rowAt[a] = ((a + 1) % kh) * rowLen; // rows of a ring, out of order
            }
            float[] w = new float[kh * kw * c];
            float[] bias = new float[c];
            for (int i = 0; i < w.length; i++) {
                w[i] = r.nextFloat() * 2 - 1;
            }
            for (int i = 0; i < c; i++) {
                bias[i] = i % 3 == 0 ? 0f : r.nextFloat() - 0.5f;
            }
            for (Activation.Clamp clamp : new Activation.Clamp[] {Activation.Clamp.NONE, new Activation.Clamp(0f, 6f)}) {
                float[] expected = new float[wout * c + 6];
                float[] actual = new float[wout * c + 6];
                java.util.Arrays.fill(expected, 42f);
                java.util.Arrays.fill(actual, 42f);
                scalar.depthwiseRow(in, rowAt, kw, sw, w, bias, c, 0, c, clamp, expected, 3, wout);
                active.depthwiseRow(in, rowAt, kw, sw, w, bias, c, 0, c, clamp, actual, 3, wout);
                String what = kh + "×" + kw + "/" + sw + ", " + c + " channels, " + wout + " wide, " + clamp;
                for (int i = 0; i < actual.length; i++) {
                    assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), what + " [" + i + "]");
                }
                assertEquals(42f, actual[2], what + ": wrote before the row");
                assertEquals(42f, actual[3 + wout * c], what + ": wrote past the row");
                int ow = wout - 1;
                int j = c - 1;
                float x = in[rowAt[0] + ow * sw * c + j] * w[j];
                for (int t = 1; t < kh * kw; t++) {
                    x = Math.fma(in[rowAt[t / kw] + (ow * sw + t % kw) * c + j], w[t * c + j], x);
                }
                float v = x + bias[j];
                v = v < clamp.min() ? clamp.min() : v > clamp.max() ? clamp.max() : v;
                assertEquals(Float.floatToIntBits(v), Float.floatToIntBits(actual[3 + ow * c + j]), what + ": by hand");
                // a share of the channels, from a vector boundary on (a thread's panels) and from an odd one:
                // those channels as in the whole row, every other one untouched
                for (int j0 : new int[] {c >= 32 ? 16 : 0, c / 3}) {
                    int j1 = Math.max(j0 + 1, c - 5);
                    float[] part = new float[wout * c + 6];
                    java.util.Arrays.fill(part, 42f);
                    active.depthwiseRow(in, rowAt, kw, sw, w, bias, c, j0, j1, clamp, part, 3, wout);
                    for (int o = 0; o < wout; o++) {
                        for (int ch = 0; ch < c; ch++) {
                            int at = 3 + o * c + ch;
                            assertEquals(Float.floatToIntBits(ch >= j0 && ch < j1 ? expected[at] : 42f),
                                    Float.floatToIntBits(part[at]), what + ", channels " + j0 + "…" + j1 + " [" + at + "]");
                        }
                    }
                }
            }
        }
    }

    /** The per-channel bias and clamp on both paths, bit for bit, partial vectors, NaN and −0 included. */
    @Test
    void addChannelsAgreesWithTheScalarLoopsExactly() {
        Random r = new Random(13);
        for (int c : new int[] {1, 7, 16, 20, 33, 64, 96}) {
            float[] bias = new float[c];
            for (int i = 0; i < c; i++) {
                bias[i] = i % 4 == 0 ? 0f : r.nextFloat() * 2 - 1;
            }
            float[] base = new float[5 * c + 4];
            for (int i = 0; i < base.length; i++) {
                base[i] = r.nextInt(20) == 0 ? Float.NaN : r.nextInt(20) == 0 ? -0f : r.nextFloat() * 10 - 3;
            }
            for (Activation.Clamp clamp : new Activation.Clamp[] {Activation.Clamp.NONE, new Activation.Clamp(0f, 6f)}) {
                float[] expected = base.clone();
                float[] actual = base.clone();
                new ScalarKernels().addChannels(expected, 2, 5, bias, 0, c, clamp);
                JavaKernels.get().addChannels(actual, 2, 5, bias, 0, c, clamp);
                for (int i = 0; i < base.length; i++) {
                    assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), c + " channels [" + i + "]");
                }
                assertEquals(Float.floatToIntBits(base[1]), Float.floatToIntBits(actual[1]), "before the range");
                assertEquals(Float.floatToIntBits(base[2 + 5 * c]), Float.floatToIntBits(actual[2 + 5 * c]), "past it");
                float v = base[2 + c + c - 1] + bias[c - 1];
                v = v < clamp.min() ? clamp.min() : v > clamp.max() ? clamp.max() : v;
                assertEquals(Float.floatToIntBits(v), Float.floatToIntBits(actual[2 + 2 * c - 1]), c + " channels by hand");
            }
        }
    }

    /** The active kernels against the scalar loops, bit for bit: 3×3 and other tap counts, ragged lengths. */
    @Test
    void tapsAgreeWithTheScalarLoopsExactly() {
        Random r = new Random(7);
        JavaKernels scalar = new ScalarKernels();
        JavaKernels active = JavaKernels.get();
        for (int taps : new int[] {1, 4, 9, 25}) {
            for (int n : new int[] {1, 15, 16, 17, 63, 200}) {
                float[] src = new float[n + 40 + JavaKernels.OVERRUN];
                for (int i = 0; i < src.length; i++) {
                    src[i] = r.nextFloat() * 2 - 1;
                }
                int[] off = new int[taps];
                for (int t = 0; t < taps; t++) {
                    off[t] = r.nextInt(40);
                }
                float[] w = new float[3 + taps];
                for (int i = 0; i < w.length; i++) {
                    w[i] = r.nextFloat() * 2 - 1;
                }
                float[] expected = new float[n + JavaKernels.OVERRUN];
                float[] actual = new float[n + JavaKernels.OVERRUN];
                scalar.taps(src, off, w, 3, expected, n);
                active.taps(src, off, w, 3, actual, n);
                float[] e = java.util.Arrays.copyOf(expected, n);
                float[] a = java.util.Arrays.copyOf(actual, n);
                assertArrayEquals(e, a, 0f, taps + " taps, n " + n);
                // the first value by hand: products in tap order, starting from the first
                float s = w[3] * src[off[0]];
                for (int t = 1; t < taps; t++) {
                    s += w[3 + t] * src[off[t]];
                }
                assertEquals(s, a[0], 0f);
            }
        }
    }

    /** Hardtanh on both paths, bit for bit, NaN, ±0 and ±∞ included; −0 stays −0 at ReLU6's bound 0. */
    @Test
    void hardtanhKeepsNanAndTheSignOfZero() {
        float[] special = {Float.NaN, -0f, 0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 6f, -1f, 7f, 3.5f};
        JavaKernels scalar = new ScalarKernels();
        JavaKernels active = JavaKernels.get();
        Random r = new Random(3);
        float[] a = new float[37];
        for (int i = 0; i < a.length; i++) {
            a[i] = i < special.length ? special[i] : r.nextFloat() * 20 - 10;
        }
        for (float bias : new float[] {0f, -0f, 0.5f}) {
            float[] e = a.clone();
            float[] x = a.clone();
            scalar.hardtanh(e, 1, 36, bias, 0f, 6f);
            active.hardtanh(x, 1, 36, bias, 0f, 6f);
            assertArrayEquals(bits(e), bits(x), "bias " + bias);
        }
        float[] e = a.clone();
        float[] x = a.clone();
        scalar.hardtanh(e, 0, 37, 0f, 6f);
        active.hardtanh(x, 0, 37, 0f, 6f);
        assertArrayEquals(bits(e), bits(x));
        assertTrue(Float.isNaN(x[0]));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(x[1]), "−0 stays −0");
        assertEquals(6f, x[3]);
        assertEquals(0f, x[4]);
        assertEquals(0f, x[6]);
        assertEquals(6f, x[7]);
        assertEquals(3.5f, x[8]);
    }

    /** ReLU after a bias on both paths, bit for bit over every tail length: NaN stays, −0 and −∞ become +0. */
    @Test
    void reluIsMathMaxOnBothPaths() {
        float[] special = {Float.NaN, -0f, 0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -1f, 3.5f};
        JavaKernels scalar = new ScalarKernels();
        JavaKernels active = JavaKernels.get();
        Random r = new Random(4);
        float[] a = new float[150];
        for (int i = 0; i < a.length; i++) {
            a[i] = i < special.length ? special[i] : r.nextFloat() * 20 - 10;
        }
        for (float bias : new float[] {0f, -0f, 0.5f, -2f}) {
            for (int to : new int[] {7, 16, 17, 70, 149}) {
                float[] e = a.clone();
                float[] x = a.clone();
                scalar.relu(e, 0, to, bias);
                active.relu(x, 0, to, bias);
                assertArrayEquals(bits(e), bits(x), "bias " + bias + ", to " + to);
                assertEquals(a[to], x[to], "past the range");
            }
        }
        float[] x = a.clone();
        active.relu(x, 0, 7, 0f);
        assertTrue(Float.isNaN(x[0]));
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(x[1]), "−0 becomes +0");
        assertEquals(Float.POSITIVE_INFINITY, x[3]);
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(x[4]));
        assertEquals(3.5f, x[6]);
    }

    @Test
    void deinterleaveSplitsPairsOnBothPaths() {
        JavaKernels scalar = new ScalarKernels();
        JavaKernels active = JavaKernels.get();
        float[] src = new float[80];
        for (int i = 0; i < src.length; i++) {
            src[i] = i == 7 ? Float.NaN : i - 40.5f;
        }
        for (int pairs : new int[] {0, 1, 7, 8, 9, 16, 20, 28, 29, 33, 37}) {
            float[] e1 = new float[60];
            float[] o1 = new float[60];
            float[] e2 = new float[60];
            float[] o2 = new float[60];
            scalar.deinterleave(src, 3, pairs, e1, 2, o1, 5);
            active.deinterleave(src, 3, pairs, e2, 2, o2, 5);
            assertArrayEquals(bits(e1), bits(e2), pairs + " pairs");
            assertArrayEquals(bits(o1), bits(o2), pairs + " pairs");
            if (pairs > 1) {
                assertEquals(src[5], e2[3]);
                assertEquals(src[6], o2[6]);
            }
            assertEquals(0f, e2[2 + pairs], "nothing written past the pairs");
            assertEquals(0f, o2[5 + pairs], "nothing written past the pairs");
        }
    }

    @Test
    void maxIsMathMaxOnBothPaths() {
        float[] special = {Float.NaN, -0f, 0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, -1f};
        Random r = new Random(5);
        for (int n : new int[] {0, 5, 16, 31, 64, 100}) {
            float[] a = new float[n + 120];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextInt(4) == 0 ? special[r.nextInt(special.length)] : r.nextFloat() * 4 - 2;
            }
            float[] e = a.clone();
            float[] x = a.clone();
            new ScalarKernels().max(e, 3, e, n + 10, n);
            JavaKernels.get().max(x, 3, x, n + 10, n);
            assertArrayEquals(bits(e), bits(x), "n " + n);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits(Math.max(a[3 + i], a[n + 10 + i])), Float.floatToRawIntBits(x[3 + i]));
            }
        }
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }
}
