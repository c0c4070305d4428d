package dev.lamina.conformance.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JSON Schema shipped in the kit describes what the kit writes. A small checker of the keywords the
 * schema uses ($ref, type, const, enum, oneOf, required, properties, additionalProperties, items, minimum)
 * validates written reports against it, and is itself shown to catch a wrong report.
 */
class SchemaTest {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static JsonNode schema() throws Exception {
        try (InputStream in = SchemaTest.class.getResourceAsStream(ConformanceReport.SCHEMA_RESOURCE)) {
            assertNotNull(in, ConformanceReport.SCHEMA_RESOURCE);
            return MAPPER.readTree(in);
        }
    }

    /** Every violation, as "path: problem". */
    static List<String> validate(JsonNode root, JsonNode schema, JsonNode value, String path) {
        List<String> errors = new ArrayList<>();
        check(root, schema, value, path, errors);
        return errors;
    }

    private static void check(JsonNode root, JsonNode s, JsonNode v, String path, List<String> errors) {
        if (s.has("$ref")) {
            String ref = s.get("$ref").textValue();
            assertTrue(ref.startsWith("#/$defs/"), ref);
            check(root, root.get("$defs").get(ref.substring("#/$defs/".length())), v, path, errors);
        }
        if (s.has("const") && !s.get("const").equals(v)) {
            errors.add(path + ": expected " + s.get("const") + ", got " + v);
        }
        if (s.has("enum")) {
            boolean any = false;
            for (JsonNode e : s.get("enum")) {
                any |= e.equals(v);
            }
            if (!any) {
                errors.add(path + ": " + v + " is not one of " + s.get("enum"));
            }
        }
        if (s.has("oneOf")) {
            int matches = 0;
            for (JsonNode alt : s.get("oneOf")) {
                matches += validate(root, alt, v, path).isEmpty() ? 1 : 0;
            }
            if (matches != 1) {
                errors.add(path + ": " + v + " matches " + matches + " of oneOf " + s.get("oneOf"));
            }
        }
        if (s.has("type") && !typeMatches(s.get("type"), v)) {
            errors.add(path + ": expected type " + s.get("type") + ", got " + v.getNodeType());
            return;
        }
        if (s.has("minimum") && v.isNumber() && v.doubleValue() < s.get("minimum").doubleValue()) {
            errors.add(path + ": " + v + " is below " + s.get("minimum"));
        }
        if (v.isObject()) {
            if (s.has("required")) {
                for (JsonNode r : s.get("required")) {
                    if (!v.has(r.textValue())) {
                        errors.add(path + ": missing " + r.textValue());
                    }
                }
            }
            JsonNode props = s.get("properties");
            JsonNode extra = s.get("additionalProperties");
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (props != null && props.has(f.getKey())) {
                    check(root, props.get(f.getKey()), f.getValue(), path + "." + f.getKey(), errors);
                } else if (extra != null && extra.isBoolean() && !extra.booleanValue()) {
                    errors.add(path + ": unexpected field " + f.getKey());
                } else if (extra != null && extra.isObject()) {
                    check(root, extra, f.getValue(), path + "." + f.getKey(), errors);
                }
            }
        }
        if (v.isArray() && s.has("items")) {
            for (int i = 0; i < v.size(); i++) {
                check(root, s.get("items"), v.get(i), path + "[" + i + "]", errors);
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode v) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, v)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.textValue()) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "boolean" -> v.isBoolean();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "null" -> v.isNull();
            default -> throw new AssertionError("type " + type);
        };
    }

    @Test
    void writtenReportsFollowTheSchema() throws Exception {
        JsonNode schema = schema();
        assertEquals("lamina-conformance/2", schema.get("properties").get("format").get("const").textValue());
        for (ConformanceReport r : List.of(ReportTest.sample(),
                ConformanceReport.fromJson(FormatOneTest.sample(), "v1-sample.json"))) {
            JsonNode written = MAPPER.readTree(r.toJson());
            assertEquals(List.of(), validate(schema, schema, written, "$"));
        }
    }

    @Test
    void theCheckerCatchesAWrongReport() throws Exception {
        JsonNode schema = schema();
        String json = ReportTest.sample().toJson()
                .replaceFirst("\"outcome\": \"passed\"", "\"outcome\": \"fine\"")
                .replaceFirst("\"millis\": 3", "\"millis\": -3")
                .replaceFirst("\"kit\": \"[^\"]*\",", "");
        List<String> errors = validate(schema, schema, MAPPER.readTree(json), "$");
        assertTrue(errors.contains("$: missing kit"), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("$.results[0].outcome: \"fine\" is not one of")),
                errors.toString());
        assertTrue(errors.contains("$.results[0].millis: -3 is below 0"), errors.toString());
    }
}
