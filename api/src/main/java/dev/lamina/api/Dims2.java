package dev.lamina.api;

/** A height × width pair: kernel, stride, padding or dilation of a 2-D layer. */
public record Dims2(int h, int w) {
    public Dims2 {
        if (h < 0 || w < 0) {
            throw new IllegalArgumentException("sizes cannot be negative: " + h + "×" + w);
        }
    }

    public static Dims2 of(int hw) {
        return new Dims2(hw, hw);
    }

    public static Dims2 of(int h, int w) {
        return new Dims2(h, w);
    }

    @Override
    public String toString() {
        return "[" + h + ", " + w + "]";
    }
}
