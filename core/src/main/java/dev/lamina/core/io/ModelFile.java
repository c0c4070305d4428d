package dev.lamina.core.io;

import dev.lamina.api.Add;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Dims2;
import dev.lamina.api.Flatten;
import dev.lamina.api.Layer;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Padding;
import dev.lamina.api.ReLU;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
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

    private static final String INPUT = "input";
    private static final List<String> TOP_KEYS = List.of("format", "name", "input", "layers");
    private static final List<String> COMMON_KEYS = List.of("name", "type", "inputs");
    /** Each type's own keys, in the order they are written. */
    private static final Map<String, List<String>> TYPE_KEYS = new LinkedHashMap<>();

    static {
        TYPE_KEYS.put("conv2d", List.of("filters", "kernel", "stride", "padding", "dilation", "bias"));
        TYPE_KEYS.put("maxpool2d", List.of("kernel", "stride", "padding"));
        TYPE_KEYS.put("avgpool2d", List.of("kernel", "stride", "padding"));
        TYPE_KEYS.put("relu", List.of());
        TYPE_KEYS.put("sigmoid", List.of());
        TYPE_KEYS.put("tanh", List.of());
        TYPE_KEYS.put("softmax", List.of());
        TYPE_KEYS.put("flatten", List.of());
        TYPE_KEYS.put("dense", List.of("units", "bias", "in_features"));
        TYPE_KEYS.put("add", List.of());
        TYPE_KEYS.put("concat", List.of());
    }

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
        String previous = INPUT;
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
        m.put("name", new JsonString(node.name()));
        m.put("type", new JsonString(node.layer().type()));
        if (!node.inputs().equals(List.of(previous))) {
            List<JsonValue> in = new ArrayList<>();
            node.inputs().forEach(s -> in.add(new JsonString(s)));
            m.put("inputs", new JsonArray(in));
        }
        Layer layer = node.layer();
        if (layer instanceof Conv2d c) {
            m.put("filters", JsonNumber.of(c.filters()));
            m.put("kernel", dims(c.kernel()));
            m.put("stride", dims(c.stride()));
            m.put("padding", padding(c.padding()));
            m.put("dilation", dims(c.dilation()));
            m.put("bias", JsonBoolean.of(c.bias()));
        } else if (layer instanceof MaxPool2d p) {
            m.put("kernel", dims(p.kernel()));
            m.put("stride", dims(p.stride()));
            m.put("padding", padding(p.padding()));
        } else if (layer instanceof AvgPool2d p) {
            m.put("kernel", dims(p.kernel()));
            m.put("stride", dims(p.stride()));
            m.put("padding", padding(p.padding()));
        } else if (layer instanceof Dense d) {
            m.put("units", JsonNumber.of(d.units()));
            m.put("bias", JsonBoolean.of(d.bias()));
            if (d.inputFeatures() != 0) {
                m.put("in_features", JsonNumber.of(d.inputFeatures()));
            }
        }
        return new JsonObject(m);
    }

    private static JsonArray padding(Padding p) {
        return p.symmetric() ? JsonArray.ofInts(p.top(), p.left())
                : JsonArray.ofInts(p.top(), p.left(), p.bottom(), p.right());
    }

    private static JsonArray dims(Dims2 d) {
        return JsonArray.ofInts(d.h(), d.w());
    }

    /** Reads one parsed document; every error names the source, and the layer when there is one. */
    private static final class Reader {
        private final String source;

        Reader(String source) {
            this.source = source;
        }

        private FormatException error(String where, String problem) {
            return new FormatException(source, where.isEmpty() ? problem : where + ": " + problem);
        }

        Model model(JsonValue doc) {
            if (!(doc instanceof JsonObject top)) {
                throw error("", "expected a model object, got " + doc.kind());
            }
            JsonValue format = top.get("format");
            if (format == null) {
                throw error("", "missing \"format\" (expected " + Json.quote(FORMAT) + ")");
            }
            if (!(format instanceof JsonString f) || !f.value().equals(FORMAT)) {
                throw error("", "unsupported format " + show(format) + ", expected " + Json.quote(FORMAT));
            }
            unknownKeys(top, TOP_KEYS, "", "a model file takes");
            String name = string(required(top, "name", ""), "", "name");
            int[] input = inputShape(required(top, "input", ""));
            if (!(required(top, "layers", "") instanceof JsonArray layers)) {
                throw error("", "\"layers\" must be a list of layer objects, got " + show(top.get("layers")));
            }
            if (layers.size() == 0) {
                throw error("", "\"layers\" is empty: a model needs at least one layer");
            }
            SequentialBuilder b;
            try {
                b = Model.sequential(name, input);
            } catch (IllegalArgumentException e) {
                throw error("", "\"input\": " + e.getMessage());
            }
            String previous = INPUT;
            for (int i = 0; i < layers.size(); i++) {
                previous = addLayer(b, i + 1, layers.get(i), previous);
            }
            try {
                return b.build();
            } catch (ModelException e) {
                throw new FormatException(source, e.getMessage(), e);
            }
        }

        private int[] inputShape(JsonValue v) {
            String want = "\"input\" must be a list of positive integers (C, H, W), got ";
            if (!(v instanceof JsonArray a) || a.size() == 0) {
                throw error("", want + show(v));
            }
            int[] dims = new int[a.size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = integer(a.get(i), "", "input[" + i + "]", 1);
            }
            return dims;
        }

        /** Adds the layer at 1-based {@code index}; returns its name, which the next layer reads by default. */
        private String addLayer(SequentialBuilder b, int index, JsonValue v, String previous) {
            String where = "layer " + index;
            if (!(v instanceof JsonObject o)) {
                throw error(where, "expected a layer object, got " + show(v));
            }
            String name = string(required(o, "name", where), where, "name");
            where = where + " (" + name + ")";
            String type = string(required(o, "type", where), where, "type");
            List<String> keys = TYPE_KEYS.get(type);
            if (keys == null) {
                throw error(where, "unknown type " + Json.quote(type) + "; known types: "
                        + String.join(", ", TYPE_KEYS.keySet()));
            }
            List<String> allowed = new ArrayList<>(COMMON_KEYS);
            allowed.addAll(keys);
            unknownKeys(o, allowed, where, type + " takes");
            Layer layer = layer(type, o, where);
            String[] inputs = o.has("inputs") ? inputs(o.get("inputs"), where) : new String[] {previous};
            try {
                b.add(name, layer, inputs);
            } catch (ModelException e) {
                // Core's messages already start with the layer's name and give the shapes.
                throw new FormatException(source, e.getMessage(), e);
            }
            return name;
        }

        private Layer layer(String type, JsonObject o, String where) {
            try {
                return switch (type) {
                    case "conv2d" -> new Conv2d(
                            integer(required(o, "filters", where), where, "filters", 1),
                            dims2(required(o, "kernel", where), where, "kernel", 1),
                            dims2(o.get("stride"), where, "stride", 1, Dims2.of(1)),
                            Padding.of(dims2(o.get("padding"), where, "padding", 0, Dims2.of(0))),
                            dims2(o.get("dilation"), where, "dilation", 1, Dims2.of(1)),
                            1,
                            bool(o.get("bias"), where, "bias", true));
                    case "maxpool2d", "avgpool2d" -> {
                        Dims2 kernel = dims2(required(o, "kernel", where), where, "kernel", 1);
                        Dims2 stride = dims2(o.get("stride"), where, "stride", 1, kernel);
                        Padding padding = Padding.of(dims2(o.get("padding"), where, "padding", 0, Dims2.of(0)));
                        yield type.equals("maxpool2d") ? new MaxPool2d(kernel, stride, padding, Dims2.of(1), false)
                                : new AvgPool2d(kernel, stride, padding, false, true);
                    }
                    case "dense" -> new Dense(
                            integer(required(o, "units", where), where, "units", 1),
                            bool(o.get("bias"), where, "bias", true),
                            o.has("in_features") ? integer(o.get("in_features"), where, "in_features", 1) : 0);
                    case "relu" -> new ReLU();
                    case "sigmoid" -> new Sigmoid();
                    case "tanh" -> new Tanh();
                    case "softmax" -> new Softmax();
                    case "flatten" -> new Flatten();
                    case "add" -> new Add();
                    case "concat" -> new Concat();
                    default -> throw new IllegalStateException("no reader for known type " + type);
                };
            } catch (FormatException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                // The layer records' own checks, e.g. pool padding over half the kernel.
                throw error(where, e.getMessage());
            }
        }

        private String[] inputs(JsonValue v, String where) {
            String want = "\"inputs\" must be a non-empty list of layer names (or \"input\"), got ";
            if (!(v instanceof JsonArray a) || a.size() == 0) {
                throw error(where, want + show(v));
            }
            String[] names = new String[a.size()];
            for (int i = 0; i < names.length; i++) {
                if (!(a.get(i) instanceof JsonString s)) {
                    throw error(where, want + show(v));
                }
                names[i] = s.value();
            }
            return names;
        }

        private void unknownKeys(JsonObject o, List<String> allowed, String where, String takes) {
            List<String> unknown = new ArrayList<>();
            for (String k : o.members().keySet()) {
                if (!allowed.contains(k)) {
                    unknown.add(Json.quote(k));
                }
            }
            if (!unknown.isEmpty()) {
                throw error(where, "unknown key" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                        + "; " + takes + ": " + String.join(", ", allowed));
            }
        }

        private JsonValue required(JsonObject o, String key, String where) {
            JsonValue v = o.get(key);
            if (v == null) {
                throw error(where, "missing " + Json.quote(key));
            }
            return v;
        }

        private String string(JsonValue v, String where, String key) {
            if (!(v instanceof JsonString s) || s.value().isBlank()) {
                throw error(where, Json.quote(key) + " must be a non-empty string, got " + show(v));
            }
            return s.value();
        }

        private boolean bool(JsonValue v, String where, String key, boolean absent) {
            if (v == null) {
                return absent;
            }
            if (!(v instanceof JsonBoolean b)) {
                throw error(where, Json.quote(key) + " must be true or false, got " + show(v));
            }
            return b.value();
        }

        /** An int of at least {@code min} (0 or 1), written as an integer. */
        private int integer(JsonValue v, String where, String key, int min) {
            // "kernel[1]" reads as "kernel"[1]: the key quoted as everywhere else, then the index.
            int bracket = key.indexOf('[');
            String label = bracket < 0 ? Json.quote(key)
                    : Json.quote(key.substring(0, bracket)) + key.substring(bracket);
            String want = label + " must be a "
                    + (min > 0 ? "positive" : "non-negative") + " integer, got ";
            if (!(v instanceof JsonNumber n)) {
                throw error(where, want + show(v));
            }
            if (!n.isInteger()) {
                throw error(where, want + n.text() + " (not a whole number)");
            }
            long value;
            try {
                value = n.longValueExact();
            } catch (ArithmeticException e) {
                value = n.text().startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            if (value < min) {
                throw error(where, want + n.text());
            }
            if (value > Integer.MAX_VALUE) {
                throw error(where, want + n.text() + " (too large, the limit is " + Integer.MAX_VALUE + ")");
            }
            return (int) value;
        }

        private Dims2 dims2(JsonValue v, String where, String key, int min, Dims2 absent) {
            return v == null ? absent : dims2(v, where, key, min);
        }

        /** A height × width pair: {@code [h, w]}, or one integer for both. */
        private Dims2 dims2(JsonValue v, String where, String key, int min) {
            if (v instanceof JsonNumber) {
                return Dims2.of(integer(v, where, key, min));
            }
            if (!(v instanceof JsonArray a) || a.size() != 2) {
                throw error(where, Json.quote(key) + " must be " + (min > 0 ? "a positive" : "a non-negative")
                        + " integer or a list of two, [height, width], got " + show(v));
            }
            return Dims2.of(integer(a.get(0), where, key + "[0]", min), integer(a.get(1), where, key + "[1]", min));
        }

        /** A value as it was written, cut short so that a huge one does not swamp the message. */
        private static String show(JsonValue v) {
            if (v == null) {
                return "nothing";
            }
            String s = v.toJson();
            return s.length() > 60 ? s.substring(0, 57) + "..." : s;
        }
    }
}
