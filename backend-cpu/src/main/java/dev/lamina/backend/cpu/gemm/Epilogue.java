package dev.lamina.backend.cpu.gemm;

/**
 * What a conv does with a block of its GEMM result while the block is still in cache, in the graph's order:
 * the bias was added by the micro-kernel (a folded BatchNorm's shift included), then the activation that
 * followed the conv (if any), then the max-pool that followed that (if any). So a fused conv writes exactly
 * the values the unfused layers would, bit for bit: the activation sees the same sums, and the pool takes
 * the max of the same activated values ({@code Math.max}: NaN wins, of −0 and +0 it keeps +0, as the
 * max-pool kernel does).
 *
 * <p>The fused pool is a non-overlapping one: a {@code poolH × poolW} window with stride equal to the window,
 * no padding, no dilation, floor mode, so every window lies inside one block of whole conv rows and conv rows
 * and columns past the last full window are never read (as PyTorch drops them).
 */
public final class Epilogue {
    /** An element-wise function over a range, {@code out[outOff + i] = f(x[xOff + i])} for {@code i < len}. */
    public interface Activation {
        /** {@code x} and {@code out} may be the same array at the same offset (in place). */
        void apply(float[] x, int xOff, float[] out, int outOff, int len);
    }

    /** Bias only: the conv's own output. */
    public static final Epilogue NONE = new Epilogue(null, 0, 0);

    /** The path's primitives, for the pool's row maxima. */
    private static final MicroKernel KERNEL = MicroKernels.get();

    private final Activation activation;
    private final int poolH;
    private final int poolW;

    private Epilogue(Activation activation, int poolH, int poolW) {
        this.activation = activation;
        this.poolH = poolH;
        this.poolW = poolW;
    }

    /**
     * An epilogue with {@code activation} (null for none) and a {@code poolH × poolW} max-pool of that stride
     * ({@code 0 × 0} for none).
     */
    public static Epilogue of(Activation activation, int poolH, int poolW) {
        if (poolH < 0 || poolW < 0 || (poolH == 0) != (poolW == 0)) {
            throw new IllegalArgumentException("epilogue: a pool window is two positive sizes or none, got "
                    + poolH + "×" + poolW);
        }
        return new Epilogue(activation, poolH, poolW);
    }

    /** Whether a max-pool is fused. */
    public boolean pools() {
        return poolH > 0;
    }

    /** Whether the fused max-pool is {@code h × w} (of stride equal to its window). */
    boolean poolIs(int h, int w) {
        return poolH == h && poolW == w;
    }

    /** Conv rows a block must be a multiple of: the pool's window height, else 1. */
    int rowAlign() {
        return pools() ? poolH : 1;
    }

    /** Conv output rows the epilogue reads: all of them, or those of the pool's whole windows. */
    int rowsUsed(int outH) {
        return pools() ? outH / poolH * poolH : outH;
    }

    /** Height of the plane this epilogue writes for a conv of {@code outH} rows. */
    public int outH(int outH) {
        return pools() ? outH / poolH : outH;
    }

    /** Width of the plane this epilogue writes for a conv of {@code outW} columns. */
    public int outW(int outW) {
        return pools() ? outW / poolW : outW;
    }

    /**
     * Writes one filter's block of conv rows {@code [r0, r0 + rows)}: conv row {@code r0 + t} column {@code ow}
     * is {@code c[cOff + t·gridW + ow]} (its first {@code convW} columns are the conv's; the rest, up to the grid
     * width, are scratch), and the filter's output plane starts at {@code y[yOff]}, {@link #outW} wide. With a
     * pool, the activation runs in place over the block first. {@code r0} and {@code rows} are multiples of
     * {@link #rowAlign()}.
     */
    void store(float[] c, int cOff, int gridW, int convW, int r0, int rows, float[] y, int yOff) {
        if (!pools() && gridW == convW) {
            write(c, cOff, y, yOff + r0 * convW, rows * convW);
            return;
        }
        // the activation over the whole block in place, one long run rather than a short one per row
        if (activation != null) {
            activation.apply(c, cOff, c, cOff, rows * gridW);
        }
        if (!pools()) {
            for (int t = 0; t < rows; t++) {
                System.arraycopy(c, cOff + t * gridW, y, yOff + (r0 + t) * convW, convW);
            }
            return;
        }
        int outW = convW / poolW;
        int used = outW * poolW;
        int py0 = r0 / poolH;
        int pyEnd = py0 + rows / poolH;
        for (int py = py0; py < pyEnd; py++) {
            int top = cOff + (py - py0) * poolH * gridW;
            // the window's rows into its top row, one contiguous max per row (the path's maxInto), then each run of
            // poolW in that row: a max is exact, so the order in which a window's values meet does not matter
            for (int i = 1; i < poolH; i++) {
                KERNEL.maxInto(c, top, top + i * gridW, used);
            }
            int dst = yOff + py * outW;
            if (poolW == 2) {
                // scalar: a two-vector lane shuffle is not intrinsified on JDK 17 with AVX2 (tried: slower)
                for (int px = 0; px < outW; px++) {
                    y[dst + px] = Math.max(c[top + 2 * px], c[top + 2 * px + 1]);
                }
            } else {
                for (int px = 0; px < outW; px++) {
                    float max = c[top + px * poolW];
                    for (int j = 1; j < poolW; j++) {
                        max = Math.max(max, c[top + px * poolW + j]);
                    }
                    y[dst + px] = max;
                }
            }
        }
    }

    private void write(float[] c, int from, float[] y, int to, int len) {
        if (activation == null) {
            System.arraycopy(c, from, y, to, len);
        } else {
            activation.apply(c, from, y, to, len);
        }
    }
}
