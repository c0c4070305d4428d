package dev.lamina.core.io;

import dev.lamina.api.AdaptiveAvgPool2d;
import dev.lamina.api.AdaptiveMaxPool2d;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.ChannelShuffle;
import dev.lamina.api.Dropout;
import dev.lamina.api.ELU;
import dev.lamina.api.GELU;
import dev.lamina.api.Hardsigmoid;
import dev.lamina.api.Hardswish;
import dev.lamina.api.Hardtanh;
import dev.lamina.api.Identity;
import dev.lamina.api.LeakyReLU;
import dev.lamina.api.Mul;
import dev.lamina.api.SiLU;
import dev.lamina.api.Slice;
import dev.lamina.api.ZeroPad2d;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Dims2;
import dev.lamina.api.Padding;
import dev.lamina.api.Flatten;
import dev.lamina.api.Layer;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
import dev.lamina.api.Add;
import dev.lamina.core.GraphBuilder;
import dev.lamina.core.Model;
import dev.lamina.core.ModelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {
    private static final String HEAD = "{\"format\": \"lamina-model/1\", \"name\": \"m\", \"input\": [1, 5, 6], ";

    private static Model notebook() {
        return Model.sequential("notebook", 1, 5, 6)
                .add("conv1", Conv2d.of(3, 2, 2))
                .add("relu1", new ReLU())
                .add("max_pool1", MaxPool2d.of(2, 2))
                .add("flat", new Flatten())
                .add("dense2", Dense.of(1))
                .add("sigmoid2", new Sigmoid())
                .build();
    }

    /** A model with layers as written, wrapped in a model object with input [1, 5, 6]. */
    private static Model layers(String layers) {
        return ModelFile.parse(HEAD + "\"layers\": [" + layers + "]}", "model.json");
    }

    private static void layersFail(String layers, String message) {
        FormatException e = assertThrows(FormatException.class, () -> layers(layers));
        assertEquals("model.json", e.file());
        assertTrue(e.getMessage().startsWith("model.json: "), e.getMessage());
        assertTrue(e.getMessage().contains(message), () -> "expected \"" + message + "\" in: " + e.getMessage());
    }

    private static void fileFails(String json, String message) {
        FormatException e = assertThrows(FormatException.class, () -> ModelFile.parse(json, "model.json"));
        assertTrue(e.getMessage().contains(message), () -> "expected \"" + message + "\" in: " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"notebook", "lenet", "exercise-a-input-1x6x6", "exercise-b-input-3x6x6",
            "exercise-c-extra-conv", "exercise-d-no-bias"})
    void referenceModelsReadAndRoundTrip(String name, @TempDir Path dir) {
        Model m = ModelFile.read(Resources.path("models/" + name + ".json"));
        assertEquals(name, m.name());
        assertEquals(m, ModelFile.parse(ModelFile.toJson(m), "again.json"));
        Path out = dir.resolve("model.json");
        ModelFile.write(m, out);
        assertEquals(m, ModelFile.read(out));
    }

    @Test
    void readsTheNotebookAsTheModelBuiltInCode() {
        Model m = ModelFile.read(Resources.path("models/notebook.json"));
        assertEquals(notebook(), m);
        assertEquals(Shape.of(1), m.outputShape());
        assertEquals(3 * 4 + 3 + 12 + 1, m.parameterCount());
    }

    @Test
    void readsLenetShapes() {
        Model m = ModelFile.read(Resources.path("models/lenet.json"));
        assertEquals(Shape.of(16, 4, 4), m.layer("pool2").outputShape());
        assertEquals(Shape.of(10), m.outputShape());
        // 156 + 2416 + 30840 + 10164 + 850: fc1 reads 16×4×4 = 256 features.
        assertEquals(44_426, m.parameterCount());
    }

    @Test
    void writesEveryFieldOneLayerPerLine() {
        String expected = """
                {
                  "format": "lamina-model/1",
                  "name": "notebook",
                  "input": [1, 5, 6],
                  "layers": [
                    {"name": "conv1", "type": "conv2d", "filters": 3, "kernel": [2, 2], "stride": [1, 1], \
                "padding": [0, 0], "dilation": [1, 1], "groups": 1, "bias": true},
                    {"name": "relu1", "type": "relu"},
                    {"name": "max_pool1", "type": "maxpool2d", "kernel": [2, 2], "stride": [2, 2], "padding": [0, 0], \
                "dilation": [1, 1], "ceil_mode": false},
                    {"name": "flat", "type": "flatten"},
                    {"name": "dense2", "type": "dense", "units": 1, "bias": true},
                    {"name": "sigmoid2", "type": "sigmoid"}
                  ]
                }
                """;
        assertEquals(expected, ModelFile.toJson(notebook()));
    }

    @Test
    void writesInputsOnlyWhenNotThePreviousLayerAndInFeaturesOnlyWhenSet() {
        GraphBuilder g = Model.graph("branches");
        GraphBuilder.Value x = g.input(2, 4, 4);
        GraphBuilder.Value a = g.apply("a", Conv2d.of(2, 3, 3).withPadding(1, 1), x);
        GraphBuilder.Value b = g.apply("b", new Conv2d(2, Dims2.of(3, 3), Dims2.of(1), Padding.of(1), Dims2.of(1), 1, false), x);
        GraphBuilder.Value sum = g.apply("sum", new Add(), a, b);
        GraphBuilder.Value cat = g.apply("cat", new Concat(), sum, x);
        GraphBuilder.Value t = g.apply("t", new Tanh(), cat);
        GraphBuilder.Value p = g.apply("p", new AvgPool2d(Dims2.of(3, 3), Dims2.of(1, 2), Padding.of(1, 0), false, true), t);
        GraphBuilder.Value f = g.apply("f", new Flatten(), p);
        GraphBuilder.Value d = g.apply("d", Dense.of(3).expecting(4 * 4 * 1).withBias(false), f);
        Model m = g.build(g.apply("s", new Softmax(), d));

        String json = ModelFile.toJson(m);
        assertEquals(m, ModelFile.parse(json, "branches.json"));
        List<String> lines = json.lines().toList();
        assertFalse(lines.get(5).contains("inputs"), lines.get(5));
        assertTrue(lines.get(6).contains("\"inputs\": [\"input\"]"), lines.get(6));
        assertTrue(lines.get(7).contains("\"inputs\": [\"a\", \"b\"]"), lines.get(7));
        assertTrue(lines.get(8).contains("\"inputs\": [\"sum\", \"input\"]"), lines.get(8));
        assertTrue(lines.get(10).contains("\"stride\": [1, 2], \"padding\": [1, 0]"), lines.get(10));
        assertTrue(lines.get(12).endsWith("\"units\": 3, \"bias\": false, \"in_features\": 16},"), lines.get(12));
    }

    @Test
    void appliesDefaultsAndShortForms() {
        Model m = layers("{\"name\": \"c\", \"type\": \"conv2d\", \"filters\": 2, \"kernel\": 3},"
                + "{\"name\": \"p\", \"type\": \"maxpool2d\", \"kernel\": [1, 2]},"
                + "{\"name\": \"q\", \"type\": \"avgpool2d\", \"kernel\": 1, \"stride\": 1, \"padding\": 0}");
        assertEquals(new Conv2d(2, Dims2.of(3), Dims2.of(1), Padding.of(0), Dims2.of(1), 1, true), m.layer("c").layer());
        assertEquals(MaxPool2d.of(1, 2), m.layer("p").layer());
        assertEquals(AvgPool2d.of(1, 1), m.layer("q").layer());
        assertEquals(List.of("input"), m.layer("c").inputs());
        assertEquals(List.of("c"), m.layer("p").inputs());
    }

    @Test
    void readsExplicitInputsAndDenseInFeatures() {
        Model m = layers("{\"name\": \"f\", \"type\": \"flatten\", \"inputs\": [\"input\"]},"
                + "{\"name\": \"d1\", \"type\": \"dense\", \"units\": 30, \"in_features\": 30},"
                + "{\"name\": \"d2\", \"type\": \"dense\", \"units\": 30, \"bias\": false, \"inputs\": [\"f\"]},"
                + "{\"name\": \"sum\", \"type\": \"add\", \"inputs\": [\"d1\", \"d2\", \"f\"]}");
        assertEquals(new Dense(30, true, 30), m.layer("d1").layer());
        assertEquals(new Dense(30, false, 0), m.layer("d2").layer());
        assertEquals(List.of("d1", "d2", "f"), m.layer("sum").inputs());
        assertEquals(m, ModelFile.parse(ModelFile.toJson(m), "again.json"));
    }

    @Test
    void unknownKeyNamesTheKeyTheLayerAndWhatTheTypeTakes() {
        FormatException e = assertThrows(FormatException.class, () -> layers(
                "{\"name\": \"conv1\", \"type\": \"conv2d\", \"filters\": 3, \"kernel\": 2},"
                        + "{\"name\": \"relu1\", \"type\": \"relu\", \"alpha\": 0.1}"));
        assertEquals("model.json: layer 2 (relu1): unknown key \"alpha\"; relu takes: name, type, inputs",
                e.getMessage());
        layersFail("{\"name\": \"c\", \"type\": \"conv2d\", \"filters\": 3, \"kernel\": 2, \"strides\": 1, \"pad\": 1}",
                "layer 1 (c): unknown keys \"strides\", \"pad\"; conv2d takes: name, type, inputs, filters, kernel,"
                        + " stride, padding, dilation, groups, bias");
        layersFail("{\"name\": \"d\", \"type\": \"dense\", \"units\": 1, \"kernel\": 2}",
                "dense takes: name, type, inputs, units, bias, in_features");
        fileFails(HEAD + "\"layers\": [{\"name\": \"r\", \"type\": \"relu\"}], \"output\": \"r\"}",
                "model.json: unknown key \"output\"; a model file takes: format, name, input, layers");
    }

    /** Every 0.2 layer type in one graph, with parameters off their defaults where they have any. */
    private static Model everyNewLayer() {
        GraphBuilder g = Model.graph("every-new-layer");
        GraphBuilder.Value x = g.input(4, 9, 8);
        GraphBuilder.Value c = g.apply("dw", Conv2d.of(4, 3, 3).withGroups(4).withPadding(new Padding(0, 1, 2, 1)), x);
        GraphBuilder.Value b = g.apply("bn", new BatchNorm2d(1e-3, false), c);
        GraphBuilder.Value h = g.apply("relu6", Hardtanh.relu6(), b);
        GraphBuilder.Value m = g.apply("max", new MaxPool2d(Dims2.of(3), Dims2.of(2), new Padding(1, 0, 1, 1), Dims2.of(1), true), h);
        GraphBuilder.Value a = g.apply("avg", new AvgPool2d(Dims2.of(2), Dims2.of(1), Padding.of(1), true, false), m);
        GraphBuilder.Value gap = g.apply("gap", AdaptiveAvgPool2d.of(1, 1), a);
        GraphBuilder.Value gate = g.apply("gate", new Hardsigmoid(0.2f, 0.5f), gap);
        GraphBuilder.Value se = g.apply("se", new Mul(), a, gate);
        GraphBuilder.Value sum = g.apply("sum", new Add(), se, gate);
        GraphBuilder.Value act = g.apply("act", new LeakyReLU(0.1f), sum);
        act = g.apply("elu", new ELU(0.5f), act);
        act = g.apply("hswish", new Hardswish(), act);
        act = g.apply("silu", new SiLU(), act);
        act = g.apply("gelu", new GELU(GELU.TANH), act);
        act = g.apply("id", new Identity(), act);
        act = g.apply("drop", new Dropout(0.25), act);
        act = g.apply("shuffle", new ChannelShuffle(2), act);
        act = g.apply("half", new Slice(0, 0, 2), act);
        act = g.apply("pad", new ZeroPad2d(new Padding(1, 2, 0, 3)), act);
        return g.build(g.apply("amax", AdaptiveMaxPool2d.of(2, 3), act));
    }

    @Test
    void everyNewLayerTypeRoundTrips(@TempDir Path dir) {
        Model m = everyNewLayer();
        Path p = dir.resolve("m.json");
        ModelFile.write(m, p);
        Model back = ModelFile.read(p);
        assertEquals(m.layers().size(), back.layers().size());
        for (int i = 0; i < m.layers().size(); i++) {
            assertEquals(m.layers().get(i).layer(), back.layers().get(i).layer(), m.layers().get(i).name());
            assertEquals(m.layers().get(i).inputs(), back.layers().get(i).inputs());
        }
        String json = ModelFile.toJson(m);
        // asymmetric padding as four numbers, symmetric as two; floats as the shortest decimal of the float
        assertTrue(json.contains("{\"name\": \"dw\", \"type\": \"conv2d\", \"filters\": 4, \"kernel\": [3, 3], "
                + "\"stride\": [1, 1], \"padding\": [0, 1, 2, 1], \"dilation\": [1, 1], \"groups\": 4, \"bias\": true}"), json);
        assertTrue(json.contains("\"padding\": [1, 1], \"ceil_mode\": true, \"count_include_pad\": false"), json);
        assertTrue(json.contains("{\"name\": \"gate\", \"type\": \"hardsigmoid\", \"alpha\": 0.2, \"beta\": 0.5}"), json);
        assertTrue(json.contains("{\"name\": \"bn\", \"type\": \"batchnorm2d\", \"eps\": 0.001, \"affine\": false}"), json);
        assertTrue(json.contains("\"type\": \"slice\", \"axis\": 0, \"start\": 0, \"end\": 2}"), json);
    }

    @Test
    void newLayerTypesTakePyTorchsDefaults() {
        Model m = layers("{\"name\": \"bn\", \"type\": \"batchnorm2d\"}, {\"name\": \"h\", \"type\": \"hardtanh\"},"
                + " {\"name\": \"l\", \"type\": \"leaky_relu\"}, {\"name\": \"e\", \"type\": \"elu\"},"
                + " {\"name\": \"s\", \"type\": \"hardsigmoid\"}, {\"name\": \"g\", \"type\": \"gelu\"},"
                + " {\"name\": \"d\", \"type\": \"dropout\"}, {\"name\": \"p\", \"type\": \"maxpool2d\", \"kernel\": 2},"
                + " {\"name\": \"a\", \"type\": \"avgpool2d\", \"kernel\": 2}, {\"name\": \"x\", \"type\": \"slice\", \"start\": 0, \"end\": 1}");
        assertEquals(BatchNorm2d.of(), m.layer("bn").layer());
        assertEquals(Hardtanh.of(), m.layer("h").layer());
        assertEquals(new LeakyReLU(0.01f), m.layer("l").layer());
        assertEquals(new ELU(1), m.layer("e").layer());
        assertEquals(Hardsigmoid.of(), m.layer("s").layer());
        assertEquals(GELU.exact(), m.layer("g").layer());
        assertEquals(new Dropout(0.5), m.layer("d").layer());
        assertEquals(MaxPool2d.of(2, 2), m.layer("p").layer());
        assertEquals(AvgPool2d.of(2, 2), m.layer("a").layer());
        assertEquals(new Slice(0, 0, 1), m.layer("x").layer());
    }

    @Test
    void readsPaddingInEveryForm() {
        String conv = "{\"name\": \"c\", \"type\": \"conv2d\", \"filters\": 1, \"kernel\": [4, 3], \"padding\": ";
        assertEquals(Padding.of(2), ((Conv2d) layers(conv + "2}").layer("c").layer()).padding());
        assertEquals(Padding.of(2, 1), ((Conv2d) layers(conv + "[2, 1]}").layer("c").layer()).padding());
        assertEquals(new Padding(0, 1, 2, 3), ((Conv2d) layers(conv + "[0, 1, 2, 3]}").layer("c").layer()).padding());
        // "same": total dilation·(k − 1) per axis, the odd one out at the bottom/right; the model keeps [5, 6]
        Model same = layers(conv + "\"same\", \"dilation\": [1, 2]}");
        assertEquals(new Padding(1, 2, 2, 2), ((Conv2d) same.layer("c").layer()).padding());
        assertEquals(Shape.of(1, 5, 6), same.layer("c").outputShape());
        assertEquals(Padding.none(), ((Conv2d) layers(conv + "\"valid\"}").layer("c").layer()).padding());
        layersFail(conv + "\"same\", \"stride\": 2}",
                "layer 1 (c): padding \"same\" needs stride 1 (as in PyTorch), got stride [2, 2]");
        layersFail(conv + "\"full\"}", "layer 1 (c): \"padding\" must be a non-negative integer, a list of two or four,"
                + " \"same\" or \"valid\", got \"full\"");
        layersFail(conv + "[1, 2, 3]}", "\"padding\" must be a non-negative integer, a list of two, [height, width], or of"
                + " four, [top, left, bottom, right], got [1, 2, 3]");
        layersFail("{\"name\": \"p\", \"type\": \"maxpool2d\", \"kernel\": 2, \"padding\": \"same\"}",
                "layer 1 (p): \"padding\" must be a non-negative integer, a list of two, [height, width], or of four");
    }

    @Test
    void newParametersThatDoNotFitNameTheLayerAndTheNumbers() {
        layersFail("{\"name\": \"c\", \"type\": \"conv2d\", \"filters\": 4, \"kernel\": 1, \"groups\": 3}",
                "layer 1 (c): conv2d: filters 4 must be divisible by groups 3");
        layersFail("{\"name\": \"c\", \"type\": \"conv2d\", \"filters\": 4, \"kernel\": 1, \"groups\": 2}",
                "c: 1 input channels are not divisible by groups 2 (input [1, 5, 6])");
        layersFail("{\"name\": \"h\", \"type\": \"hardtanh\", \"min\": 6, \"max\": 0}",
                "layer 1 (h): hardtanh: min 6.0 must be less than max 0.0");
        layersFail("{\"name\": \"g\", \"type\": \"gelu\", \"approximate\": \"erf\"}",
                "layer 1 (g): \"approximate\" must be one of \"none\", \"tanh\", got \"erf\"");
        layersFail("{\"name\": \"b\", \"type\": \"batchnorm2d\", \"eps\": -1}",
                "layer 1 (b): batchnorm2d: eps cannot be negative, got -1.0");
        layersFail("{\"name\": \"s\", \"type\": \"slice\", \"start\": 0, \"end\": 2}",
                "s: slice [0, 2) does not fit axis 0 of size 1 (input [1, 5, 6])");
        layersFail("{\"name\": \"s\", \"type\": \"channel_shuffle\", \"groups\": 2}",
                "s: 1 channels are not divisible by groups 2 (input [1, 5, 6])");
        layersFail("{\"name\": \"d\", \"type\": \"dropout\", \"p\": 1.5}", "layer 1 (d): dropout: p must be in [0, 1], got 1.5");
        layersFail("{\"name\": \"e\", \"type\": \"elu\", \"alpha\": \"one\"}", "layer 1 (e): \"alpha\" must be a number, got \"one\"");
    }

    @Test
    void everyLayerTypeHasOneCodec() {
        assertEquals(Set.of(Layer.class.getPermittedSubclasses()), Set.copyOf(LayerCodecs.layerClasses()));
    }

    @Test
    void unknownTypeListsTheKnownOnes() {
        layersFail("{\"name\": \"r\", \"type\": \"relu\"}, {\"name\": \"c3\", \"type\": \"conv3d\"}",
                "layer 2 (c3): unknown type \"conv3d\"; known types: conv2d, maxpool2d, avgpool2d, relu, sigmoid,"
                        + " tanh, softmax, flatten, dense, add, concat");
        layersFail("{\"name\": \"r\", \"type\": \"ReLU\"}", "unknown type \"ReLU\"");
    }

    @Test
    void wrongTypesForIntegers() {
        String conv = "{\"name\": \"c\", \"type\": \"conv2d\", \"kernel\": 2, \"filters\": ";
        layersFail(conv + "\"3\"}", "layer 1 (c): \"filters\" must be a positive integer, got \"3\"");
        layersFail(conv + "-3}", "\"filters\" must be a positive integer, got -3");
        layersFail(conv + "0}", "\"filters\" must be a positive integer, got 0");
        layersFail(conv + "2.5}", "\"filters\" must be a positive integer, got 2.5 (not a whole number)");
        layersFail(conv + "3.0}", "got 3.0 (not a whole number)");
        layersFail(conv + "1e2}", "got 1e2 (not a whole number)");
        layersFail(conv + "true}", "got true");
        layersFail(conv + "null}", "got null");
        layersFail(conv + "2147483648}", "got 2147483648 (too large, the limit is 2147483647)");
        layersFail(conv + "99999999999999999999999999}", "got 99999999999999999999999999 (too large");
        layersFail(conv + "-99999999999999999999999999}", "must be a positive integer, got -99999999999999999999999999");
        layersFail("{\"name\": \"d\", \"type\": \"dense\", \"units\": 1, \"in_features\": 0}",
                "\"in_features\" must be a positive integer, got 0");
    }

    @Test
    void wrongTwoVectors() {
        String conv = "{\"name\": \"c\", \"type\": \"conv2d\", \"filters\": 1, ";
        layersFail(conv + "\"kernel\": [2, 2, 2]}",
                "\"kernel\" must be a positive integer or a list of two, [height, width], got [2, 2, 2]");
        layersFail(conv + "\"kernel\": [2]}", "got [2]");
        layersFail(conv + "\"kernel\": \"2x2\"}", "got \"2x2\"");
        layersFail(conv + "\"kernel\": [2, -1]}", "\"kernel\"[1] must be a positive integer, got -1");
        layersFail(conv + "\"kernel\": [2, 0]}", "\"kernel\"[1] must be a positive integer, got 0");
        layersFail(conv + "\"kernel\": 2, \"padding\": -1}", "\"padding\" must be a non-negative integer, got -1");
        layersFail(conv + "\"kernel\": 2, \"stride\": [1, 0.5]}", "\"stride\"[1] must be a positive integer, got 0.5");
        layersFail(conv + "\"kernel\": 2, \"dilation\": 0}", "\"dilation\" must be a positive integer, got 0");
        layersFail(conv + "\"kernel\": 2, \"bias\": \"yes\"}", "layer 1 (c): \"bias\" must be true or false, got \"yes\"");
        layersFail(conv + "\"kernel\": 2, \"bias\": 1}", "\"bias\" must be true or false, got 1");
    }

    @Test
    void missingRequiredFields() {
        layersFail("{\"name\": \"c\", \"type\": \"conv2d\", \"kernel\": 2}", "layer 1 (c): missing \"filters\"");
        layersFail("{\"name\": \"c\", \"type\": \"conv2d\", \"filters\": 2}", "layer 1 (c): missing \"kernel\"");
        layersFail("{\"name\": \"p\", \"type\": \"maxpool2d\"}", "layer 1 (p): missing \"kernel\"");
        layersFail("{\"name\": \"d\", \"type\": \"dense\"}", "layer 1 (d): missing \"units\"");
        layersFail("{\"type\": \"relu\"}", "layer 1: missing \"name\"");
        layersFail("{\"name\": \"r\"}", "layer 1 (r): missing \"type\"");
        layersFail("{\"name\": \"\", \"type\": \"relu\"}", "layer 1: \"name\" must be a non-empty string, got \"\"");
        layersFail("{\"name\": 7, \"type\": \"relu\"}", "\"name\" must be a non-empty string, got 7");
        layersFail("{\"name\": \"r\", \"type\": \"relu\"}, 3", "layer 2: expected a layer object, got 3");
        layersFail("{\"name\": \"r\", \"type\": [\"relu\"]}", "\"type\" must be a non-empty string, got [\"relu\"]");
    }

    @Test
    void topLevelErrors() {
        fileFails("[]", "model.json: expected a model object, got an array");
        fileFails("{\"name\": \"m\"}", "model.json: missing \"format\" (expected \"lamina-model/1\")");
        fileFails("{\"format\": \"lamina-model/2\"}", "unsupported format \"lamina-model/2\", expected \"lamina-model/1\"");
        fileFails("{\"format\": 1}", "unsupported format 1");
        fileFails("{\"format\": \"lamina-model/1\", \"input\": [1, 5, 6], \"layers\": []}", "missing \"name\"");
        fileFails("{\"format\": \"lamina-model/1\", \"name\": \"m\", \"layers\": []}", "missing \"input\"");
        fileFails("{\"format\": \"lamina-model/1\", \"name\": \"m\", \"input\": [1, 5, 6]}", "missing \"layers\"");
        fileFails(HEAD + "\"layers\": []}", "\"layers\" is empty: a model needs at least one layer");
        fileFails(HEAD + "\"layers\": {}}", "\"layers\" must be a list of layer objects, got {}");
        String noInput = "{\"format\": \"lamina-model/1\", \"name\": \"m\", \"layers\": [{\"name\": \"r\", \"type\": \"relu\"}], ";
        fileFails(noInput + "\"input\": []}", "\"input\" must be a list of positive integers (C, H, W), got []");
        fileFails(noInput + "\"input\": \"1x5x6\"}", "\"input\" must be a list of positive integers");
        fileFails(noInput + "\"input\": [1, 0, 6]}", "\"input\"[1] must be a positive integer, got 0");
        fileFails(noInput + "\"input\": [65536, 65536, 2]}", "model.json: \"input\": shape [65536, 65536, 2] has more than");
    }

    @Test
    void inputsErrors() {
        layersFail("{\"name\": \"r\", \"type\": \"relu\", \"inputs\": \"input\"}",
                "layer 1 (r): \"inputs\" must be a non-empty list of layer names (or \"input\"), got \"input\"");
        layersFail("{\"name\": \"r\", \"type\": \"relu\", \"inputs\": []}", "got []");
        layersFail("{\"name\": \"r\", \"type\": \"relu\", \"inputs\": [1]}", "got [1]");
        layersFail("{\"name\": \"r\", \"type\": \"relu\", \"inputs\": [\"nope\"]}",
                "model.json: r: reads nope, but no earlier layer has that name");
        layersFail("{\"name\": \"r\", \"type\": \"relu\"}, {\"name\": \"s\", \"type\": \"add\"}",
                "model.json: s: add takes at least 2 inputs, got 1 [r]");
        layersFail("{\"name\": \"r\", \"type\": \"relu\", \"inputs\": [\"input\", \"input\"]}",
                "model.json: r: relu takes 1 input, got 2");
    }

    @Test
    void coreShapeErrorsComeThroughWithTheFileName() {
        FormatException e = assertThrows(FormatException.class, () -> layers(
                "{\"name\": \"conv1\", \"type\": \"conv2d\", \"filters\": 3, \"kernel\": [2, 2]},"
                        + "{\"name\": \"relu1\", \"type\": \"relu\"},"
                        + "{\"name\": \"max_pool1\", \"type\": \"maxpool2d\", \"kernel\": [2, 2]},"
                        + "{\"name\": \"flat\", \"type\": \"flatten\"},"
                        + "{\"name\": \"dense2\", \"type\": \"dense\", \"units\": 1, \"in_features\": 20}"));
        assertEquals("model.json: dense2: expects 20 input features, but flat produces 12 ([3, 2, 2])", e.getMessage());
        assertTrue(e.getCause() instanceof ModelException);
        layersFail("{\"name\": \"c\", \"type\": \"conv2d\", \"filters\": 1, \"kernel\": 7}", "model.json: c: kernel window");
        layersFail("{\"name\": \"d\", \"type\": \"dense\", \"units\": 1}", "model.json: d: expected a flat [features] input");
        layersFail("{\"name\": \"r\", \"type\": \"relu\"}, {\"name\": \"r\", \"type\": \"relu\"}",
                "model.json: r: the name is already used in m");
        layersFail("{\"name\": \"input\", \"type\": \"relu\"}", "model.json: input: the name is already used");
    }

    @Test
    void layerRecordChecksComeThroughWithTheLayer() {
        layersFail("{\"name\": \"p\", \"type\": \"maxpool2d\", \"kernel\": 2, \"padding\": 2}",
                "model.json: layer 1 (p): maxpool2d: padding [2, 2] must be at most half the kernel [2, 2]");
    }

    @Test
    void jsonErrorsCarryFileLineAndColumn() {
        FormatException e = assertThrows(FormatException.class,
                () -> ModelFile.parse("{\n  \"format\": \"lamina-model/1\",\n  \"name\": \"m\"\n  \"input\": [1]\n}",
                        "model.json"));
        assertEquals("model.json:4:3: expected ',' or '}' after the value of \"name\", got '\"'", e.getMessage());
        FormatException dup = assertThrows(FormatException.class,
                () -> layers("{\"name\": \"c\", \"type\": \"conv2d\", \"filters\": 1, \"kernel\": 1, \"kernel\": 2}"));
        assertTrue(dup.getMessage().matches("model\\.json:1:\\d+: duplicate key \"kernel\""), dup.getMessage());
        FormatException deep = assertThrows(FormatException.class,
                () -> layers("[".repeat(100_000)));
        assertTrue(deep.getMessage().contains("nested deeper than 64 levels"), deep.getMessage());
    }

    @Test
    void modelsWhoseOutputIsNotTheLastLayerCannotBeWritten() {
        GraphBuilder g = Model.graph("g");
        GraphBuilder.Value x = g.input(1, 2, 2);
        GraphBuilder.Value r = g.apply("r", new ReLU(), x);
        g.apply("s", new Sigmoid(), x);
        Model m = g.build(r);
        ModelException e = assertThrows(ModelException.class, () -> ModelFile.toJson(m));
        assertTrue(e.getMessage().contains("its output r is not its last layer"), e.getMessage());
    }

    @Test
    void escapesNamesWhenWriting() {
        Model m = Model.sequential("a \"quoted\"\nname é", 3).add("r\\1", new ReLU()).build();
        String json = ModelFile.toJson(m);
        assertTrue(json.contains("\"name\": \"a \\\"quoted\\\"\\nname é\""), json);
        assertEquals(m, ModelFile.parse(json, "x.json"));
    }

    @Test
    void fileProblemsNameTheFile(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.json");
        FormatException e = assertThrows(FormatException.class, () -> ModelFile.read(missing));
        assertEquals(missing + ": cannot read: no such file or directory", e.getMessage());

        FormatException d = assertThrows(FormatException.class, () -> ModelFile.read(dir));
        assertEquals(dir + ": cannot read: it is a directory", d.getMessage());

        Path latin1 = dir.resolve("latin1.json");
        Files.write(latin1, (HEAD + "\"layers\": [{\"name\": \"caf\u00e9\", \"type\": \"relu\"}]}")
                .getBytes(StandardCharsets.ISO_8859_1));
        FormatException u = assertThrows(FormatException.class, () -> ModelFile.read(latin1));
        assertTrue(u.getMessage().startsWith(latin1 + ": the file is not valid UTF-8 (at byte "), u.getMessage());

        Path huge = dir.resolve("huge.json");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(ModelFile.MAX_BYTES + 1); // sparse: no time, no disk
        }
        FormatException h = assertThrows(FormatException.class, () -> ModelFile.read(huge));
        assertEquals(huge + ": is too large for a model file: 16777217 bytes, the limit is 16777216", h.getMessage());

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\": \"lamina-model/1\",\n\"name\": }");
        FormatException b = assertThrows(FormatException.class, () -> ModelFile.read(bad));
        assertEquals(bad + ":2:9: unexpected '}', expected a value", b.getMessage());

        Path unwritable = dir.resolve("no/such/dir/model.json");
        FormatException w = assertThrows(FormatException.class, () -> ModelFile.write(notebook(), unwritable));
        assertTrue(w.getMessage().startsWith(unwritable + ": cannot write: "), w.getMessage());
    }
}
