package dev.lamina.inspect;

/**
 * A bar chart of a flat vector (a flatten or dense output, a bias): one bar per value from a zero line,
 * up for positive and down for negative, coloured on the same diverging scale as the heatmaps.
 *
 * <p>The size formula, in pixels: {@code width = 2·8 + 56 + shown·barWidth},
 * {@code height = 2·8 + 16 + 120 + 16} = 168, where 56 is the axis labels, 120 the plot and the two
 * 16-pixel rows hold the values (above) and the indices (below), both printed for at most 16 values.
 * Bars are 40 pixels wide for up to 16 values, otherwise {@code clamp(768 / shown, 2, 24)}; at most the
 * first 256 values are shown.
 */
public final class BarLayout implements Layout {
    public static final int MAX_BARS = 256;

    static final int AXIS = 56;
    static final int TEXT_ROW = 16;
    static final int PLOT = 120;
    static final int PRINT_MAX = 16;
    static final int PRINT_BAR = 40;
    static final int TARGET = 768;
    static final int MAX_BAR = 24;

    private final int count;
    private final int shown;
    private final int barWidth;

    private BarLayout(int count, int shown, int barWidth) {
        this.count = count;
        this.shown = shown;
        this.barWidth = barWidth;
    }

    /** The layout for {@code count} values. */
    public static BarLayout of(int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("a bar chart needs at least one value, got " + count);
        }
        int shown = Math.min(count, MAX_BARS);
        int bar = shown <= PRINT_MAX ? PRINT_BAR : Math.max(2, Math.min(MAX_BAR, TARGET / shown));
        return new BarLayout(count, shown, bar);
    }

    @Override
    public int count() {
        return count;
    }

    /** The first {@code shown} values are drawn. */
    @Override
    public int shown() {
        return shown;
    }

    public int barWidth() {
        return barWidth;
    }

    @Override
    public boolean printsValues() {
        return shown <= PRINT_MAX;
    }

    @Override
    public String note() {
        return shown < count ? "showing the first " + shown + " of " + count + " values" : "";
    }

    @Override
    public int width() {
        return 2 * PAD + AXIS + shown * barWidth;
    }

    @Override
    public int height() {
        return 2 * PAD + 2 * TEXT_ROW + PLOT;
    }

    int plotLeft() {
        return PAD + AXIS;
    }

    int plotTop() {
        return PAD + TEXT_ROW;
    }

    @Override
    public String toString() {
        return "BarLayout[" + shown + "/" + count + " bars of " + barWidth + " px, " + width() + "×" + height()
                + " px]";
    }
}
