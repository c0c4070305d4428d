package dev.lamina.conformance.report;

import dev.lamina.api.Shape;
import dev.lamina.conformance.cases.LayerCheck;
import dev.lamina.conformance.cases.Rule;
import dev.lamina.conformance.reference.Tolerance;
import dev.lamina.core.io.FormatException;
import dev.lamina.core.io.Json;
import dev.lamina.core.io.JsonArray;
import dev.lamina.core.io.JsonBoolean;
import dev.lamina.core.io.JsonNumber;
import dev.lamina.core.io.JsonObject;
import dev.lamina.core.io.JsonString;
import dev.lamina.core.io.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a report back from its JSON ({@link ReportJson}), so that reports written by separate runs — one
 * per backend module — can be merged into one matrix. Exceptions are not kept; everything else is.
 */
final class ReportReader {
    private final String source;

    private ReportReader(String source) {
        this.source = source;
    }

    static ConformanceReport read(String json, String source) {
        return new ReportReader(source).report(Json.parse(json, source));
    }

    private FormatException error(String problem) {
        return new FormatException(source, problem);
    }

    private ConformanceReport report(JsonValue v) {
        JsonObject o = object(v, "the report");
        String format = string(o, "format");
        if (!ReportJson.FORMAT.equals(format)) {
            throw error("expected format " + ReportJson.FORMAT + ", got " + format);
        }
        List<CaseResult> results = new ArrayList<>();
        for (JsonValue r : array(o, "results").elements()) {
            results.add(result(object(r, "a result")));
        }
        return new ConformanceReport(results, Instant.parse(string(o, "created")), string(o, "environment"));
    }

    private CaseResult result(JsonObject o) {
        String caseId = string(o, "case");
        Rule rule = Rule.byId(string(o, "rule")).orElseThrow(() -> error(caseId + ": unknown rule " + string(o, "rule")));
        Outcome outcome;
        try {
            outcome = Outcome.valueOf(string(o, "outcome").toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error(caseId + ": unknown outcome " + string(o, "outcome"));
        }
        List<LayerCheck> layers = new ArrayList<>();
        if (o.has("layers")) {
            for (JsonValue l : array(o, "layers").elements()) {
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

    private LayerCheck layer(JsonObject o) {
        List<Integer> shape = ints(o, "shape");
        JsonObject tol = object(o.get("tolerance"), "tolerance");
        String problem = o.has("problem") ? string(o, "problem") : null;
        return new LayerCheck(string(o, "layer"),
                shape.isEmpty() ? null : Shape.of(shape.stream().mapToInt(Integer::intValue).toArray()),
                Tolerance.of(number(tol, "atol"), number(tol, "rtol")), (int) number(o, "compared"),
                (int) number(o, "mismatches"), o.has("firstMismatch") ? ints(o, "firstMismatch") : List.of(),
                o.has("expected") ? (float) number(o, "expected") : Float.NaN,
                o.has("actual") ? (float) number(o, "actual") : Float.NaN,
                number(o, "maxAbsError"), number(o, "maxRelError"), 0, problem);
    }

    private JsonObject object(JsonValue v, String what) {
        if (v instanceof JsonObject o) {
            return o;
        }
        throw error(what + " must be an object, got " + (v == null ? "nothing" : v.kind()));
    }

    private JsonValue member(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (v == null) {
            throw error("missing \"" + key + "\" in " + abbreviated(o));
        }
        return v;
    }

    private static String abbreviated(JsonObject o) {
        String s = o.toString();
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    private String string(JsonObject o, String key) {
        if (member(o, key) instanceof JsonString s) {
            return s.value();
        }
        throw error("\"" + key + "\" must be a string in " + abbreviated(o));
    }

    private boolean bool(JsonObject o, String key) {
        if (member(o, key) instanceof JsonBoolean b) {
            return b.value();
        }
        throw error("\"" + key + "\" must be true or false in " + abbreviated(o));
    }

    /** A number, or one of the strings NaN, Infinity, -Infinity that the writer uses for them. */
    private double number(JsonObject o, String key) {
        JsonValue v = member(o, key);
        if (v instanceof JsonNumber n) {
            return n.doubleValue();
        }
        if (v instanceof JsonString s) {
            switch (s.value()) {
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

    private JsonArray array(JsonObject o, String key) {
        if (member(o, key) instanceof JsonArray a) {
            return a;
        }
        throw error("\"" + key + "\" must be an array");
    }

    private List<Integer> ints(JsonObject o, String key) {
        List<Integer> l = new ArrayList<>();
        for (JsonValue v : array(o, key).elements()) {
            if (!(v instanceof JsonNumber n) || !n.isInteger()) {
                throw error("\"" + key + "\" must hold integers");
            }
            l.add((int) n.longValueExact());
        }
        return l;
    }
}
