package dev.lamina.cli;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Prints a tensor the way the seed notebook shows arrays — NumPy's {@code precision=3} style: nested
 * brackets, values right-aligned to one width, trailing zeros dropped ({@code 0.1}, {@code 4.}).
 */
final class NumpyFormat {
    private NumpyFormat() {
    }

    static String format(Tensor t) {
        float[] v = t.toArray();
        String[] cells = new String[v.length];
        int width = 0;
        for (int i = 0; i < v.length; i++) {
            cells[i] = number(v[i]);
            width = Math.max(width, cells[i].length());
        }
        StringBuilder sb = new StringBuilder();
        append(sb, t.shape(), 0, 0, cells, width);
        return sb.toString();
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

    private static int append(StringBuilder sb, Shape shape, int axis, int offset, String[] cells, int width) {
        int n = shape.dim(axis);
        sb.append('[');
        if (axis == shape.rank() - 1) {
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                String c = cells[offset + i];
                sb.append(" ".repeat(width - c.length())).append(c);
            }
            sb.append(']');
            return offset + n;
        }
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                // NumPy separates blocks of rank r by r-1 blank lines.
                sb.append("\n".repeat(shape.rank() - axis - 1)).append(" ".repeat(axis + 1));
            }
            offset = append(sb, shape, axis + 1, offset, cells, width);
        }
        sb.append(']');
        return offset;
    }
}
