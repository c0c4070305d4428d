package dev.lamina.backend.blas;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Depthwise conv (groups = input channels, any channel multiplier) directly in Java, no GEMM: each output
 * channel reads one input channel, so the work is {@code kh·kw} multiply-adds per output and memory-bound — a
 * GEMM per channel would be a {@code [m × kh·kw] × [kh·kw × L]} product, a native call and an im2col copy
 * per channel for a few thousand multiply-adds.
 *
 * <p>Layout: the zero-padded input plane is split by row and column phase modulo the stride into
 * {@code sh·sw} planes {@code P[ry][rx][yy·wq + xx] = padded[yy·sh + ry][xx·sw + rx]} (one plane, the padded
 * plane itself, for stride 1). Tap {@code (a, c)} then reads one contiguous slice of one phase plane for every
 * output, {@code q = oh·wq + ow}: {@code acc[q] = Σ w[a][c] · P[ra][rc][q + (a·dh / sh)·wq + c·dw / sw]}
 * ({@link JavaKernels#taps}: on the Vector API, one vector of outputs at a time with all taps in registers);
 * the {@code wq − wout} extra columns per row are computed and dropped. Taps are added in row-major order,
 * starting from the first product; the {@link Epilogue} (bias, activation, fused pool) follows per channel.
 */
final class DepthwiseLowering extends ConvLowering {
    /** Width of one phase plane, and the accumulator's row stride. */
    private final int wq;
    /** Length of one phase plane in the input array, with the slack the last tap's slice reads past it. */
    private final int phaseLength;
    /** Per tap {@code a·kw + c}: where its slice starts in the phase planes. */
    private final int[] tapOffset;
    /** Output channels per input channel. */
    private final int multiplier;
    /** The weights, {@code [cout, kh·kw]}. */
    private final float[] weight;
    private final JavaKernels kernels = JavaKernels.get();

    DepthwiseLowering(ConvGeometry g, Epilogue epilogue, float[] weight) {
        super(g, epilogue);
        if (!g.depthwise()) {
            throw new IllegalArgumentException("depthwise lowering for a conv with groups " + g.groups() + " and "
                    + g.cin() + " input channels");
        }
        int sh = g.sh();
        int sw = g.sw();
        wq = (g.wp() + sw - 1) / sw;
        int hq = (g.hp() + sh - 1) / sh;
        int taps = g.kh() * g.kw();
        tapOffset = new int[taps];
        // the slice of the last kernel column starts (kw − 1)·dw / sw columns in: slack for it past the plane
        phaseLength = Math.addExact(Math.multiplyExact(hq, wq), (g.kw() - 1) * g.dw() / sw + 8);
        Math.multiplyExact(Math.multiplyExact(sh, sw), phaseLength);
        for (int a = 0; a < g.kh(); a++) {
            for (int c = 0; c < g.kw(); c++) {
                int ry = a * g.dh();
                int rx = c * g.dw();
                tapOffset[a * g.kw() + c] = ((ry % sh) * sw + rx % sw) * phaseLength + (ry / sh) * wq + rx / sw;
            }
        }
        multiplier = g.cout() / g.cin();
        this.weight = weight;
    }

    @Override
    boolean usesGemm() {
        return false;
    }

    @Override
    int columns() {
        return g.hout() * wq;
    }

    // no native scratch: the work is in the lane's heap arrays
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
        // input: the phase planes; work: the raw plane, then the accumulators; result: one output plane
        needs.input((long) g.sh() * g.sw() * phaseLength + JavaKernels.OVERRUN)
                .work(Math.max(g.inputPlane(), (long) g.hout() * wq + JavaKernels.OVERRUN))
                .result(epilogue.outPlane());
    }

    @Override
    void run(ConvStep s, Workspace ws, Workspace.Lane lane, int n0, int m) {
        FloatBuffer src = ws.bufs[s.in];
        FloatBuffer dst = ws.bufs[s.out];
        int cin = g.cin();
        int cout = g.cout();
        int hw = g.inputPlane();
        int outPlane = epilogue.outPlane();
        if ((long) (n0 + m) * g.inputSample() > src.capacity() || (long) (n0 + m) * cout * outPlane > dst.capacity()) {
            throw new IllegalStateException(s.name + ": buffers too small for " + m + " images (internal error)");
        }
        float[] phases = lane.input;
        float[] acc = lane.work;
        int taps = tapOffset.length;
        int length = g.hout() * wq;
        float[] bias = s.bias;
        for (int n = n0; n < n0 + m; n++) {
            for (int ci = 0; ci < cin; ci++) {
                split(src, (n * cin + ci) * hw, acc, phases);
                for (int r = 0; r < multiplier; r++) {
                    int co = ci * multiplier + r;
                    kernels.taps(phases, tapOffset, weight, co * taps, acc, length);
                    epilogue.apply(g, acc, wq, lane.result, bias == null ? 0f : bias[co]);
                    dst.put((n * cout + co) * outPlane, lane.result, 0, outPlane);
                }
            }
        }
    }

    /**
     * One input plane at {@code from} in {@code src} → the zero-padded plane split into its stride phases (see
     * the class comment); {@code raw} holds the plane on the way for strides above 1. Only the zero border
     * is filled: every other value is overwritten.
     */
    private void split(FloatBuffer src, int from, float[] raw, float[] phases) {
        int h = g.h();
        int w = g.w();
        int top = g.ph();
        int left = g.pw();
        int sh = g.sh();
        int sw = g.sw();
        if (sh == 1 && sw == 1) {
            // one phase, the padded plane itself: each input row read straight into place
            int wp = g.wp();
            Arrays.fill(phases, 0, top * wp + left, 0f);
            for (int y = 0; y < h; y++) {
                int row = (y + top) * wp + left;
                src.get(from + y * w, phases, row, w);
                Arrays.fill(phases, row + w, row + wp, 0f);
            }
            Arrays.fill(phases, (top + h) * wp + left, phaseLength, 0f);
            return;
        }
        src.get(from, raw, 0, h * w);
        Arrays.fill(phases, 0, sh * sw * phaseLength, 0f);
        for (int y = 0; y < h; y++) {
            int py = y + top;
            int rowBase = (py % sh) * sw * phaseLength + (py / sh) * wq;
            if (sw == 1) {
                System.arraycopy(raw, y * w, phases, rowBase + left, w);
                continue;
            }
            if (sw == 2) {
                // input column x is padded column x + left: phase (x + left) % 2, column (x + left) / 2
                int pe = left & 1;
                kernels.deinterleave(raw, y * w, w / 2, phases, rowBase + pe * phaseLength + (left >> 1),
                        phases, rowBase + (1 - pe) * phaseLength + ((left + 1) >> 1));
                if ((w & 1) != 0) {
                    int px = w - 1 + left;
                    phases[rowBase + (px & 1) * phaseLength + (px >> 1)] = raw[y * w + w - 1];
                }
                continue;
            }
            for (int rx = 0; rx < sw; rx++) {
                // padded columns ≡ rx (mod sw): input columns x = rx − left + j·sw ≥ 0
                int x = Math.floorMod(rx - left, sw);
                int d = rowBase + rx * phaseLength + (x + left) / sw;
                for (; x < w; x += sw) {
                    phases[d++] = raw[y * w + x];
                }
            }
        }
    }
}
