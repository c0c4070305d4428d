package dev.lamina.core.io;

import java.util.Objects;

/**
 * A JSON number, kept as its literal text: that is what lets a reader tell {@code 3} from {@code 3.0} and
 * report an out-of-range integer as written, instead of rounding it through a double.
 */
record JsonNumber(String text) implements JsonValue {
    /** Longest integer literal that can fit a long: "-9223372036854775808" has 20 characters. */
    private static final int LONG_DIGITS = 20;

    public JsonNumber {
        // Not checked again: the text comes from Jackson's number token or from Long/Double.toString.
        Objects.requireNonNull(text, "text");
    }

    public static JsonNumber of(long value) {
        return new JsonNumber(Long.toString(value));
    }

    /** A finite double; JSON has no NaN or infinity. */
    public static JsonNumber of(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no " + value);
        }
        return new JsonNumber(Double.toString(value));
    }

    /** Written as an integer: no fraction, no exponent ({@code 3}, not {@code 3.0} or {@code 3e0}). */
    public boolean isInteger() {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') {
                return false;
            }
        }
        return true;
    }

    /**
     * The value as a long.
     *
     * @throws ArithmeticException when it is not written as an integer or does not fit a long
     */
    public long longValueExact() {
        if (!isInteger()) {
            throw new ArithmeticException(text + " is not an integer");
        }
        // Long.parseLong is linear and bounded here: longer literals cannot fit anyway.
        if (text.length() > LONG_DIGITS) {
            throw new ArithmeticException(text + " does not fit in 64 bits");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ArithmeticException(text + " does not fit in 64 bits");
        }
    }

    public double doubleValue() {
        return Double.parseDouble(text);
    }

    @Override
    public String kind() {
        return "a number";
    }

    @Override
    public String toString() {
        return text;
    }
}
