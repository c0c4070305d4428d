package dev.lamina.core.io;

/**
 * A JSON value as {@link Json} reads and writes it. Immutable; objects keep their key order so a file
 * written back reads the same way it was written.
 */
sealed interface JsonValue permits JsonObject, JsonArray, JsonString, JsonNumber, JsonBoolean, JsonNull {

    /** What kind of value this is, for error messages: "an object", "a string", ... */
    String kind();

    /** Single-line JSON text of this value, e.g. for error messages. */
    default String toJson() {
        return Json.writeSpaced(this);
    }
}
