package dev.lamina.core.io;

import java.util.Objects;

/** A JSON string, unescaped. */
record JsonString(String value) implements JsonValue {
    public JsonString {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String kind() {
        return "a string";
    }

    @Override
    public String toString() {
        return toJson();
    }
}
