package dev.lamina.backend.blas;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A conv's zero-padded input plane split by row and column phase modulo the stride into {@code sh·sw} planes
 * {@code P[ry][rx][yy·wq + xx] = padded[yy·sh + ry][xx·sw + rx]}, one after the other in one array, each
 * {@link #length} long (one plane, the padded plane itself, for stride 1). Kernel tap {@code (a, c)} then
 * reads, for every output {@code q = oh·wq + ow}, one contiguous slice: {@code P[ra][rc][q + (a·dh / sh)·wq +
 * c·dw / sw]} with {@code ra = a·dh mod sh}, {@code rc = c·dw mod sw} — starting at {@link #tap}. Outputs are
 * laid out on rows of {@code wq}: the {@code wq − wout} extra columns per row are computed and dropped.
 * Computed once per conv node; used by the depthwise kernel and by im2col (one copy per im2col row).
 */
final class PhasePlanes {
    private final ConvGeometry g;
    /** Width of one phase plane, and the row stride of the outputs. */
    final int wq;
    /** Length of one phase plane, with the slack the last tap's slice reads past it. */
    final int length;
    /** Per tap {@code a·kw + c}: where its slice starts. */
    private final int[] tapOffset;
    private final JavaKernels kernels = JavaKernels.get();

    PhasePlanes(ConvGeometry g) {
        this.g = g;
        int sh = g.sh();
        int sw = g.sw();
        wq = (g.wp() + sw - 1) / sw;
        int hq = (g.hp() + sh - 1) / sh;
        int taps = g.kh() * g.kw();
        tapOffset = new int[taps];
        // the slice of the last kernel column starts (kw − 1)·dw / sw columns in: slack for it past the plane
        length = Math.addExact(Math.multiplyExact(hq, wq), (g.kw() - 1) * g.dw() / sw + 8);
        Math.multiplyExact(Math.multiplyExact(sh, sw), length);
        Math.multiplyExact(g.hout(), wq);
        for (int a = 0; a < g.kh(); a++) {
            for (int c = 0; c < g.kw(); c++) {
                int ry = a * g.dh();
                int rx = c * g.dw();
                tapOffset[a * g.kw() + c] = ((ry % sh) * sw + rx % sw) * length + (ry / sh) * wq + rx / sw;
            }
        }
    }

    /** Floats of all phase planes together. */
    int total() {
        return g.sh() * g.sw() * length;
    }

    /** Outputs per channel on rows of {@code wq}: {@code hout · wq}. */
    int columns() {
        return g.hout() * wq;
    }

    /** Where tap {@code t = a·kw + c}'s slice starts. */
    int tap(int t) {
        return tapOffset[t];
    }

    /** Every tap's start, in tap order (read-only). */
    int[] taps() {
        return tapOffset;
    }

    /**
     * One input plane at {@code from} in {@code src} → the phase planes in {@code phases} from {@code at} on
     * ({@link #total} floats); {@code raw} holds the plane on the way for strides above 1. Only the zero
     * border is filled: every other value is overwritten.
     */
    void split(FloatBuffer src, int from, float[] raw, float[] phases, int at) {
        split(src, from, raw, phases, at, null, 0f);
    }

    /**
     * {@link #split}, with {@code pending} (the producer's epilogue, without pool; null: none) applied to every
     * input value first — {@code x ↦ act(x + bias)}, as the producer would have — and not to the zero border.
     */
    void split(FloatBuffer src, int from, float[] raw, float[] phases, int at, Epilogue pending, float bias) {
        int h = g.h();
        int w = g.w();
        int top = g.ph();
        int left = g.pw();
        int sh = g.sh();
        int sw = g.sw();
        if (pending != null) {
            // finished on the heap, then split as a stride's planes are (one plane for stride 1)
            src.get(from, raw, 0, h * w);
            pending.finish(raw, 0, h * w, bias);
        } else if (sh == 1 && sw == 1) {
            // one phase, the padded plane itself: each input row read straight into place
            int wp = g.wp();
            if (wp == w) {
                Arrays.fill(phases, at, at + top * wp, 0f);
                src.get(from, phases, at + top * wp, h * w);
            } else {
                Arrays.fill(phases, at, at + top * wp + left, 0f);
                for (int y = 0; y < h; y++) {
                    int row = at + (y + top) * wp + left;
                    src.get(from + y * w, phases, row, w);
                    Arrays.fill(phases, row + w, row + wp, 0f);
                }
            }
            Arrays.fill(phases, at + (top + h) * wp + (wp == w ? 0 : left), at + length, 0f);
            return;
        }
        if (pending == null && g.kh() == 1 && g.kw() == 1 && top == 0 && left == 0) {
            // a 1×1 conv without padding reads phase (0, 0) alone: only it is made, from the rows it keeps
            // (ResNet's strided downsample convs: a quarter of the plane); the other phases are never read
            Arrays.fill(phases, at, at + length, 0f);
            for (int yy = 0; yy * sh < h; yy++) {
                src.get(from + yy * sh * w, raw, 0, w);
                int row = at + yy * wq;
                for (int xx = 0; xx * sw < w; xx++) {
                    phases[row + xx] = raw[xx * sw];
                }
            }
            return;
        }
        if (pending == null) {
            src.get(from, raw, 0, h * w);
        }
        Arrays.fill(phases, at, at + sh * sw * length, 0f);
        for (int y = 0; y < h; y++) {
            int py = y + top;
            int rowBase = at + (py % sh) * sw * length + (py / sh) * wq;
            if (sw == 1) {
                System.arraycopy(raw, y * w, phases, rowBase + left, w);
                continue;
            }
            if (sw == 2) {
                // input column x is padded column x + left: phase (x + left) % 2, column (x + left) / 2
                int pe = left & 1;
                kernels.deinterleave(raw, y * w, w / 2, phases, rowBase + pe * length + (left >> 1),
                        phases, rowBase + (1 - pe) * length + ((left + 1) >> 1));
                if ((w & 1) != 0) {
                    int px = w - 1 + left;
                    phases[rowBase + (px & 1) * length + (px >> 1)] = raw[y * w + w - 1];
                }
                continue;
            }
            for (int rx = 0; rx < sw; rx++) {
                // padded columns ≡ rx (mod sw): input columns x = rx − left + j·sw ≥ 0
                int x = Math.floorMod(rx - left, sw);
                int d = rowBase + rx * length + (x + left) / sw;
                for (; x < w; x += sw) {
                    phases[d++] = raw[y * w + x];
                }
            }
        }
    }
}
