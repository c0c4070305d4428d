package dev.lamina.core.io;

import dev.lamina.api.Dims2;
import dev.lamina.api.Padding;

import java.util.List;

/**
 * Reads the values of one JSON object of a model file — the model itself or one layer — with errors that
 * name the source and the place ({@code "layer 2 (conv1)"}, or nothing for the top level).
 */
record Values(String source, String where, JsonObject object) {
    FormatException error(String problem) {
        return new FormatException(source, where.isEmpty() ? problem : where + ": " + problem);
    }

    /** The field's value; its default when absent, or an error when it has none. */
    <T> T get(Field<T> field) {
        JsonValue v = object.get(field.name());
        if (v == null) {
            if (field.absent() == null) {
                throw error("missing " + Json.quote(field.name()));
            }
            return field.absent();
        }
        return field.kind().read().read(this, field.name(), v);
    }

    /** The field's value, or {@code absent} when the key is not there (a default that depends on another key). */
    <T> T get(Field<T> field, T absent) {
        return object.has(field.name()) ? get(field) : absent;
    }

    JsonValue required(String key) {
        JsonValue v = object.get(key);
        if (v == null) {
            throw error("missing " + Json.quote(key));
        }
        return v;
    }

    String string(JsonValue v, String key) {
        if (!(v instanceof JsonString s) || s.value().isBlank()) {
            throw error(Json.quote(key) + " must be a non-empty string, got " + show(v));
        }
        return s.value();
    }

    boolean bool(JsonValue v, String key) {
        if (!(v instanceof JsonBoolean b)) {
            throw error(Json.quote(key) + " must be true or false, got " + show(v));
        }
        return b.value();
    }

    /** A finite number. */
    double real(JsonValue v, String key) {
        if (!(v instanceof JsonNumber n)) {
            throw error(Json.quote(key) + " must be a number, got " + show(v));
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            throw error(Json.quote(key) + " must be a finite number, got " + show(v) + " (beyond a double)");
        }
        return d;
    }

    /** A finite number within float range (rounded to the nearest float). */
    float single(JsonValue v, String key) {
        float f = (float) real(v, key);
        if (!Float.isFinite(f)) {
            throw error(Json.quote(key) + " must be a finite number, got " + show(v) + " (beyond a float)");
        }
        return f;
    }

    /** One of {@code allowed}. */
    String choice(JsonValue v, String key, List<String> allowed) {
        if (!(v instanceof JsonString s) || !allowed.contains(s.value())) {
            List<String> quoted = allowed.stream().map(Json::quote).toList();
            throw error(Json.quote(key) + " must be one of " + String.join(", ", quoted) + ", got " + show(v));
        }
        return s.value();
    }

    /** An int of at least {@code min} (0 or 1), written as an integer. */
    int integer(JsonValue v, String key, int min) {
        // "kernel[1]" reads as "kernel"[1]: the key quoted as everywhere else, then the index.
        int bracket = key.indexOf('[');
        String label = bracket < 0 ? Json.quote(key)
                : Json.quote(key.substring(0, bracket)) + key.substring(bracket);
        String want = label + " must be a " + (min > 0 ? "positive" : "non-negative") + " integer, got ";
        if (!(v instanceof JsonNumber n)) {
            throw error(want + show(v));
        }
        if (!n.isInteger()) {
            throw error(want + n.text() + " (not a whole number)");
        }
        long value;
        try {
            value = n.longValueExact();
        } catch (ArithmeticException e) {
            value = n.text().startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (value < min) {
            throw error(want + n.text());
        }
        if (value > Integer.MAX_VALUE) {
            throw error(want + n.text() + " (too large, the limit is " + Integer.MAX_VALUE + ")");
        }
        return (int) value;
    }

    /** A height × width pair: {@code [h, w]}, or one integer for both. */
    Dims2 dims2(JsonValue v, String key, int min) {
        if (v instanceof JsonNumber) {
            return Dims2.of(integer(v, key, min));
        }
        if (!(v instanceof JsonArray a) || a.size() != 2) {
            throw error(Json.quote(key) + " must be " + (min > 0 ? "a positive" : "a non-negative")
                    + " integer or a list of two, [height, width], got " + show(v));
        }
        return Dims2.of(integer(a.get(0), key + "[0]", min), integer(a.get(1), key + "[1]", min));
    }

    /**
     * Padding: one integer for every side, {@code [h, w]} (top = bottom = h, left = right = w) or
     * {@code [top, left, bottom, right]}.
     */
    Padding padding(JsonValue v, String key) {
        if (v instanceof JsonNumber) {
            return Padding.of(integer(v, key, 0));
        }
        if (v instanceof JsonArray a && a.size() == 2) {
            return Padding.of(integer(a.get(0), key + "[0]", 0), integer(a.get(1), key + "[1]", 0));
        }
        if (v instanceof JsonArray a && a.size() == 4) {
            return new Padding(integer(a.get(0), key + "[0]", 0), integer(a.get(1), key + "[1]", 0),
                    integer(a.get(2), key + "[2]", 0), integer(a.get(3), key + "[3]", 0));
        }
        throw error(Json.quote(key) + " must be a non-negative integer, a list of two, [height, width], or of four,"
                + " [top, left, bottom, right], got " + show(v));
    }

    /** A value as it was written, cut short so that a huge one does not swamp the message. */
    static String show(JsonValue v) {
        if (v == null) {
            return "nothing";
        }
        String s = v.toJson();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
