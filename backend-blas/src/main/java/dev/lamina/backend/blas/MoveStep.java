package dev.lamina.backend.blas;

import dev.lamina.api.ChannelShuffle;
import dev.lamina.api.Padding;
import dev.lamina.api.Shape;
import dev.lamina.api.Slice;
import dev.lamina.spi.Node;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Layers that only move values — channel shuffle, slice, zero padding — as a list of block copies per
 * sample, worked out once: run {@code i} copies {@code length[i]} values from {@code from[i]} in the input
 * sample to {@code to[i]} in the output sample, native to native; the output positions no run writes are
 * zeroed (zero padding's border), also as runs. No arithmetic, so exact.
 */
final class MoveStep extends Step {
    /** Read-only zeros for the border runs (never written, so shared by every call). */
    private static final float[] ZEROS = new float[BlasPlan.CHUNK];

    private final int inSize;
    private final int outSize;
    private final int[] from;
    private final int[] to;
    private final int[] length;
    /** Output positions to zero: {@code zeroAt[i] … zeroAt[i] + zeroLength[i] − 1}. */
    private final int[] zeroAt;
    private final int[] zeroLength;
    private final int in;
    private final int out;

    /** The runs, in output order, each {@code {from, to, length}}. */
    private MoveStep(Node node, List<int[]> runs, int in, int out) {
        super(node.name());
        inSize = node.inputShape().size();
        outSize = node.outputShape().size();
        int n = runs.size();
        from = new int[n];
        to = new int[n];
        length = new int[n];
        List<int[]> zeros = new ArrayList<>();
        int written = 0;
        for (int i = 0; i < n; i++) {
            int[] r = runs.get(i);
            if (r[0] < 0 || r[2] < 0 || (long) r[0] + r[2] > inSize || r[1] < written || (long) r[1] + r[2] > outSize) {
                throw new IllegalArgumentException(name + ": move run " + i
                        + " out of order or bounds (internal error)");
            }
            from[i] = r[0];
            to[i] = r[1];
            length[i] = r[2];
            if (r[1] > written) {
                zeros.add(new int[] {written, r[1] - written});
            }
            written = r[1] + r[2];
        }
        if (written < outSize) {
            zeros.add(new int[] {written, outSize - written});
        }
        zeroAt = zeros.stream().mapToInt(z -> z[0]).toArray();
        zeroLength = zeros.stream().mapToInt(z -> z[1]).toArray();
        this.in = in;
        this.out = out;
    }

    /** nn.ChannelShuffle: output channel {@code j·groups + g} is input channel {@code g·(C/groups) + j}. */
    static MoveStep shuffle(Node node, ChannelShuffle s, int in, int out) {
        int c = node.inputShape().dim(0);
        int plane = node.inputShape().size() / c;
        int perGroup = c / s.groups();
        List<int[]> runs = new ArrayList<>();
        for (int o = 0; o < c; o++) {
            int source = (o % s.groups()) * perGroup + o / s.groups();
            runs.add(new int[] {source * plane, o * plane, plane});
        }
        return new MoveStep(node, runs, in, out);
    }

    /** torch.narrow along a per-sample axis: one run per block of the axes before it. */
    static MoveStep slice(Node node, Slice s, int in, int out) {
        Shape shape = node.inputShape();
        int outer = 1;
        for (int d = 0; d < s.axis(); d++) {
            outer *= shape.dim(d);
        }
        int inner = shape.size() / outer / shape.dim(s.axis());
        int taken = (s.end() - s.start()) * inner;
        List<int[]> runs = new ArrayList<>();
        for (int o = 0; o < outer; o++) {
            runs.add(new int[] {(o * shape.dim(s.axis()) + s.start()) * inner, o * taken, taken});
        }
        return new MoveStep(node, runs, in, out);
    }

    /** nn.ZeroPad2d: one run per input row, the border zeroed. */
    static MoveStep zeroPad(Node node, Padding p, int in, int out) {
        Shape i = node.inputShape();
        Shape o = node.outputShape();
        int h = i.dim(1);
        int w = i.dim(2);
        int wo = o.dim(2);
        int ho = o.dim(1);
        List<int[]> runs = new ArrayList<>();
        for (int c = 0; c < i.dim(0); c++) {
            for (int y = 0; y < h; y++) {
                runs.add(new int[] {(c * h + y) * w, (c * ho + y + p.top()) * wo + p.left(), w});
            }
        }
        return new MoveStep(node, runs, in, out);
    }

    @Override
    void run(Workspace ws, Workspace.Lane lane, int first, int last, int threads) {
        FloatBuffer src = ws.bufs[in];
        FloatBuffer dst = ws.bufs[out];
        float[] zero = ZEROS;
        for (int n = first; n < last; n++) {
            int i0 = n * inSize;
            int o0 = n * outSize;
            for (int i = 0; i < from.length; i++) {
                dst.put(o0 + to[i], src, i0 + from[i], length[i]);
            }
            for (int i = 0; i < zeroAt.length; i++) {
                for (int z = 0; z < zeroLength[i]; z += zero.length) {
                    dst.put(o0 + zeroAt[i] + z, zero, 0, Math.min(zero.length, zeroLength[i] - z));
                }
            }
        }
    }
}
