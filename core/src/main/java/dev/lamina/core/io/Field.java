package dev.lamina.core.io;

import dev.lamina.api.Dims2;
import dev.lamina.api.Padding;

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
    interface Kind<T> {
        T read(Values at, String key, JsonValue v);

        JsonValue write(T value);
    }

    static Field<Integer> positive(String name) {
        return new Field<>(name, INTEGER_MIN_1, null, true);
    }

    static Field<Dims2> dims(String name, int min) {
        return new Field<>(name, min > 0 ? DIMS_MIN_1 : DIMS_MIN_0, null, true);
    }

    /** A non-negative integer (an axis, a start index). */
    static Field<Integer> nonNegative(String name) {
        return new Field<>(name, INTEGER_MIN_0, null, true);
    }

    /** Padding: one integer, {@code [h, w]} or {@code [top, left, bottom, right]}; written as {@code [h, w]} when symmetric. */
    static Field<Padding> padding(String name) {
        return new Field<>(name, PADDING, null, true);
    }

    /** A finite number read as a double. */
    static Field<Double> number(String name) {
        return new Field<>(name, NUMBER, null, true);
    }

    /** A finite number read as a float, written with the shortest decimal that gives that float back. */
    static Field<Float> decimal(String name) {
        return new Field<>(name, FLOAT, null, true);
    }

    static Field<String> string(String name) {
        return new Field<>(name, STRING, null, true);
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

    private static final Kind<Integer> INTEGER_MIN_1 = integer(1);
    private static final Kind<Integer> INTEGER_MIN_0 = integer(0);
    private static final Kind<Padding> PADDING = new Kind<>() {
        @Override
        public Padding read(Values at, String key, JsonValue v) {
            return at.padding(v, key);
        }

        @Override
        public JsonValue write(Padding p) {
            return p.symmetric() ? JsonArray.ofInts(p.top(), p.left())
                    : JsonArray.ofInts(p.top(), p.left(), p.bottom(), p.right());
        }
    };
    private static final Kind<Double> NUMBER = new Kind<>() {
        @Override
        public Double read(Values at, String key, JsonValue v) {
            return at.number(v, key);
        }

        @Override
        public JsonValue write(Double value) {
            return JsonNumber.of(value);
        }
    };
    private static final Kind<Float> FLOAT = new Kind<>() {
        @Override
        public Float read(Values at, String key, JsonValue v) {
            return (float) at.number(v, key);
        }

        @Override
        public JsonValue write(Float value) {
            // Float.toString is the shortest decimal that reads back as this float: 0.01f is written 0.01.
            return JsonNumber.of(Double.parseDouble(Float.toString(value)));
        }
    };
    private static final Kind<String> STRING = new Kind<>() {
        @Override
        public String read(Values at, String key, JsonValue v) {
            return at.string(v, key);
        }

        @Override
        public JsonValue write(String value) {
            return new JsonString(value);
        }
    };
    private static final Kind<Dims2> DIMS_MIN_1 = dims2(1);
    private static final Kind<Dims2> DIMS_MIN_0 = dims2(0);
    private static final Kind<Boolean> BOOL = new Kind<>() {
        @Override
        public Boolean read(Values at, String key, JsonValue v) {
            return at.bool(v, key);
        }

        @Override
        public JsonValue write(Boolean value) {
            return JsonBoolean.of(value);
        }
    };

    private static Kind<Integer> integer(int min) {
        return new Kind<>() {
            @Override
            public Integer read(Values at, String key, JsonValue v) {
                return at.integer(v, key, min);
            }

            @Override
            public JsonValue write(Integer value) {
                return JsonNumber.of(value);
            }
        };
    }

    private static Kind<Dims2> dims2(int min) {
        return new Kind<>() {
            @Override
            public Dims2 read(Values at, String key, JsonValue v) {
                return at.dims2(v, key, min);
            }

            @Override
            public JsonValue write(Dims2 value) {
                return JsonArray.ofInts(value.h(), value.w());
            }
        };
    }
}
