package dev.lamina.core.io;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    private static FormatException fails(String text) {
        return assertThrows(FormatException.class, () -> Json.parse(text, "t.json"));
    }

    private static void failsWith(String text, int line, int column, String problem) {
        FormatException e = fails(text);
        assertEquals("t.json", e.file());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.problem().contains(problem), e.getMessage());
        assertTrue(e.getMessage().startsWith("t.json:" + line + ":" + column + ": "), e.getMessage());
    }

    @Test
    void readsEveryKindOfValue() {
        JsonValue v = Json.parse(" {\"s\": \"x\", \"n\": -1.5e3, \"i\": 42, \"t\": true, \"f\": false,"
                + " \"z\": null, \"a\": [1, [], {}]}\n", "t.json");
        JsonObject o = assertInstanceOf(JsonObject.class, v);
        assertEquals(List.of("s", "n", "i", "t", "f", "z", "a"), List.copyOf(o.members().keySet()));
        assertEquals(new JsonString("x"), o.get("s"));
        assertEquals(-1500.0, ((JsonNumber) o.get("n")).doubleValue());
        assertEquals(42L, ((JsonNumber) o.get("i")).longValueExact());
        assertEquals(JsonBoolean.TRUE, o.get("t"));
        assertEquals(JsonBoolean.FALSE, o.get("f"));
        assertEquals(JsonNull.INSTANCE, o.get("z"));
        assertEquals(JsonArray.of(JsonNumber.of(1), JsonArray.of(), new JsonObject(java.util.Map.of())), o.get("a"));
    }

    @Test
    void keepsKeyOrderWhenWriting() {
        String text = "{\"z\":1,\"a\":2,\"m\":[true,null,\"s\"]}";
        assertEquals(text, Json.write(Json.parse(text, "t.json")));
        assertEquals("{\"z\": 1, \"a\": 2, \"m\": [true, null, \"s\"]}", Json.writeSpaced(Json.parse(text, "t.json")));
    }

    @Test
    void decodesEscapesAndSurrogatePairs() {
        JsonValue v = Json.parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\uD83D\\uDE00 \\u0041\"", "t.json");
        assertEquals("q\" b\\ s/ \b\f\n\r\t é \uD83D\uDE00 A", ((JsonString) v).value());
        assertEquals("é😀", ((JsonString) Json.parse("\"é😀\"", "t.json")).value());
    }

    @Test
    void writesStringsThatReadBackTheSame() {
        String s = "quote\" back\\ nl\n tab\t nul\u0000 bell\u0007 é 😀 lone\uD800 end";
        String json = Json.quote(s);
        assertFalse(json.contains("\n"));
        assertEquals("\"quote\\\" back\\\\ nl\\n tab\\t nul\\u0000 bell\\u0007 é 😀 lone\\ud800 end\"", json);
        assertEquals(new JsonString(s), Json.parse(json, "t.json"));
    }

    @Test
    void keepsNumbersAsWritten() {
        JsonNumber n = (JsonNumber) Json.parse("3.0", "t.json");
        assertEquals("3.0", n.text());
        assertFalse(n.isInteger());
        assertThrows(ArithmeticException.class, n::longValueExact);
        assertEquals(Long.MIN_VALUE, ((JsonNumber) Json.parse("-9223372036854775808", "t.json")).longValueExact());
        assertThrows(ArithmeticException.class,
                () -> ((JsonNumber) Json.parse("9223372036854775808", "t.json")).longValueExact());
        assertThrows(ArithmeticException.class,
                () -> ((JsonNumber) Json.parse("1" + "0".repeat(999), "t.json")).longValueExact());
        // Jackson's bound on number literals.
        assertTrue(fails("1" + "0".repeat(1000)).problem().contains("Number value length (1001) exceeds"));
        assertTrue(((JsonNumber) Json.parse("-0", "t.json")).isInteger());
        assertThrows(IllegalArgumentException.class, () -> JsonNumber.of(Double.NaN));
    }

    @Test
    void skipsALeadingByteOrderMark() {
        assertEquals(JsonBoolean.TRUE, Json.parse("\uFEFFtrue", "t.json"));
    }

    @Test
    void rejectsDuplicateKeysAtTheSecondOne() {
        failsWith("{\n  \"a\": 1,\n  \"a\": 2\n}", 3, 3, "duplicate key \"a\"");
    }

    @Test
    void reportsSyntaxErrorsWithLineAndColumn() {
        failsWith("", 1, 1, "empty");
        failsWith("  \n ", 2, 2, "empty");
        failsWith("{\"a\": 1,}", 1, 9, "trailing comma before '}'");
        failsWith("[1, 2,]", 1, 7, "trailing comma before ']'");
        failsWith("[1 2]", 1, 4, "expected ',' or ']' after an array element, got '2'");
        failsWith("{\"a\" 1}", 1, 6, "expected ':' after key \"a\", got '1'");
        failsWith("{\"a\": 1 \"b\": 2}", 1, 9, "expected ',' or '}' after the value of \"a\", got '\"'");
        failsWith("{a: 1}", 1, 2, "expected a string key, got 'a'");
        failsWith("{\"a\": ]", 1, 7, "unexpected ']', expected a value");
        failsWith("[.5]", 1, 2, "unexpected '.', expected a value");
        failsWith("[tru]", 1, 2, "unexpected 't', expected a value");
        failsWith("{} x", 1, 4, "unexpected 'x' after the JSON value");
        failsWith("{} {}", 1, 4, "unexpected '{' after the JSON value");
        failsWith("[1, 2", 1, 6, "unexpected end of input");
        failsWith("{\"a\": ", 1, 7, "unexpected end of input");
        failsWith("[1,\n  \"abc", 2, 7, "unterminated string");
        // Rarer mistakes keep Jackson's words, without its character codes and feature names; its place is
        // just past the offending character inside a number.
        failsWith("[01]", 1, 3, "Leading zeroes not allowed");
        failsWith("[1.]", 1, 3, "Decimal point not followed by a digit");
        failsWith("[1e]", 1, 3, "Exponent indicator not followed by a digit");
        failsWith("[-]", 1, 3, "expected digit (0-9) to follow minus sign");
        failsWith("[+1]", 1, 3, "JSON spec does not allow numbers to have plus signs");
        failsWith("[NaN]", 1, 5, "Non-standard token 'NaN'");
        failsWith("// c\n{}", 1, 1, "Unexpected character ('/'): maybe a (non-standard) comment?");
        failsWith("\"a\nb\"", 1, 3, "has to be escaped");
        failsWith("\"\\x\"", 1, 3, "Unrecognized character escape 'x'");
        failsWith("\"\\u12G4\"", 1, 6, "expected a hex-digit");
        failsWith("\"\\u12\"", 1, 6, "expected a hex-digit");
        for (String bad : List.of("[NaN]", "[+1]", "// c\n{}", "\"\\x\"")) {
            String problem = fails(bad).problem();
            assertFalse(problem.contains("(code ") || problem.contains("enable") || problem.contains("Feature"), problem);
        }
    }

    @Test
    void limitsNestingDepthInsteadOfOverflowingTheStack() {
        Json.parse("[".repeat(64) + "]".repeat(64), "t.json");
        failsWith("[".repeat(65) + "]".repeat(65), 1, 65, "nested deeper than 64 levels");
        // A hostile document far deeper than any stack: refused at level 65, not a StackOverflowError.
        FormatException e = fails("[".repeat(1_000_000));
        assertTrue(e.problem().contains("nested deeper"), e.getMessage());
        fails("{\"a\":".repeat(100_000));
    }

    @Test
    void limitsSizeAndValueCount() {
        Json.Limits small = new Json.Limits(100, 64, 10);
        FormatException big = assertThrows(FormatException.class, () -> Json.parse(" ".repeat(101), "t.json", small));
        assertTrue(big.getMessage().contains("too large: 101 characters, the limit is 100"), big.getMessage());
        Json.parse("[1,2,3,4,5,6,7,8]", "t.json", small); // 10 tokens, the brackets included
        FormatException many = assertThrows(FormatException.class,
                () -> Json.parse("[1,2,3,4,5,6,7,8,9]", "t.json", small));
        assertTrue(many.problem().contains("Token count (11) exceeds the maximum allowed (10"), many.getMessage());
    }
}
