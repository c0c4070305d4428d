package dev.lamina.inspect;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.image.BufferedImage;

/** Draws heatmap tiles and bar charts with Java2D into off-screen images; no display is used. */
final class Painter {
    private static final Color FRAME = new Color(0xb0b0b0);
    private static final Color INK = new Color(0x333333);
    private static final Color AXIS = new Color(0x888888);
    private static final Color OUTLINE = new Color(0x555555);

    static {
        // Pictures are made on servers and in CI as well as on desktops: never ask for a display.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Painter() {
    }

    /** Draws the shown tiles of {@code values} as heatmaps, with labels, printed values and a legend. */
    static BufferedImage tiles(TileLayout layout, float[] values, ColorScale scale) {
        BufferedImage img = canvas(layout.width(), layout.height());
        Graphics2D g = img.createGraphics();
        try {
            for (int t = 0; t < layout.tilesShown(); t++) {
                int x0 = layout.tileX(t);
                int y0 = layout.tileY(t);
                int tw = layout.tileWidth();
                int th = layout.tileHeight();
                g.setColor(FRAME);
                g.drawRect(x0 - 1, y0 - 1, tw + 1, th + 1);
                if (layout.labelled()) {
                    Shape clip = g.getClip();
                    g.clipRect(x0 - 1, y0 - 1 - TileLayout.LABEL, tw + TileLayout.GAP, TileLayout.LABEL);
                    g.setColor(INK);
                    Text.draw(g, layout.label(t), Text.SMALL, x0 - 1, y0 - 2 - TileLayout.LABEL / 2, Text.Align.LEFT);
                    g.setClip(clip);
                }
                for (int r = 0; r < layout.mapRows(); r++) {
                    for (int c = 0; c < layout.mapColumns(); c++) {
                        float v = values[layout.index(t, r, c)];
                        int rgb = scale.rgb(v);
                        int cx = x0 + c * layout.cellWidth();
                        int cy = y0 + r * layout.cellHeight();
                        g.setColor(new Color(rgb));
                        g.fillRect(cx, cy, layout.cellWidth(), layout.cellHeight());
                        if (layout.printsValues()) {
                            g.setColor(ColorScale.isDark(rgb) ? Color.WHITE : INK);
                            String label = Text.fit(g, v, 3, Text.NORMAL, layout.cellWidth() - 4);
                            Text.draw(g, label, Text.NORMAL, cx + layout.cellWidth() / 2,
                                    cy + layout.cellHeight() / 2, Text.Align.CENTER);
                        }
                    }
                }
            }
            legend(g, scale, Layout.PAD, layout.height() - Layout.PAD - TileLayout.LEGEND / 2);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** The scale's gradient from −max to +max with its end values, centred vertically on {@code midY}. */
    private static void legend(Graphics2D g, ColorScale scale, int left, int midY) {
        int labelWidth = 48;
        int barLeft = left + labelWidth + 4;
        int barWidth = 160;
        float m = scale.maxAbs();
        for (int i = 0; i < barWidth; i++) {
            float t = (i + 0.5f) / barWidth * 2 - 1;
            g.setColor(new Color(scale.rgb(m == 0 ? 0 : t * m)));
            g.fillRect(barLeft + i, midY - 5, 1, 10);
        }
        g.setColor(FRAME);
        g.drawRect(barLeft - 1, midY - 6, barWidth + 1, 11);
        g.setColor(INK);
        g.drawLine(barLeft + barWidth / 2, midY - 8, barLeft + barWidth / 2, midY + 7);
        Text.draw(g, m == 0 ? "0" : Text.compact(-m, 3), Text.NORMAL, barLeft - 5, midY, Text.Align.RIGHT);
        Text.draw(g, m == 0 ? "0" : Text.compact(m, 3), Text.NORMAL, barLeft + barWidth + 5, midY, Text.Align.LEFT);
    }

    /** Draws the first {@code layout.shown()} values as bars from a zero line. */
    static BufferedImage bars(BarLayout layout, float[] values, ColorScale scale) {
        BufferedImage img = canvas(layout.width(), layout.height());
        Graphics2D g = img.createGraphics();
        try {
            float lo = 0;
            float hi = 0;
            for (int i = 0; i < layout.shown(); i++) {
                if (Float.isFinite(values[i])) {
                    lo = Math.min(lo, values[i]);
                    hi = Math.max(hi, values[i]);
                }
            }
            if (lo == hi) {
                hi = 1;
            }
            int top = layout.plotTop();
            int left = layout.plotLeft();
            int bw = layout.barWidth();
            int zero = y(0, lo, hi, top);
            int gap = bw >= 8 ? bw / 5 : 0;
            for (int i = 0; i < layout.shown(); i++) {
                float v = values[i];
                int x = left + i * bw + gap / 2;
                int w = bw - gap;
                if (Float.isNaN(v)) {
                    g.setColor(new Color(ColorScale.NAN_RGB));
                    g.fillRect(x, zero - 2, w, 5);
                } else {
                    int yv = y(Math.max(lo, Math.min(hi, v)), lo, hi, top);
                    int y0 = Math.min(yv, zero);
                    int h = Math.max(1, Math.abs(yv - zero));
                    g.setColor(new Color(scale.rgb(v)));
                    g.fillRect(x, y0, w, h);
                    if (w >= 6 && v != 0) {
                        g.setColor(OUTLINE);
                        g.drawRect(x, y0, w - 1, h - 1);
                    }
                }
                if (layout.printsValues()) {
                    g.setColor(INK);
                    int cx = left + i * bw + bw / 2;
                    Text.draw(g, Text.fit(g, v, 4, Text.SMALL, bw - 3), Text.SMALL, cx,
                            Layout.PAD + BarLayout.TEXT_ROW / 2, Text.Align.CENTER);
                    Text.draw(g, Integer.toString(i), Text.SMALL, cx, top + BarLayout.PLOT + BarLayout.TEXT_ROW / 2,
                            Text.Align.CENTER);
                }
            }
            g.setColor(AXIS);
            g.setStroke(new BasicStroke(1));
            g.drawLine(left - 3, zero, left + layout.shown() * bw, zero);
            g.drawLine(left - 1, top, left - 1, top + BarLayout.PLOT);
            g.setColor(INK);
            int axis = BarLayout.AXIS - 8;
            Text.draw(g, Text.fit(g, hi, 4, Text.SMALL, axis), Text.SMALL, left - 5, top, Text.Align.RIGHT);
            Text.draw(g, Text.fit(g, lo, 4, Text.SMALL, axis), Text.SMALL, left - 5, top + BarLayout.PLOT,
                    Text.Align.RIGHT);
            if (zero - top > 10 && top + BarLayout.PLOT - zero > 10) {
                Text.draw(g, "0", Text.SMALL, left - 5, zero, Text.Align.RIGHT);
            }
            if (!layout.printsValues()) {
                int below = top + BarLayout.PLOT + BarLayout.TEXT_ROW / 2;
                Text.draw(g, "0", Text.SMALL, left, below, Text.Align.LEFT);
                Text.draw(g, Integer.toString(layout.shown() - 1), Text.SMALL, left + layout.shown() * bw, below,
                        Text.Align.RIGHT);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static int y(float v, float lo, float hi, int top) {
        return top + Math.round((hi - v) / (hi - lo) * BarLayout.PLOT);
    }

    private static BufferedImage canvas(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }
}
