package dev.lamina.inspect;

/**
 * A diverging colour scale centred on zero: blue for negative, white for zero, red for positive, symmetric
 * on {@code ±maxAbs} so that equal magnitudes get equal strength whatever their sign. The colours are
 * ColorBrewer's RdBu, which stays readable for the common forms of colour blindness, with pure white at
 * zero so that what ReLU zeroed reads as blank. NaN is black, infinities take the end colours.
 */
public final class ColorScale {
    /** RGB stops from −1 to +1, evenly spaced. */
    private static final int[] STOPS = {0x2166ac, 0x67a9cf, 0xd1e5f0, 0xffffff, 0xfddbc7, 0xef8a62, 0xb2182b};
    /** The colour of NaN: in none of the stops, so it cannot pass for a number. */
    public static final int NAN_RGB = 0x000000;

    private final float maxAbs;

    private ColorScale(float maxAbs) {
        this.maxAbs = maxAbs;
    }

    /** A scale from {@code −maxAbs} to {@code +maxAbs}; 0 (or a non-finite bound) maps everything to white. */
    public static ColorScale symmetric(float maxAbs) {
        float m = Math.abs(maxAbs);
        return new ColorScale(Float.isFinite(m) ? m : 0f);
    }

    /** The scale symmetric on the largest finite magnitude among {@code values}. */
    public static ColorScale of(float[] values) {
        float m = 0;
        for (float v : values) {
            if (Float.isFinite(v)) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return new ColorScale(m);
    }

    public float maxAbs() {
        return maxAbs;
    }

    /** Where {@code v} falls on the scale, in [−1, 1]; NaN stays NaN. */
    public float position(float v) {
        if (Float.isNaN(v)) {
            return Float.NaN;
        }
        if (maxAbs == 0) {
            return v == 0 ? 0 : Math.signum(v);
        }
        return Math.max(-1f, Math.min(1f, v / maxAbs));
    }

    /** The 0xRRGGBB colour of {@code v}. */
    public int rgb(float v) {
        float t = position(v);
        if (Float.isNaN(t)) {
            return NAN_RGB;
        }
        float x = (t + 1) / 2 * (STOPS.length - 1);
        int i = Math.min((int) x, STOPS.length - 2);
        float f = x - i;
        int a = STOPS[i];
        int b = STOPS[i + 1];
        return mix(a >> 16, b >> 16, f) << 16 | mix(a >> 8, b >> 8, f) << 8 | mix(a, b, f);
    }

    private static int mix(int a, int b, float f) {
        a &= 0xff;
        b &= 0xff;
        return Math.round(a + (b - a) * f);
    }

    /** The colour of {@code v} as CSS, e.g. {@code #b2182b}. */
    public String css(float v) {
        return String.format("#%06x", rgb(v));
    }

    /** Whether text on {@code rgb} reads better in white than in black. */
    public static boolean isDark(int rgb) {
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        // Relative luminance with the sRGB weights; 0.45 keeps the mid blues and reds in black text.
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.45;
    }

    @Override
    public String toString() {
        return "ColorScale[±" + maxAbs + "]";
    }
}
