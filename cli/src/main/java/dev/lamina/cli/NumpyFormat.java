package dev.lamina.cli;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Prints a tensor the way the seed notebook shows arrays — NumPy's {@code precision=3} style: nested
 * brackets, values right-aligned to one width, trailing zeros dropped ({@code 0.1}, {@code 4.}); an array of
 * more than 1,000 values is summarised as NumPy does, 3 entries at each end of every long axis around a {@code ...}.
 */
final class NumpyFormat {
    private NumpyFormat() {
    }

    /** NumPy's {@code threshold}: an array of more values than this prints summarised. */
    static final int THRESHOLD = 1000;
    /** NumPy's {@code edgeitems}: a summarised axis shows this many entries at each end, then {@code ...}. */
    static final int EDGE_ITEMS = 3;

    static String format(Tensor t) {
        float[] v = t.toArray();
        Shape shape = t.shape();
        boolean summarise = v.length > THRESHOLD;
        // Only the values that are printed set the width (NumPy formats the summarised array).
        int[] width = {0};
        visit(shape, 0, 0, summarise, i -> width[0] = Math.max(width[0], number(v[i]).length()));
        StringBuilder sb = new StringBuilder();
        append(sb, shape, 0, 0, v, width[0], summarise);
        return sb.toString();
    }

    /** Elements per step of {@code axis}: the product of the dimensions after it. */
    private static int stride(Shape shape, int axis) {
        int s = 1;
        for (int a = axis + 1; a < shape.rank(); a++) {
            s = Math.multiplyExact(s, shape.dim(a));
        }
        return s;
    }

    /** Whether entry {@code i} of an axis of {@code n} entries is left out, and replaced by one {@code ...}. */
    private static boolean hidden(boolean summarise, int n, int i) {
        return summarise && n > 2 * EDGE_ITEMS && i >= EDGE_ITEMS && i < n - EDGE_ITEMS;
    }

    private static void visit(Shape shape, int axis, int offset, boolean summarise, java.util.function.IntConsumer f) {
        int n = shape.dim(axis);
        int stride = stride(shape, axis);
        for (int i = 0; i < n; i++) {
            if (hidden(summarise, n, i)) {
                continue;
            }
            if (axis == shape.rank() - 1) {
                f.accept(offset + i);
            } else {
                visit(shape, axis + 1, offset + i * stride, summarise, f);
            }
        }
    }

    static String number(float f) {
        if (Float.isNaN(f)) {
            return "nan";
        }
        if (Float.isInfinite(f)) {
            return f > 0 ? "inf" : "-inf";
        }
        if (f != 0 && (Math.abs(f) >= 1e8 || Math.abs(f) < 1e-4)) {
            return String.format("%.3e", f);
        }
        String s = new BigDecimal(Float.toString(f)).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString();
        if (s.equals("-0")) {
            s = "-0";
        }
        return s.contains(".") ? s : s + ".";
    }

    private static void append(StringBuilder sb, Shape shape, int axis, int offset, float[] v, int width,
                               boolean summarise) {
        int n = shape.dim(axis);
        int stride = stride(shape, axis);
        boolean last = axis == shape.rank() - 1;
        sb.append('[');
        boolean first = true;
        for (int i = 0; i < n; i++) {
            boolean skip = hidden(summarise, n, i);
            if (skip && i != EDGE_ITEMS) {
                continue; // one "..." stands for the whole run
            }
            if (!first) {
                // NumPy separates entries of the last axis by a space, blocks of rank r by r-1 blank lines.
                sb.append(last ? " " : "\n".repeat(shape.rank() - axis - 1) + " ".repeat(axis + 1));
            }
            first = false;
            if (skip) {
                sb.append("...");
            } else if (last) {
                String c = number(v[offset + i]);
                sb.append(" ".repeat(width - c.length())).append(c);
            } else {
                append(sb, shape, axis + 1, offset + i * stride, v, width, summarise);
            }
        }
        sb.append(']');
    }
}
