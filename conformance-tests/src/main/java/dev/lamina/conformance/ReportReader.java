package dev.lamina.conformance;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lamina.api.Shape;
import dev.lamina.core.io.FormatException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a report back from its JSON ({@link ReportJson}), so that reports written by separate runs — one
 * per backend module — can be merged into one matrix. Exceptions are not kept; everything else is.
 */
final class ReportReader {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();

    private final String source;

    private ReportReader(String source) {
        this.source = source;
    }

    static ConformanceReport read(String json, String source) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw at == null ? new FormatException(source, e.getOriginalMessage())
                    : new FormatException(source, at.getLineNr(), at.getColumnNr(), e.getOriginalMessage());
        }
        return new ReportReader(source).report(tree);
    }

    private FormatException error(String problem) {
        return new FormatException(source, problem);
    }

    private ConformanceReport report(JsonNode v) {
        JsonNode o = object(v, "the report");
        String format = string(o, "format");
        if (!ReportJson.FORMAT.equals(format)) {
            throw error("expected format " + ReportJson.FORMAT + ", got " + format);
        }
        List<CaseResult> results = new ArrayList<>();
        for (JsonNode r : array(o, "results")) {
            results.add(result(object(r, "a result")));
        }
        return new ConformanceReport(results, Instant.parse(string(o, "created")), string(o, "environment"));
    }

    private CaseResult result(JsonNode o) {
        String caseId = string(o, "case");
        Rule rule = Rule.byId(string(o, "rule")).orElseThrow(() -> error(caseId + ": unknown rule " + string(o, "rule")));
        Outcome outcome;
        try {
            outcome = Outcome.valueOf(string(o, "outcome").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error(caseId + ": unknown outcome " + string(o, "outcome"));
        }
        List<LayerCheck> layers = new ArrayList<>();
        if (o.has("layers")) {
            for (JsonNode l : array(o, "layers")) {
                layers.add(layer(object(l, caseId + " layer")));
            }
        }
        LayerCheck decisive = null;
        if (o.has("layer")) {
            String name = string(o, "layer");
            decisive = layers.stream().filter(l -> l.layer().equals(name)).findFirst().orElse(null);
        }
        return new CaseResult(caseId, string(o, "title"), rule, string(o, "backend"), bool(o, "required"), outcome,
                string(o, "message"), decisive, layers, (long) number(o, "millis"), null);
    }

    private LayerCheck layer(JsonNode o) {
        List<Integer> shape = ints(o, "shape");
        JsonNode tol = object(o.get("tolerance"), "tolerance");
        String problem = o.has("problem") ? string(o, "problem") : null;
        return new LayerCheck(string(o, "layer"),
                shape.isEmpty() ? null : Shape.of(shape.stream().mapToInt(Integer::intValue).toArray()),
                Tolerance.of(number(tol, "atol"), number(tol, "rtol")), (int) number(o, "compared"),
                (int) number(o, "mismatches"), o.has("firstMismatch") ? ints(o, "firstMismatch") : List.of(),
                o.has("expected") ? (float) number(o, "expected") : Float.NaN,
                o.has("actual") ? (float) number(o, "actual") : Float.NaN,
                number(o, "maxAbsError"), number(o, "maxRelError"), 0, problem);
    }

    private JsonNode object(JsonNode v, String what) {
        if (v != null && v.isObject()) {
            return v;
        }
        throw error(what + " must be an object, got " + (v == null ? "nothing" : v.getNodeType().name().toLowerCase(Locale.ROOT)));
    }

    private JsonNode member(JsonNode o, String key) {
        JsonNode v = o.get(key);
        if (v == null) {
            throw error("missing \"" + key + "\" in " + abbreviated(o));
        }
        return v;
    }

    private static String abbreviated(JsonNode o) {
        String s = o.toString();
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    private String string(JsonNode o, String key) {
        JsonNode v = member(o, key);
        if (v.isTextual()) {
            return v.textValue();
        }
        throw error("\"" + key + "\" must be a string in " + abbreviated(o));
    }

    private boolean bool(JsonNode o, String key) {
        JsonNode v = member(o, key);
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        throw error("\"" + key + "\" must be true or false in " + abbreviated(o));
    }

    /** A number, or one of the strings NaN, Infinity, -Infinity that the writer uses for them. */
    private double number(JsonNode o, String key) {
        JsonNode v = member(o, key);
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            switch (v.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw error("\"" + key + "\" must be a number in " + abbreviated(o));
    }

    private JsonNode array(JsonNode o, String key) {
        JsonNode a = member(o, key);
        if (a.isArray()) {
            return a;
        }
        throw error("\"" + key + "\" must be an array");
    }

    private List<Integer> ints(JsonNode o, String key) {
        List<Integer> l = new ArrayList<>();
        for (JsonNode v : array(o, key)) {
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw error("\"" + key + "\" must hold integers");
            }
            l.add(v.intValue());
        }
        return l;
    }
}
