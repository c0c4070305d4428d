package dev.lamina.backend.cpu.gemm;

import java.util.Arrays;

/**
 * A depthwise conv (groups = channels = filters: each filter reads its own channel) with its epilogue, direct
 * and vectorised along the output row. Per channel plane, the input is copied once into a window with the
 * padding written as zeros and, for a column stride s > 1, each padded row split into its s phases (columns
 * ≡ 0, 1, … mod s, each contiguous): output column ow of tap (i, j) then reads padded row {@code oh·strideH + i·dilationH},
 * phase {@code (j·dilationW) mod s}, entry {@code ow + (j·dilationW) div s} — for every tap a contiguous run along
 * the row, whatever the stride. {@link MicroKernel#taps} sums the taps of a block of rows, vector by vector,
 * into a per-thread plane whose rows are padded to whole vectors (the columns past outW are scratch), and the
 * epilogue writes the output from there while it is in cache. Tasks are runs of whole planes (sample,
 * channel), enough of them to share among the threads.
 *
 * <p>Each output sums its taps in (i, j) order from +0 and adds the bias last, the direct kernel's order;
 * padding taps contribute {@code w·0} (so a NaN or infinite weight there gives NaN, as in PyTorch).
 */
public final class DepthwiseConv implements ConvPass {
    /** Multiply-adds a task should hold at least, so that handing it to a thread pays. */
    private static final long TASK_MACS = 1 << 15;

    private final ConvGeometry g;
    private final MicroKernel kernel;
    private final Epilogue epilogue;
    private final int taps;
    /** Per channel its taps, in (i, j) order. */
    private final float[] weight;
    /** Per channel, +0 when the layer has none. */
    private final float[] bias;
    /** Per tap, where it reads in the window relative to its output row's window row. */
    private final int[] tapOff;
    private final int phasePitch;
    private final int rowPitch;
    private final int windowRows;
    private final int paddedWidth;
    private final int windowFloats;
    private final int gridW;
    private final int rowsUsed;
    private final int inPlane;
    private final int outPlane;
    private final int outSize;
    private final int planesPerTask;
    /** The task body, made once (no allocation per call). */
    private final Workers.Body task = this::task;

    /**
     * {@code weight} {@code [C, 1, kh, kw]} and {@code bias} {@code [C]} (or null) as the conv computes with them (a
     * BatchNorm already folded in by the caller), and what follows in the same pass.
     */
    public DepthwiseConv(ConvGeometry g, float[] weight, float[] bias, Epilogue epilogue, MicroKernel kernel) {
        if (g.groups != g.channels || g.filters != g.channels) {
            throw new IllegalArgumentException("DepthwiseConv needs groups = channels = filters, got groups " + g.groups
                    + ", " + g.channels + " channels, " + g.filters + " filters");
        }
        this.g = g;
        this.kernel = kernel;
        this.epilogue = epilogue;
        taps = g.kh * g.kw;
        if (weight.length != g.channels * taps || (bias != null && bias.length != g.channels)) {
            throw new IllegalArgumentException("DepthwiseConv: expected " + g.channels * taps + " weights and "
                    + g.channels + " biases, got " + weight.length + " and " + (bias == null ? 0 : bias.length));
        }
        this.weight = weight.clone();
        this.bias = bias == null ? new float[g.channels] : bias.clone();
        int s = g.strideW;
        paddedWidth = g.paddedWidth();
        phasePitch = (paddedWidth + s - 1) / s;
        rowPitch = Math.multiplyExact(s, phasePitch);
        windowRows = g.height + g.padTop + g.padBottom;
        int lanes = kernel.lanes();
        gridW = (g.outW + lanes - 1) / lanes * lanes;
        // a row's last vector reads up to gridW − 1 past its tap's entry: slack after the last window row
        windowFloats = Math.addExact(Math.multiplyExact(windowRows, rowPitch), gridW + (g.kw - 1) * g.dilationW);
        tapOff = new int[taps];
        for (int i = 0, t = 0; i < g.kh; i++) {
            for (int j = 0; j < g.kw; j++, t++) {
                int col = j * g.dilationW;
                tapOff[t] = i * g.dilationH * rowPitch + col % s * phasePitch + col / s;
            }
        }
        rowsUsed = epilogue.rowsUsed(g.outH);
        inPlane = g.height * g.width;
        outPlane = Math.multiplyExact(epilogue.outH(g.outH), epilogue.outW(g.outW));
        outSize = Math.multiplyExact(g.channels, outPlane);
        long planeMacs = Math.max(1L, (long) taps * g.outH * g.outW);
        planesPerTask = (int) Math.min(g.channels, Math.max(1, TASK_MACS / planeMacs));
    }

    @Override
    public int outSize() {
        return outSize;
    }

    @Override
    public void forward(int batch, float[] x, float[] y) {
        int chunks = (g.channels + planesPerTask - 1) / planesPerTask;
        Workers.forEach(batch * chunks, task, x, y, chunks);
    }

    /** Task t of a call with {@code chunks} runs of planes per sample. */
    private void task(int t, float[] x, float[] y, int chunks) {
        int sample = t / chunks;
        int c0 = t % chunks * planesPerTask;
        Scratch s = Scratch.get();
        float[] w = s.b(windowFloats);
        float[] c = s.c(Math.max(1, rowsUsed) * gridW);
        int c1 = Math.min(g.channels, c0 + planesPerTask);
        int step = g.strideH * rowPitch;
        for (int ch = c0; ch < c1; ch++) {
            window(x, (sample * g.channels + ch) * inPlane, w);
            kernel.taps(taps, weight, ch * taps, tapOff, w, 0, step, bias[ch], c, 0, gridW, rowsUsed, gridW);
            epilogue.store(c, 0, gridW, g.outW, 0, rowsUsed, y, (sample * g.channels + ch) * outPlane);
        }
    }

    /** The plane at {@code x[plane]}, zero-padded, each row split into its column phases. */
    private void window(float[] x, int plane, float[] w) {
        int height = g.height;
        int width = g.width;
        int left = g.padLeft;
        int s = g.strideW;
        for (int r = 0; r < windowRows; r++) {
            int ih = r - g.padTop;
            int dst = r * rowPitch;
            if (ih < 0 || ih >= height) {
                Arrays.fill(w, dst, dst + rowPitch, 0f);
                continue;
            }
            int src = plane + ih * width;
            if (s == 1) {
                for (int i = 0; i < left; i++) {
                    w[dst + i] = 0f;
                }
                System.arraycopy(x, src, w, dst + left, width);
                for (int i = left + width; i < rowPitch; i++) {
                    w[dst + i] = 0f;
                }
            } else {
                // phase ph holds padded columns ph, ph + s, …: input column m·s + ph − left for its entry m
                for (int ph = 0; ph < s; ph++) {
                    int d = dst + ph * phasePitch;
                    int first = Math.min(phasePitch, Math.max(0, (left - ph + s - 1) / s));
                    int end = Math.max(first, Math.min(phasePitch, (width + left - ph + s - 1) / s));
                    for (int m = 0; m < first; m++) {
                        w[d + m] = 0f;
                    }
                    for (int m = first, iw = first * s + ph - left; m < end; m++, iw += s) {
                        w[d + m] = x[src + iw];
                    }
                    for (int m = end; m < phasePitch; m++) {
                        w[d + m] = 0f;
                    }
                }
            }
        }
    }
}
