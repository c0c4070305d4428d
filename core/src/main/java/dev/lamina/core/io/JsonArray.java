package dev.lamina.core.io;

import java.util.List;

/** A JSON array. */
record JsonArray(List<JsonValue> elements) implements JsonValue {
    public JsonArray {
        elements = List.copyOf(elements);
    }

    public static JsonArray of(JsonValue... elements) {
        return new JsonArray(List.of(elements));
    }

    /** An array of integers, e.g. a shape. */
    public static JsonArray ofInts(int... values) {
        JsonValue[] v = new JsonValue[values.length];
        for (int i = 0; i < values.length; i++) {
            v[i] = JsonNumber.of(values[i]);
        }
        return of(v);
    }

    public int size() {
        return elements.size();
    }

    public JsonValue get(int index) {
        return elements.get(index);
    }

    @Override
    public String kind() {
        return "an array";
    }

    @Override
    public String toString() {
        return toJson();
    }
}
