package dev.lamina.core.io;

import dev.lamina.api.Dims2;
import dev.lamina.api.Padding;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One key of a layer type in a model file: its name, how its value is read and written, and what it is
 * when absent ({@code null}: the key is required).
 *
 * @param writtenWhenDefault false for a key left out when it has its default (dense's {@code in_features},
 *                           whose default 0 means "not checked" and has no JSON spelling)
 */
record Field<T>(String name, Kind<T> kind, T absent, boolean writtenWhenDefault) {
    Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    /** How one kind of value reads and writes; errors go through {@link Values} so they name the layer. */
    record Kind<T>(Read<T> read, Function<T, JsonValue> write) {
        Kind {
            Objects.requireNonNull(read, "read");
            Objects.requireNonNull(write, "write");
        }
    }

    /** Reads the value of {@code key}, present as {@code v}. */
    @FunctionalInterface
    interface Read<T> {
        T read(Values at, String key, JsonValue v);
    }

    static Field<Integer> positive(String name) {
        return new Field<>(name, INTEGER_MIN_1, null, true);
    }

    static Field<Integer> nonNegative(String name) {
        return new Field<>(name, INTEGER_MIN_0, null, true);
    }

    /** A finite number, kept as a double. */
    static Field<Double> real(String name) {
        return new Field<>(name, REAL, null, true);
    }

    /** A finite number that fits a float, written as the float's shortest decimal ({@code 0.01}, not 0.00999…). */
    static Field<Float> single(String name) {
        return new Field<>(name, SINGLE, null, true);
    }

    /** One of the given strings, e.g. GELU's {@code approximate}. */
    static Field<String> choice(String name, String... allowed) {
        List<String> values = List.of(allowed);
        return new Field<>(name, new Kind<>((at, key, v) -> at.choice(v, key, values), JsonString::new), null, true);
    }

    /**
     * Padding: one integer, {@code [h, w]} or {@code [top, left, bottom, right]}; written as {@code [h, w]} when
     * symmetric, else as the four numbers.
     */
    static Field<Padding> padding(String name) {
        return new Field<>(name, PADDING, null, true);
    }

    static Field<Dims2> dims(String name, int min) {
        return new Field<>(name, min > 0 ? DIMS_MIN_1 : DIMS_MIN_0, null, true);
    }

    static Field<Boolean> bool(String name) {
        return new Field<>(name, BOOL, null, true);
    }

    /** The same key, with a default for when it is absent. */
    Field<T> orElse(T value) {
        return new Field<>(name, kind, Objects.requireNonNull(value, "value"), true);
    }

    /** The same key, left out when writing its default. */
    Field<T> omittedWhenDefault() {
        if (absent == null) {
            throw new IllegalStateException(name + ": a required key has no default to omit");
        }
        return new Field<>(name, kind, absent, false);
    }

    /** This key of layer type {@code L}, written from the layer by {@code getter}. */
    <L> LayerCodec.Key<L, T> of(Function<L, T> getter) {
        return new LayerCodec.Key<>(this, getter);
    }

    private static final Kind<Integer> INTEGER_MIN_1 =
            new Kind<>((at, key, v) -> at.integer(v, key, 1), JsonNumber::of);
    private static final Kind<Integer> INTEGER_MIN_0 =
            new Kind<>((at, key, v) -> at.integer(v, key, 0), JsonNumber::of);
    private static final Kind<Double> REAL = new Kind<>((at, key, v) -> at.real(v, key), JsonNumber::of);
    private static final Kind<Float> SINGLE = new Kind<>((at, key, v) -> at.single(v, key),
            f -> new JsonNumber(Float.toString(f)));
    private static final Kind<Dims2> DIMS_MIN_1 = new Kind<>((at, key, v) -> at.dims2(v, key, 1), Field::dims2);
    private static final Kind<Dims2> DIMS_MIN_0 = new Kind<>((at, key, v) -> at.dims2(v, key, 0), Field::dims2);
    private static final Kind<Boolean> BOOL = new Kind<>((at, key, v) -> at.bool(v, key), JsonBoolean::of);

    private static final Kind<Padding> PADDING = new Kind<>((at, key, v) -> at.padding(v, key),
            p -> p.symmetric() ? JsonArray.ofInts(p.top(), p.left())
                    : JsonArray.ofInts(p.top(), p.left(), p.bottom(), p.right()));

    private static JsonValue dims2(Dims2 d) {
        return JsonArray.ofInts(d.h(), d.w());
    }
}
