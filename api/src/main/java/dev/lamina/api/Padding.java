package dev.lamina.api;

/**
 * Zero (conv, {@code nn.ZeroPad2d}) or −∞ (max pool) padding on each side of a 2-D layer's input, in rows
 * and columns: {@code top}, {@code left}, {@code bottom}, {@code right}. PyTorch's {@code nn.Conv2d} and
 * pools pad symmetrically ({@link #of(int, int)}); asymmetric padding comes from {@code padding="same"}
 * with an even kernel, from {@code nn.ZeroPad2d} and from ONNX {@code pads}. Prints as {@code [h, w]} when
 * symmetric, else as {@code [top, left, bottom, right]}.
 */
public record Padding(int top, int left, int bottom, int right) {
    private static final Padding NONE = new Padding(0, 0, 0, 0);

    public Padding {
        if (top < 0 || left < 0 || bottom < 0 || right < 0) {
            throw new IllegalArgumentException("padding cannot be negative, got [" + top + ", " + left + ", "
                    + bottom + ", " + right + "] (top, left, bottom, right)");
        }
    }

    /** No padding. */
    public static Padding none() {
        return NONE;
    }

    /** {@code p} on every side. */
    public static Padding of(int p) {
        return new Padding(p, p, p, p);
    }

    /** {@code h} rows above and below, {@code w} columns left and right (PyTorch's {@code padding=(h, w)}). */
    public static Padding of(int h, int w) {
        return new Padding(h, w, h, w);
    }

    /** {@code d.h()} rows above and below, {@code d.w()} columns left and right. */
    public static Padding of(Dims2 d) {
        return of(d.h(), d.w());
    }

    /**
     * PyTorch's {@code padding="same"} (valid for stride 1 only, which the caller checks): per axis the total
     * is {@code dilation·(kernel − 1)}, top/left get half of it rounded down and bottom/right the rest, so the
     * output has the input's height and width.
     */
    public static Padding same(Dims2 kernel, Dims2 dilation) {
        int th = Math.multiplyExact(dilation.h(), kernel.h() - 1);
        int tw = Math.multiplyExact(dilation.w(), kernel.w() - 1);
        return new Padding(th / 2, tw / 2, th - th / 2, tw - tw / 2);
    }

    /** Whether top = bottom and left = right, i.e. what PyTorch's {@code padding=(h, w)} can say. */
    public boolean symmetric() {
        return top == bottom && left == right;
    }

    /** Rows added in all: top + bottom. */
    public int height() {
        return Math.addExact(top, bottom);
    }

    /** Columns added in all: left + right. */
    public int width() {
        return Math.addExact(left, right);
    }

    /** Whether every side is 0. */
    public boolean isZero() {
        return top == 0 && left == 0 && bottom == 0 && right == 0;
    }

    @Override
    public String toString() {
        return symmetric() ? "[" + top + ", " + left + "]"
                : "[" + top + ", " + left + ", " + bottom + ", " + right + "]";
    }
}
