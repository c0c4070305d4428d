package dev.lamina.conformance.report;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lamina.api.Shape;
import dev.lamina.conformance.cases.LayerCheck;
import dev.lamina.conformance.cases.Rule;
import dev.lamina.conformance.reference.Tolerance;
import dev.lamina.core.io.FormatException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a report back from its JSON with Jackson, so that reports written by separate runs — one per
 * backend module or CI runner — can be merged into one matrix or diffed against a baseline. Reads
 * {@code lamina-conformance/2} ({@link ReportJson}) and {@code lamina-conformance/1} (older kits: no run
 * descriptions, one line of environment, no ratio, which is then derived where the tolerance allows it).
 * Exceptions behind failures are not kept; everything else is, except results of rules this kit does not
 * know (a newer kit's): those are counted in {@link ConformanceReport#unknownRules()} and left out. Every problem is a {@link FormatException}
 * naming the source and, for malformed JSON, the line and column.
 */
final class ReportReader {
    /** Reports are a few hundred kilobytes per backend; anything deeper or longer than this is not one. */
    private static final int MAX_DEPTH = 64;
    private static final int MAX_STRING = 1 << 20;

    private static final JsonMapper MAPPER = JsonMapper.builder(
                    com.fasterxml.jackson.core.JsonFactory.builder()
                            .streamReadConstraints(StreamReadConstraints.builder()
                                    .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_STRING).build())
                            .build())
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final String source;

    private ReportReader(String source) {
        this.source = source;
    }

    static ConformanceReport read(String json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String problem = "not JSON: " + e.getOriginalMessage();
            if (at != null && at.getLineNr() > 0) {
                throw new FormatException(source, at.getLineNr(), Math.max(1, at.getColumnNr()), problem);
            }
            throw new FormatException(source, problem, e);
        }
        if (root == null || root.isMissingNode()) {
            throw new FormatException(source, "empty: expected a conformance report");
        }
        return new ReportReader(source).report(root);
    }

    private FormatException error(String problem) {
        return new FormatException(source, problem);
    }

    private ConformanceReport report(JsonNode o) {
        object(o, "the report");
        String format = string(o, "format");
        boolean v1 = ReportJson.FORMAT_1.equals(format);
        if (!v1 && !ReportJson.FORMAT.equals(format)) {
            throw error("expected format " + ReportJson.FORMAT + " (or " + ReportJson.FORMAT_1 + "), got " + format);
        }
        Instant created = instant(o, "created");
        List<CaseResult> results = new ArrayList<>();
        Map<String, Integer> unknownRules = new LinkedHashMap<>();
        for (JsonNode r : array(o, "results")) {
            JsonNode result = object(r, "a result");
            String rule = string(result, "rule");
            if (Rule.byId(rule).isEmpty()) {
                unknownRules.merge(rule, 1, Integer::sum);
                continue;
            }
            results.add(result(result, v1));
        }
        List<BackendRun> runs = new ArrayList<>();
        if (v1) {
            Machine m = Machine.fromEnvironmentLine(string(o, "environment"));
            results.stream().map(CaseResult::backend).distinct()
                    .forEach(b -> runs.add(BackendRun.unknown(b, m, KitVersion.UNKNOWN, created)));
        } else {
            for (JsonNode r : array(o, "runs")) {
                runs.add(run(object(r, "a run")));
            }
            for (CaseResult r : results) {
                if (runs.stream().noneMatch(run -> run.backend().equals(r.backend()))) {
                    throw error(r.caseId() + ": backend " + r.backend() + " has no entry in \"runs\"");
                }
            }
        }
        try {
            return new ConformanceReport(results, created, runs, unknownRules);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private BackendRun run(JsonNode o) {
        JsonNode m = object(member(o, "machine"), "machine");
        List<String> details = new ArrayList<>();
        for (JsonNode d : array(o, "details")) {
            if (!d.isTextual()) {
                throw error("\"details\" must hold strings in " + abbreviated(o));
            }
            details.add(d.textValue());
        }
        JsonNode device = member(o, "device");
        if (!device.isNull() && !device.isTextual()) {
            throw error("\"device\" must be a string or null in " + abbreviated(o));
        }
        long cores = integer(m, "cores");
        if (cores < 0 || cores > Integer.MAX_VALUE) {
            throw error("\"cores\" must be a count, got " + cores);
        }
        Machine machine = new Machine(string(m, "name"), string(m, "os"), string(m, "arch"), string(m, "cpu"),
                (int) cores, string(m, "jvm"));
        return new BackendRun(string(o, "backend"), string(o, "description"), string(o, "availability"), details,
                device.isNull() ? "" : device.textValue(), machine, string(o, "kit"), instant(o, "created"));
    }

    private CaseResult result(JsonNode o, boolean v1) {
        String caseId = string(o, "case");
        Rule rule = Rule.byId(string(o, "rule")).orElseThrow();
        Outcome outcome;
        try {
            outcome = Outcome.valueOf(string(o, "outcome").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error(caseId + ": unknown outcome " + string(o, "outcome"));
        }
        List<LayerCheck> layers = new ArrayList<>();
        if (o.has("layers")) {
            for (JsonNode l : array(o, "layers")) {
                layers.add(layer(object(l, caseId + " layer"), v1));
            }
        }
        LayerCheck decisive = null;
        if (o.has("layer")) {
            String name = string(o, "layer");
            decisive = layers.stream().filter(l -> l.layer().equals(name)).findFirst().orElse(null);
        }
        long millis = integer(o, "millis");
        if (millis < 0) {
            throw error(caseId + ": \"millis\" must be ≥ 0, got " + millis);
        }
        return new CaseResult(caseId, string(o, "title"), rule, string(o, "backend"), bool(o, "required"), outcome,
                string(o, "message"), decisive, layers, millis, null);
    }

    private LayerCheck layer(JsonNode o, boolean v1) {
        List<Integer> shape = ints(o, "shape");
        JsonNode tol = object(member(o, "tolerance"), "tolerance");
        Tolerance tolerance;
        try {
            tolerance = Tolerance.of(number(tol, "atol"), number(tol, "rtol"));
        } catch (IllegalArgumentException e) {
            throw error(string(o, "layer") + ": " + e.getMessage());
        }
        String problem = o.has("problem") ? string(o, "problem") : null;
        double maxAbs = number(o, "maxAbsError");
        double ratio = v1 ? ratioOf(maxAbs, tolerance, problem) : number(o, "ratio");
        Shape s;
        try {
            s = shape.isEmpty() ? null : Shape.of(shape.stream().mapToInt(Integer::intValue).toArray());
        } catch (IllegalArgumentException e) {
            throw error(string(o, "layer") + ": bad shape " + shape + ": " + e.getMessage());
        }
        return new LayerCheck(string(o, "layer"), s, tolerance, (int) integer(o, "compared"),
                (int) integer(o, "mismatches"), o.has("firstMismatch") ? ints(o, "firstMismatch") : List.of(),
                o.has("expected") ? (float) number(o, "expected") : Float.NaN,
                o.has("actual") ? (float) number(o, "actual") : Float.NaN,
                maxAbs, number(o, "maxRelError"), ratio, problem);
    }

    /**
     * What a {@code lamina-conformance/1} file did not record: the ratio of the error to its bound. Known
     * when the bound is the same for every value (no relative part) or nothing erred; NaN otherwise.
     */
    private static double ratioOf(double maxAbs, Tolerance t, String problem) {
        if (problem != null) {
            return Double.POSITIVE_INFINITY;
        }
        if (maxAbs == 0) {
            return 0;
        }
        if (t.rtol() == 0) {
            return t.atol() == 0 ? Double.POSITIVE_INFINITY : maxAbs / t.atol();
        }
        return Double.NaN;
    }

    private JsonNode object(JsonNode v, String what) {
        if (v != null && v.isObject()) {
            return v;
        }
        throw error(what + " must be an object, got " + kind(v));
    }

    private static String kind(JsonNode v) {
        return v == null ? "nothing" : v.getNodeType().name().toLowerCase(Locale.ROOT);
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

    private Instant instant(JsonNode o, String key) {
        String s = string(o, key);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw error("\"" + key + "\" must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, got " + s);
        }
    }

    private static final Map<String, Double> NON_FINITE = Map.of("NaN", Double.NaN,
            "Infinity", Double.POSITIVE_INFINITY, "-Infinity", Double.NEGATIVE_INFINITY);

    /** A number, or one of the strings NaN, Infinity, -Infinity that the writer uses for them. */
    private double number(JsonNode o, String key) {
        JsonNode v = member(o, key);
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual() && NON_FINITE.containsKey(v.textValue())) {
            return NON_FINITE.get(v.textValue());
        }
        throw error("\"" + key + "\" must be a number in " + abbreviated(o));
    }

    private long integer(JsonNode o, String key) {
        JsonNode v = member(o, key);
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        throw error("\"" + key + "\" must be an integer in " + abbreviated(o));
    }

    private JsonNode array(JsonNode o, String key) {
        JsonNode v = member(o, key);
        if (v.isArray()) {
            return v;
        }
        throw error("\"" + key + "\" must be an array in " + abbreviated(o));
    }

    private List<Integer> ints(JsonNode o, String key) {
        List<Integer> l = new ArrayList<>();
        for (JsonNode v : array(o, key)) {
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw error("\"" + key + "\" must hold integers in " + abbreviated(o));
            }
            l.add(v.intValue());
        }
        return l;
    }
}
