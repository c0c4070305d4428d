package dev.lamina.core.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader and writer (RFC 8259), written here so that core needs no library for its
 * model and header files. Strict means: no comments, no trailing commas, no leading zeros, no NaN, no
 * duplicate keys (a second {@code "kernel"} is far more likely a mistake than an override). Errors name
 * the source and the line and column. Input is bounded in length, nesting depth and number of values so
 * that a hostile file fails with a message rather than a {@link StackOverflowError} or
 * {@link OutOfMemoryError}.
 */
public final class Json {
    /** Bounds on what {@link #parse(String, String, Limits)} accepts. */
    public record Limits(int maxChars, int maxDepth, int maxValues) {
        public Limits {
            if (maxChars <= 0 || maxDepth <= 0 || maxValues <= 0) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }
    }

    /** Far beyond any model file, far below trouble: 16 Mi characters, 64 levels, a million values. */
    public static final Limits DEFAULT_LIMITS = new Limits(16 << 20, 64, 1_000_000);

    private Json() {
    }

    /** Parses one JSON document with the default limits; {@code source} names it in error messages. */
    public static JsonValue parse(String text, String source) {
        return parse(text, source, DEFAULT_LIMITS);
    }

    /**
     * Parses one JSON document. A leading byte-order mark is skipped, as RFC 8259 allows: some Windows
     * editors write one.
     *
     * @throws FormatException naming {@code source}, the line and column, and what was wrong
     */
    public static JsonValue parse(String text, String source, Limits limits) {
        return new Parser(text, source, limits).document();
    }

