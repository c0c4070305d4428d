package dev.lamina.core.io;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The kinds of key a layer codec can declare, read and written on their own. */
class FieldTest {
    private static Values layer(String json) {
        return new Values("m.json", "layer 1 (x)", (JsonObject) Json.parse(json, "m.json"));
    }

    private static <T> String fails(Field<T> field, String json) {
        return assertThrows(FormatException.class, () -> layer(json).get(field)).getMessage();
    }

    @Test
    void realsAndSinglesReadFiniteNumbersAndWriteShortDecimals() {
        Field<Double> eps = Field.real("eps").orElse(1e-5);
        assertEquals(1e-5, layer("{}").get(eps));
        assertEquals(0.001, layer("{\"eps\": 1e-3}").get(eps));
        assertEquals(3.0, layer("{\"eps\": 3}").get(eps));
        assertEquals("m.json: layer 1 (x): \"eps\" must be a number, got \"small\"",
                fails(eps, "{\"eps\": \"small\"}"));
        assertEquals("m.json: layer 1 (x): \"eps\" must be a finite number, got 1e999 (beyond a double)",
                fails(eps, "{\"eps\": 1e999}"));

        Field<Float> slope = Field.single("slope");
        assertEquals(0.01f, layer("{\"slope\": 0.01}").get(slope));
        assertEquals("0.01", slope.kind().write().apply(0.01f).toJson());
        assertEquals("m.json: layer 1 (x): missing \"slope\"", fails(slope, "{}"));
        assertEquals("m.json: layer 1 (x): \"slope\" must be a finite number, got 1e39 (beyond a float)",
                fails(slope, "{\"slope\": 1e39}"));
    }

    @Test
    void choicesAndNonNegativeIntegers() {
        Field<String> approximate = Field.choice("approximate", "none", "tanh").orElse("none");
        assertEquals("tanh", layer("{\"approximate\": \"tanh\"}").get(approximate));
        assertEquals("none", layer("{}").get(approximate));
        assertEquals("m.json: layer 1 (x): \"approximate\" must be one of \"none\", \"tanh\", got \"erf\"",
                fails(approximate, "{\"approximate\": \"erf\"}"));
        assertEquals("\"tanh\"", approximate.kind().write().apply("tanh").toJson());

        Field<Integer> start = Field.nonNegative("start");
        assertEquals(0, layer("{\"start\": 0}").get(start));
        assertEquals("m.json: layer 1 (x): \"start\" must be a non-negative integer, got -1",
                fails(start, "{\"start\": -1}"));
    }

    @Test
    void aDefaultThatDependsOnAnotherKeyIsGivenWhereItIsRead() {
        Field<Integer> end = Field.positive("end");
        assertEquals(7, layer("{}").get(end, 7));
        assertEquals(2, layer("{\"end\": 2}").get(end, 7));
        assertThrows(IllegalStateException.class, end::omittedWhenDefault);
    }
}
