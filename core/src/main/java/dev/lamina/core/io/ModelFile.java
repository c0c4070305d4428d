package dev.lamina.core.io;

import dev.lamina.api.Layer;
import dev.lamina.api.Names;
import dev.lamina.core.LayerNode;
import dev.lamina.core.Model;
import dev.lamina.core.ModelException;
import dev.lamina.core.SequentialBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lamina's model file, format {@value #FORMAT}: a JSON object with the model's name, its per-sample input
 * shape {@code [C, H, W]} and its layers in order, e.g.
 * <pre>{@code
 * {"format": "lamina-model/1", "name": "notebook", "input": [1, 5, 6], "layers": [
 *   {"name": "conv1", "type": "conv2d", "filters": 3, "kernel": [2, 2]},
 *   {"name": "relu1", "type": "relu"}, ...]}
 * }</pre>
 * Each layer reads the previous one (the input, for the first) unless it lists {@code inputs}. Reading is
 * strict: an unknown key or type is an error naming it, the layer and the file, because a misspelt
 * {@code "strides"} silently ignored would give a model that runs and is wrong. Writing puts every field
 * down explicitly, so a file says what the model does without knowing the defaults.
 */
public final class ModelFile {
    public static final String FORMAT = "lamina-model/1";

    /** Model files are a few kilobytes; anything near this is not one. */
    static final long MAX_BYTES = 16L << 20;

    private static final String FORMAT_KEY = "format";
    private static final String NAME = "name";
    private static final String LAYERS = "layers";
    private static final String TYPE = "type";
    private static final String INPUTS = "inputs";
    private static final List<String> TOP_KEYS = List.of(FORMAT_KEY, NAME, Names.INPUT, LAYERS);
    private static final List<String> COMMON_KEYS = List.of(NAME, TYPE, INPUTS);

    private ModelFile() {
    }

    /**
     * Reads and builds the model in {@code path}.
     *
     * @throws FormatException naming the file: it cannot be read, is not valid JSON, is not a valid model
     *                         file, or its layers do not fit together (core's shape errors)
     */
    public static Model read(Path path) {
        byte[] bytes = FileIo.readAll(path, MAX_BYTES, "a model file");
        return parse(FileIo.utf8(ByteBuffer.wrap(bytes), path, "the file", 0), FileIo.name(path));
    }

    /** Builds the model described by {@code json}; {@code sourceName} names it in error messages. */
    public static Model parse(String json, String sourceName) {
        return new Reader(sourceName).model(Json.parse(json, sourceName));
    }

    /**
     * The model as a model file: pretty-printed, one layer per line, every field written. Only
     * models whose output is their last layer can be written: the format has no other way to say it.
     */
    public static String toJson(Model model) {
        List<LayerNode> layers = model.layers();
        if (!layers.get(layers.size() - 1).name().equals(model.output())) {
            throw new ModelException(model.name() + ": its output " + model.output()
                    + " is not its last layer, which " + FORMAT + " cannot express");
        }
        StringBuilder sb = new StringBuilder();
        sb.append("{\n");
        sb.append("  \"format\": ").append(Json.quote(FORMAT)).append(",\n");
        sb.append("  \"name\": ").append(Json.quote(model.name())).append(",\n");
        sb.append("  \"input\": ").append(JsonArray.ofInts(model.inputShape().dims()).toJson()).append(",\n");
        sb.append("  \"layers\": [\n");
        String previous = Names.INPUT;
        for (int i = 0; i < layers.size(); i++) {
            LayerNode n = layers.get(i);
            sb.append("    ").append(layerJson(n, previous).toJson()).append(i + 1 < layers.size() ? ",\n" : "\n");
            previous = n.name();
        }
        sb.append("  ]\n}\n");
        return sb.toString();
    }

