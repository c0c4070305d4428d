package dev.lamina.core.io;

import dev.lamina.api.Layer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How one layer type is read from and written to a model file: its type name, its keys in the order they
 * are written (each with its default), how the layer is built from them and how each is read back off the
 * layer. {@link LayerCodecs} holds one per type.
 */
record LayerCodec<L extends Layer>(String type, Class<L> layerClass, Function<Values, L> read,
                                   List<Key<L, ?>> keys) {
    LayerCodec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(layerClass, "layerClass");
        Objects.requireNonNull(read, "read");
        keys = List.copyOf(keys);
    }

    /** A key of the file paired with the layer's accessor that writes it. */
    record Key<L, T>(Field<T> field, Function<L, T> getter) {
        void write(L layer, Map<String, JsonValue> out) {
            T value = getter.apply(layer);
            if (field.writtenWhenDefault() || !value.equals(field.absent())) {
                out.put(field.name(), field.kind().write().apply(value));
            }
        }
    }

    /** A type without keys of its own, such as {@code relu}. */
    static <L extends Layer> LayerCodec<L> of(String type, Class<L> layerClass, Function<Values, L> read) {
        return new LayerCodec<>(type, layerClass, read, List.of());
    }

    @SafeVarargs
    static <L extends Layer> LayerCodec<L> of(String type, Class<L> layerClass, Function<Values, L> read,
                                              Key<L, ?>... keys) {
        return new LayerCodec<>(type, layerClass, read, List.of(keys));
    }

    List<String> keyNames() {
        List<String> names = new ArrayList<>();
        keys.forEach(k -> names.add(k.field().name()));
        return names;
    }

    /** Puts the layer's keys into {@code out}, in order. */
    void write(Layer layer, Map<String, JsonValue> out) {
        L l = layerClass.cast(layer);
        keys.forEach(k -> k.write(l, out));
    }
}