    /** Compact JSON without spaces: {@code {"a":[1,2]}} (what safetensors headers use). */
    public static String write(JsonValue value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, false);
        return sb.toString();
    }

    /** Single-line JSON with a space after each comma and colon: {@code {"a": [1, 2]}}. */
    public static String writeSpaced(JsonValue value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, true);
        return sb.toString();
    }

    /** A string as a JSON string literal, quotes included: also the clearest way to show a key in a message. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        quote(sb, s);
        return sb.toString();
    }

    private static void write(StringBuilder sb, JsonValue value, boolean spaced) {
        if (value instanceof JsonObject o) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
                if (!first) {
                    sb.append(spaced ? ", " : ",");
                }
                first = false;
                quote(sb, e.getKey());
                sb.append(spaced ? ": " : ":");
                write(sb, e.getValue(), spaced);
            }
            sb.append('}');
        } else if (value instanceof JsonArray a) {
            sb.append('[');
            for (int i = 0; i < a.size(); i++) {
                if (i > 0) {
                    sb.append(spaced ? ", " : ",");
                }
                write(sb, a.get(i), spaced);
            }
            sb.append(']');
        } else if (value instanceof JsonString s) {
            quote(sb, s.value());
        } else if (value instanceof JsonNumber n) {
            sb.append(n.text());
        } else if (value instanceof JsonBoolean b) {
            sb.append(b.value());
        } else {
            sb.append("null");
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    // A lone surrogate has no UTF-8 encoding; escaped, it survives the round trip.
                    boolean loneSurrogate = Character.isHighSurrogate(c)
                            ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                            : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
                    if (c < 0x20 || loneSurrogate) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Whether {@code s} is exactly one JSON number literal. */
    static boolean isNumber(String s) {
        try {
            return numberEnd(s, 0) == s.length();
        } catch (SyntaxError e) {
            return false;
        }
    }

    /** The index after the number literal starting at {@code i}, following RFC 8259's grammar. */
    private static int numberEnd(String s, int i) {
        int n = s.length();
        if (i < n && s.charAt(i) == '-') {
            i++;
        }
        if (i >= n || !isDigit(s.charAt(i))) {
            throw new SyntaxError(i, "expected a digit in number");
        }
        if (s.charAt(i) == '0') {
            i++;
            if (i < n && isDigit(s.charAt(i))) {
                throw new SyntaxError(i - 1, "numbers cannot have leading zeros");
            }
        } else {
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            if (i >= n || !isDigit(s.charAt(i))) {
                throw new SyntaxError(i, "expected a digit after the decimal point");
            }
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            if (i >= n || !isDigit(s.charAt(i))) {
                throw new SyntaxError(i, "expected a digit in the exponent");
            }
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A syntax error at an index, turned into a {@link FormatException} with line and column by the parser. */
    private static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int index;

        SyntaxError(int index, String message) {
            super(message, null, false, false);
            this.index = index;
        }
    }

    /** Recursive descent over the text; recursion is bounded by {@link Limits#maxDepth()}. */
    private static final class Parser {
        private final String text;
        private final String source;
        private final Limits limits;
        private int pos;
        private int values;

        Parser(String text, String source, Limits limits) {
            this.text = text;
            this.source = source;
            this.limits = limits;
        }

        JsonValue document() {
            if (text.length() > limits.maxChars()) {
                throw new FormatException(source, "input is too large: " + text.length()
                        + " characters, the limit is " + limits.maxChars());
            }
            try {
                if (text.startsWith("\uFEFF")) {
                    pos = 1;
                }
                skipWhitespace();
                if (pos >= text.length()) {
                    throw new SyntaxError(pos, "no JSON value: the input is empty");
                }
                JsonValue v = value(0);
                skipWhitespace();
                if (pos < text.length()) {
                    throw new SyntaxError(pos, "unexpected " + describe(pos) + " after the JSON value");
                }
                return v;
            } catch (SyntaxError e) {
                int line = 1;
                int lineStart = 0;
                for (int i = 0; i < e.index && i < text.length(); i++) {
                    if (text.charAt(i) == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                }
                throw new FormatException(source, line, e.index - lineStart + 1, e.getMessage());
            }
        }

        private JsonValue value(int depth) {
            if (++values > limits.maxValues()) {
                throw new SyntaxError(pos, "too many values: the limit is " + limits.maxValues());
            }
            if (pos >= text.length()) {
                throw new SyntaxError(pos, "unexpected end of input, expected a value");
            }
            char c = text.charAt(pos);
            if (c == '{') {
                return object(depth + 1);
            } else if (c == '[') {
                return array(depth + 1);
            } else if (c == '"') {
                return new JsonString(string());
            } else if (c == '-' || isDigit(c)) {
                int end = numberEnd(text, pos);
                JsonNumber n = new JsonNumber(text.substring(pos, end));
                pos = end;
                return n;
            } else if (text.startsWith("true", pos)) {
                pos += 4;
                return JsonBoolean.TRUE;
            } else if (text.startsWith("false", pos)) {
                pos += 5;
                return JsonBoolean.FALSE;
            } else if (text.startsWith("null", pos)) {
                pos += 4;
                return JsonNull.INSTANCE;
            }
            throw new SyntaxError(pos, "unexpected " + describe(pos) + ", expected a value");
        }

        private void enter(int depth) {
            if (depth > limits.maxDepth()) {
                throw new SyntaxError(pos, "nested deeper than " + limits.maxDepth() + " levels");
            }
        }

        private JsonObject object(int depth) {
            enter(depth);
            pos++;
            Map<String, JsonValue> members = new LinkedHashMap<>();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return new JsonObject(members);
            }
            while (true) {
                if (peek() != '"') {
                    throw new SyntaxError(pos, "expected a string key, got " + describe(pos));
                }
                int keyAt = pos;
                String key = string();
                if (members.containsKey(key)) {
                    throw new SyntaxError(keyAt, "duplicate key " + quote(key));
                }
                skipWhitespace();
                if (peek() != ':') {
                    throw new SyntaxError(pos, "expected ':' after key " + quote(key) + ", got " + describe(pos));
                }
                pos++;
                skipWhitespace();
                members.put(key, value(depth));
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == '}') {
                    return new JsonObject(members);
                }
                if (c != ',') {
                    throw new SyntaxError(pos - 1, "expected ',' or '}' after the value of " + quote(key)
                            + ", got " + describe(pos - 1));
                }
                skipWhitespace();
                if (peek() == '}') {
                    throw new SyntaxError(pos, "trailing comma before '}'");
                }
            }
        }

        private JsonArray array(int depth) {
            enter(depth);
            pos++;
            List<JsonValue> elements = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return new JsonArray(elements);
            }
            while (true) {
                elements.add(value(depth));
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == ']') {
                    return new JsonArray(elements);
                }
                if (c != ',') {
                    throw new SyntaxError(pos - 1, "expected ',' or ']' after an array element, got "
                            + describe(pos - 1));
                }
                skipWhitespace();
                if (peek() == ']') {
                    throw new SyntaxError(pos, "trailing comma before ']'");
                }
            }
        }

        /** Reads a string literal starting at the opening quote. */
        private String string() {
            int start = pos;
            pos++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw new SyntaxError(start, "unterminated string");
                }
                char c = text.charAt(pos);
                if (c == '"') {
                    pos++;
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw new SyntaxError(pos, "control character " + describe(pos)
                            + " in a string: it must be escaped");
                }
                if (c != '\\') {
                    sb.append(c);
                    pos++;
                    continue;
                }
                if (pos + 1 >= text.length()) {
                    throw new SyntaxError(start, "unterminated string");
                }
                char e = text.charAt(pos + 1);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        sb.append(hex4(pos + 2));
                        pos += 4;
                    }
                    default -> throw new SyntaxError(pos, "invalid escape \\" + printable(e) + " in a string");
                }
                pos += 2;
            }
        }

        private char hex4(int at) {
            if (at + 4 > text.length()) {
                throw new SyntaxError(at - 2, "incomplete \\u escape: it needs 4 hex digits");
            }
            int v = 0;
            for (int i = at; i < at + 4; i++) {
                int d = Character.digit(text.charAt(i), 16);
                // Character.digit also takes non-ASCII digits; JSON allows only 0-9, a-f, A-F.
                if (d < 0 || text.charAt(i) > 'f') {
                    throw new SyntaxError(i, "invalid \\u escape: " + describe(i) + " is not a hex digit");
                }
                v = v * 16 + d;
            }
            return (char) v;
        }

        private void skipWhitespace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        /** The character at the position, or NUL at the end (never a valid token start). */
        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private String describe(int at) {
            if (at >= text.length()) {
                return "end of input";
            }
            return printable(text.charAt(at));
        }

        private static String printable(char c) {
            return c >= 0x20 && c != 0x7f && !Character.isSurrogate(c) ? "'" + c + "'"
                    : String.format("U+%04X", (int) c);
        }
    }
}