    /** Writes {@link #toJson(Model)} to {@code path} as UTF-8. */
    public static void write(Model model, Path path) {
        byte[] bytes = toJson(model).getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = FileIo.create(path)) {
            out.write(bytes);
        } catch (IOException e) {
            throw FileIo.cannot("write", path, e);
        }
    }

    private static JsonObject layerJson(LayerNode node, String previous) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put(NAME, new JsonString(node.name()));
        m.put(TYPE, new JsonString(node.layer().type()));
        if (!node.inputs().equals(List.of(previous))) {
            List<JsonValue> in = new ArrayList<>();
            node.inputs().forEach(s -> in.add(new JsonString(s)));
            m.put(INPUTS, new JsonArray(in));
        }
        LayerCodecs.of(node.layer()).write(node.layer(), m);
        return new JsonObject(m);
    }

    /** Reads one parsed document; every error names the source, and the layer when there is one. */
    private static final class Reader {
        private final String source;

        Reader(String source) {
            this.source = source;
        }

        Model model(JsonValue doc) {
            if (!(doc instanceof JsonObject o)) {
                throw new FormatException(source, "expected a model object, got " + doc.kind());
            }
            Values top = new Values(source, "", o);
            JsonValue format = o.get(FORMAT_KEY);
            if (format == null) {
                throw top.error("missing \"format\" (expected " + Json.quote(FORMAT) + ")");
            }
            if (!(format instanceof JsonString f) || !f.value().equals(FORMAT)) {
                throw top.error("unsupported format " + Values.show(format) + ", expected " + Json.quote(FORMAT));
            }
            unknownKeys(top, TOP_KEYS, "a model file takes");
            String name = top.string(top.required(NAME), NAME);
            int[] input = inputShape(top, top.required(Names.INPUT));
            if (!(top.required(LAYERS) instanceof JsonArray layers)) {
                throw top.error("\"layers\" must be a list of layer objects, got " + Values.show(o.get(LAYERS)));
            }
            if (layers.size() == 0) {
                throw top.error("\"layers\" is empty: a model needs at least one layer");
            }
            SequentialBuilder b;
            try {
                b = Model.sequential(name, input);
            } catch (IllegalArgumentException e) {
                throw top.error("\"input\": " + e.getMessage());
            }
            String previous = Names.INPUT;
            for (int i = 0; i < layers.size(); i++) {
                previous = addLayer(b, i + 1, layers.get(i), previous);
            }
            try {
                return b.build();
            } catch (ModelException e) {
                throw new FormatException(source, e.getMessage(), e);
            }
        }

        private static int[] inputShape(Values top, JsonValue v) {
            String want = "\"input\" must be a list of positive integers (C, H, W), got ";
            if (!(v instanceof JsonArray a) || a.size() == 0) {
                throw top.error(want + Values.show(v));
            }
            int[] dims = new int[a.size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = top.integer(a.get(i), Names.INPUT + "[" + i + "]", 1);
            }
            return dims;
        }

        /** Adds the layer at 1-based {@code index}; returns its name, which the next layer reads by default. */
        private String addLayer(SequentialBuilder b, int index, JsonValue v, String previous) {
            String where = "layer " + index;
            if (!(v instanceof JsonObject o)) {
                throw new FormatException(source, where + ": expected a layer object, got " + Values.show(v));
            }
            Values unnamed = new Values(source, where, o);
            String name = unnamed.string(unnamed.required(NAME), NAME);
            Values at = new Values(source, where + " (" + name + ")", o);
            String type = at.string(at.required(TYPE), TYPE);
            LayerCodec<?> codec = LayerCodecs.forType(type);
            if (codec == null) {
                throw at.error("unknown type " + Json.quote(type) + "; known types: "
                        + String.join(", ", LayerCodecs.types()));
            }
            List<String> allowed = new ArrayList<>(COMMON_KEYS);
            allowed.addAll(codec.keyNames());
            unknownKeys(at, allowed, type + " takes");
            Layer layer;
            try {
                layer = codec.read().apply(at);
            } catch (FormatException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                // The layer records' own checks, e.g. pool padding over half the kernel.
                throw at.error(e.getMessage());
            }
            String[] inputs = o.has(INPUTS) ? inputs(at, o.get(INPUTS)) : new String[] {previous};
            try {
                b.add(name, layer, inputs);
            } catch (ModelException e) {
                // Core's messages already start with the layer's name and give the shapes.
                throw new FormatException(source, e.getMessage(), e);
            }
            return name;
        }

        private static String[] inputs(Values at, JsonValue v) {
            String want = "\"inputs\" must be a non-empty list of layer names (or \"input\"), got ";
            if (!(v instanceof JsonArray a) || a.size() == 0) {
                throw at.error(want + Values.show(v));
            }
            String[] names = new String[a.size()];
            for (int i = 0; i < names.length; i++) {
                if (!(a.get(i) instanceof JsonString s)) {
                    throw at.error(want + Values.show(v));
                }
                names[i] = s.value();
            }
            return names;
        }

        private static void unknownKeys(Values at, List<String> allowed, String takes) {
            List<String> unknown = new ArrayList<>();
            for (String k : at.object().members().keySet()) {
                if (!allowed.contains(k)) {
                    unknown.add(Json.quote(k));
                }
            }
            if (!unknown.isEmpty()) {
                throw at.error("unknown key" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                        + "; " + takes + ": " + String.join(", ", allowed));
            }
        }
    }
}
