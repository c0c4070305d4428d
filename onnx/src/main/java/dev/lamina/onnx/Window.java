package dev.lamina.onnx;

import dev.lamina.api.Padding;
import dev.lamina.api.Shape;

import java.util.Arrays;

/**
 * The 2-D window of a Conv or pool node, from ONNX attributes: {@code kernel_shape}, {@code strides}
 * (default 1), {@code dilations} (default 1), and {@code pads} ({@code [top, left, bottom, right]}) or
 * {@code auto_pad}, whose SAME padding is computed here for the known input size (SAME_UPPER puts the
 * odd pixel at the bottom/right, SAME_LOWER at the top/left).
 */
record Window(int kh, int kw, int sh, int sw, int dh, int dw, int top, int left, int bottom, int right) {

    Padding padding() {
        return new Padding(top, left, bottom, right);
    }

    /**
     * Reads the window of {@code c}; {@code kernel} is the weight's [kh, kw] for a Conv (kernel_shape then
     * only has to agree), null for a pool (kernel_shape required). {@code dilations} false: the op has none.
     */
    static Window of(NodeContext c, Shape input, int[] kernel, boolean dilations) {
        if (input.rank() != 3) {
            throw c.error("expects an [N, C, H, W] input, got [N, " + input.toString().substring(1)
                    + "; Lamina supports 2-D windows only");
        }
        long[] ks = c.attrs.integers("kernel_shape");
        int[] k;
        if (kernel != null) {
            k = kernel;
            if (ks != null && !Arrays.equals(toInts(c, "kernel_shape", ks, 2, 1), kernel)) {
                throw c.error("kernel_shape " + Arrays.toString(ks) + " does not match the weight's kernel "
                        + Arrays.toString(kernel));
            }
        } else {
            if (ks == null) {
                throw c.error("attribute kernel_shape is required");
            }
            k = toInts(c, "kernel_shape", ks, 2, 1);
        }
        int[] s = pair(c, "strides");
        int[] d = dilations ? pair(c, "dilations") : new int[] {1, 1};
        String autoPad = c.attrs.string("auto_pad", "NOTSET");
        long[] pads = c.attrs.integers("pads");
        int[] p;
        switch (autoPad) {
            case "NOTSET" -> p = pads == null ? new int[4] : toInts(c, "pads", pads, 4, 0);
            case "VALID" -> p = new int[4];
            case "SAME_UPPER", "SAME_LOWER" -> {
                int[] ph = same(input.dim(1), k[0], s[0], d[0], autoPad.equals("SAME_UPPER"));
                int[] pw = same(input.dim(2), k[1], s[1], d[1], autoPad.equals("SAME_UPPER"));
                p = new int[] {ph[0], pw[0], ph[1], pw[1]};
            }
            default -> throw c.unsupported("auto_pad", autoPad, "NOTSET, VALID, SAME_UPPER, SAME_LOWER");
        }
        if (pads != null && !autoPad.equals("NOTSET")) {
            throw c.error("gives both pads and auto_pad = " + autoPad);
        }
        return new Window(k[0], k[1], s[0], s[1], d[0], d[1], p[0], p[1], p[2], p[3]);
    }

    /** {begin, end} padding of ONNX's SAME rule: output = ceil(in / stride). */
    private static int[] same(int in, int k, int stride, int dil, boolean upper) {
        int out = (in + stride - 1) / stride;
        int total = Math.max(0, (out - 1) * stride + (k - 1) * dil + 1 - in);
        int small = total / 2;
        return upper ? new int[] {small, total - small} : new int[] {total - small, small};
    }

    private static int[] pair(NodeContext c, String attr) {
        long[] v = c.attrs.integers(attr);
        return v == null ? new int[] {1, 1} : toInts(c, attr, v, 2, 1);
    }

    /** {@code v} as {@code n} ints of at least {@code min}. */
    static int[] toInts(NodeContext c, String attr, long[] v, int n, int min) {
        if (v.length != n) {
            throw c.unsupported(attr, Arrays.toString(v), n + " values (Lamina supports 2-D windows only)");
        }
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            if (v[i] < min || v[i] > 1 << 20) {
                throw c.unsupported(attr, Arrays.toString(v), "values from " + min + " to " + (1 << 20));
            }
            r[i] = (int) v[i];
        }
        return r;
    }
}
