package dev.lamina.core.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Core's JSON for model files and safetensors headers: Jackson's streaming parser reads a small tree of
 * {@link JsonValue}s that keeps numbers as written (so a reader can tell {@code 3} from {@code 3.0} and
 * show an out-of-range integer as it was written). Strict as RFC 8259 — Jackson's defaults: no comments,
 * no trailing commas, no leading zeros, no NaN — plus no duplicate keys (a second {@code "kernel"} is far
 * more likely a mistake than an override). Errors name the source, the line and the column. Length,
 * nesting depth and token count are bounded by Jackson's {@link StreamReadConstraints}, so that a hostile
 * file fails with a message rather than a {@link StackOverflowError} or {@link OutOfMemoryError}.
 */
final class Json {
    /** Bounds on what {@link #parse(String, String, Limits)} accepts. */
    record Limits(int maxChars, int maxDepth, int maxTokens) {
        Limits {
            if (maxChars <= 0 || maxDepth <= 0 || maxTokens <= 0) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }

        JsonFactory factory() {
            return JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(maxChars).maxStringLength(maxChars).maxNameLength(maxChars)
                    .maxNestingDepth(maxDepth).maxTokenCount(maxTokens).build()).build();
        }
    }

    /** Far beyond any model file, far below trouble: 16 Mi characters, 64 levels, a million tokens. */
    static final Limits DEFAULT_LIMITS = new Limits(16 << 20, 64, 1_000_000);
    private static final JsonFactory DEFAULT_FACTORY = DEFAULT_LIMITS.factory();

    private Json() {
    }

    /** Parses one JSON document with the default limits; {@code source} names it in error messages. */
    static JsonValue parse(String text, String source) {
        return new Reader(text, source, DEFAULT_LIMITS, DEFAULT_FACTORY).document();
    }

    /**
     * Parses one JSON document. A leading byte-order mark is skipped, as RFC 8259 allows: some Windows
     * editors write one.
     *
     * @throws FormatException naming {@code source}, the line and column, and what was wrong
     */
    static JsonValue parse(String text, String source, Limits limits) {
        return new Reader(text, source, limits, limits.factory()).document();
    }

    /** Compact JSON without spaces: {@code {"a":[1,2]}} (what safetensors headers use). */
    static String write(JsonValue value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, false);
        return sb.toString();
    }

    /** Single-line JSON with a space after each comma and colon: {@code {"a": [1, 2]}}. */
    static String writeSpaced(JsonValue value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, true);
        return sb.toString();
    }

    /** A string as a JSON string literal, quotes included: also the clearest way to show a key in a message. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            // A lone surrogate has no UTF-8 encoding and Jackson passes it through; escaped, it survives.
            boolean lone = Character.isHighSurrogate(c)
                    ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
            if (lone) {
                JsonStringEncoder.getInstance().quoteAsString(s.subSequence(from, i), sb);
                sb.append(String.format("\\u%04x", (int) c));
                from = i + 1;
            }
        }
        JsonStringEncoder.getInstance().quoteAsString(s.subSequence(from, s.length()), sb);
        return sb.append('"').toString();
    }

    private static void write(StringBuilder sb, JsonValue value, boolean spaced) {
        String comma = spaced ? ", " : ",";
        if (value instanceof JsonObject o) {
            sb.append('{');
            String sep = "";
            for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
                sb.append(sep).append(quote(e.getKey())).append(spaced ? ": " : ":");
                write(sb, e.getValue(), spaced);
                sep = comma;
            }
            sb.append('}');
        } else if (value instanceof JsonArray a) {
            sb.append('[');
            for (int i = 0; i < a.size(); i++) {
                sb.append(i > 0 ? comma : "");
                write(sb, a.get(i), spaced);
            }
            sb.append(']');
        } else if (value instanceof JsonString s) {
            sb.append(quote(s.value()));
        } else if (value instanceof JsonNumber n) {
            sb.append(n.text());
        } else if (value instanceof JsonBoolean b) {
            sb.append(b.value());
        } else {
            sb.append("null");
        }
    }

    /** Builds the tree from Jackson's tokens; recursion is bounded by Jackson's nesting limit. */
    private static final class Reader {
        private final String text;
        /** 1 when a byte-order mark was skipped: Jackson's offsets are then one short. */
        private final int skipped;
        private final String source;
        private final Limits limits;
        private final JsonFactory factory;
        private JsonParser parser;
        private int depth;

        Reader(String text, String source, Limits limits, JsonFactory factory) {
            this.skipped = text.startsWith("\uFEFF") ? 1 : 0;
            this.text = text;
            this.source = source;
            this.limits = limits;
            this.factory = factory;
        }

        JsonValue document() {
            if (text.length() > limits.maxChars()) {
                throw new FormatException(source, "input is too large: " + text.length()
                        + " characters, the limit is " + limits.maxChars());
            }
            try (JsonParser p = factory.createParser(text.substring(skipped))) {
                parser = p;
                JsonToken first = p.nextToken();
                if (first == null) {
                    throw error(text.length(), "no JSON value: the input is empty");
                }
                JsonValue v = value(first);
                // Jackson would read on as a second root value; anything but white space is an error here.
                int end = skipped + (int) p.currentLocation().getCharOffset();
                for (int i = end; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                        throw error(i, "unexpected " + describe(i) + " after the JSON value");
                    }
                }
                return v;
            } catch (StreamConstraintsException e) {
                if (depth >= limits.maxDepth()) {
                    // The exception has no place, but the token Jackson was starting is the bracket too many.
                    int at = offset(parser.currentTokenLocation().getCharOffset());
                    throw error(at, "nested deeper than " + limits.maxDepth() + " levels");
                }
                throw error(offset(parser.currentLocation().getCharOffset()), e.getOriginalMessage());
            } catch (JsonProcessingException e) {
                int at = offset(e.getLocation() == null ? parser.currentLocation().getCharOffset()
                        : e.getLocation().getCharOffset());
                throw error(at, problem(e, at));
            } catch (IOException e) {
                throw new UncheckedIOException("reading a string cannot fail", e);
            }
        }

        private JsonValue value(JsonToken t) throws IOException {
            switch (t) {
                case START_OBJECT:
                    return object();
                case START_ARRAY:
                    return array();
                case VALUE_STRING:
                    return new JsonString(parser.getText());
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT:
                    return new JsonNumber(parser.getText());
                case VALUE_TRUE:
                    return JsonBoolean.TRUE;
                case VALUE_FALSE:
                    return JsonBoolean.FALSE;
                case VALUE_NULL:
                    return JsonNull.INSTANCE;
                default:
                    throw new IllegalStateException("Jackson gave " + t + " where a value starts");
            }
        }

        private JsonObject object() throws IOException {
            depth++;
            Map<String, JsonValue> members = new LinkedHashMap<>();
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                String key = parser.currentName();
                if (members.containsKey(key)) {
                    throw error(offset(parser.currentTokenLocation().getCharOffset()), "duplicate key " + quote(key));
                }
                members.put(key, value(parser.nextToken()));
            }
            depth--;
            return new JsonObject(members);
        }

        private JsonArray array() throws IOException {
            depth++;
            List<JsonValue> elements = new ArrayList<>();
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                elements.add(value(t));
            }
            depth--;
            return new JsonArray(elements);
        }

        /**
         * Jackson's message in the words core has always used, for the mistakes people make by hand; the
         * rarer ones keep Jackson's first line.
         */
        private String problem(JsonProcessingException e, int at) {
            String m = e.getOriginalMessage();
            String got = describe(at);
            if (e instanceof JsonEOFException) {
                return m.contains("closing quote") ? "unterminated string" : "unexpected end of input";
            }
            if (m.contains("comma to separate Object entries")) {
                return "expected ',' or '}' after the value of " + key() + ", got " + got;
            }
            if (m.contains("comma to separate Array entries")) {
                return "expected ',' or ']' after an array element, got " + got;
            }
            if (m.contains("colon to separate field name and value")) {
                // Jackson has read the key when it looks for the colon.
                return "expected ':' after key " + key() + ", got " + got;
            }
            if (m.contains("double-quote to start field name")) {
                // After '{' a '}' is fine, so here it follows a comma.
                return got.equals("'}'") ? "trailing comma before '}'" : "expected a string key, got " + got;
            }
            if (m.contains("expected a value") || m.contains("expected a valid value")
                    || m.startsWith("Unrecognized token")) {
                // After '[' a ']' is fine, so in an array it follows a comma.
                return got.equals("']'") && parser.getParsingContext().inArray() ? "trailing comma before ']'"
                        : "unexpected " + got + ", expected a value";
            }
            // The rest keep Jackson's words, less its codes and its advice to enable non-standard features.
            m = m.replaceAll(" \\(code \\d+[^)]*\\)", "").replaceAll(": enable `[^`]*` to allow", "")
                    .replaceAll(" \\(not recognized as one since [^)]*\\)", "");
            int newline = m.indexOf('\n');
            return newline < 0 ? m : m.substring(0, newline);
        }

        /** The key Jackson read last in the object it is in, quoted. */
        private String key() {
            return quote(String.valueOf(parser.getParsingContext().getCurrentName()));
        }

        private int offset(long jackson) {
            return (int) Math.min(text.length(), Math.max(0, jackson) + skipped);
        }

        private FormatException error(int offset, String problem) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < offset && i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            return new FormatException(source, line, offset - lineStart + 1, problem);
        }

        private String describe(int at) {
            if (at >= text.length()) {
                return "end of input";
            }
            char c = text.charAt(at);
            return c >= 0x20 && c != 0x7f && !Character.isSurrogate(c) ? "'" + c + "'"
                    : String.format("U+%04X", (int) c);
        }
    }
}
