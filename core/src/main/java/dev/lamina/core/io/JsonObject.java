package dev.lamina.core.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A JSON object; members keep the order they were given or read in. */
record JsonObject(Map<String, JsonValue> members) implements JsonValue {
    public JsonObject {
        Map<String, JsonValue> copy = new LinkedHashMap<>();
        members.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, k)));
        members = Collections.unmodifiableMap(copy);
    }

    /** The member, or null when there is none. */
    public JsonValue get(String key) {
        return members.get(key);
    }

    public boolean has(String key) {
        return members.containsKey(key);
    }

    @Override
    public String kind() {
        return "an object";
    }

    @Override
    public String toString() {
        return toJson();
    }
}
