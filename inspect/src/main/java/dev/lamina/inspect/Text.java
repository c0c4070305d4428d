package dev.lamina.inspect;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Text inside pictures and the short number format used there. Drawing text is the one part of Java2D
 * that needs the machine's fonts (fontconfig and a font package on Linux): where there are none, the
 * JDK throws from deep inside, so the first failure switches text off and the pictures are drawn
 * without it — the HTML page carries every number as text anyway.
 */
final class Text {
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    static final Font NORMAL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private static volatile boolean works = true;

    private Text() {
    }

    /** Whether text has been drawn (or not yet tried) without a font failure in this JVM. */
    static boolean available() {
        return works;
    }

    enum Align { LEFT, CENTER, RIGHT }

    /**
     * Draws {@code s} with its baseline centred vertically on {@code midY}, aligned on {@code x}; gives up
     * silently when fonts are missing.
     */
    static void draw(Graphics2D g, String s, Font font, int x, int midY, Align align) {
        if (!works || s.isEmpty()) {
            return;
        }
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            FontMetrics fm = g.getFontMetrics();
            int w = fm.stringWidth(s);
            int left = switch (align) {
                case LEFT -> x;
                case CENTER -> x - w / 2;
                case RIGHT -> x - w;
            };
            g.drawString(s, left, midY + (fm.getAscent() - fm.getDescent()) / 2);
        } catch (RuntimeException | InternalError | LinkageError e) {
            // No usable font (e.g. fontconfig without a font package): keep the pictures, drop their text.
            works = false;
        }
    }

    /** Width of {@code s} in {@code font}, or an estimate when fonts are missing. */
    static int width(Graphics2D g, String s, Font font) {
        if (works) {
            try {
                return g.getFontMetrics(font).stringWidth(s);
            } catch (RuntimeException | InternalError | LinkageError e) {
                works = false;
            }
        }
        return s.length() * font.getSize() * 6 / 10;
    }

    /**
     * The most precise short form of {@code v}, from {@code digits} significant digits down to one, that is
     * at most {@code maxWidth} pixels wide in {@code font}; empty when not even one digit fits, so that
     * neighbouring labels never run into each other.
     */
    static String fit(Graphics2D g, float v, int digits, Font font, int maxWidth) {
        for (int d = digits; d >= 1; d--) {
            String s = compact(v, d);
            if (width(g, s, font) <= maxWidth) {
                return s;
            }
        }
        return "";
    }

    /**
     * A short form of {@code v} with {@code digits} significant digits for a label: {@code 4.1},
     * {@code −0.25}, {@code 282}, {@code 3e−5}; a real minus sign so negatives stand out.
     */
    static String compact(float v, int digits) {
        if (Float.isNaN(v)) {
            return "NaN";
        }
        if (Float.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        String s;
        if (a >= Math.pow(10, digits + 1) || a < 0.01) {
            int exp = (int) Math.floor(Math.log10(a));
            long mantissa = Math.round(a / Math.pow(10, exp));
            if (mantissa == 10) {
                mantissa = 1;
                exp++;
            }
            s = mantissa + "e" + (exp < 0 ? "−" + -exp : Integer.toString(exp));
        } else {
            s = new BigDecimal(a).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
        }
        return v < 0 ? "−" + s : s;
    }

    /** {@code v} to {@code digits} significant digits, e.g. a mean: {@code 0.003012}, {@code -1.5E-7}. */
    static String significant(double v, int digits) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros();
        double a = Math.abs(v);
        return a < 1e-4 || a >= 1e7 ? d.toString() : d.toPlainString();
    }

    /** The exact value as Java prints a float, the shortest text that reads back to the same float. */
    static String exact(float v) {
        return Float.toString(v);
    }
}
