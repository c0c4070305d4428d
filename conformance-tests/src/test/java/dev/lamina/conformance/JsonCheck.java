package dev.lamina.conformance;

import static org.junit.jupiter.api.Assertions.fail;

/** A strict RFC 8259 syntax check, enough to prove the report parses; values are not kept. */
final class JsonCheck {
    private final String s;
    private int i;

    private JsonCheck(String s) {
        this.s = s;
    }

    static void assertWellFormed(String json) {
        JsonCheck c = new JsonCheck(json);
        c.ws();
        c.value();
        c.ws();
        if (c.i != json.length()) {
            c.error("trailing text");
        }
    }

    private void error(String what) {
        int from = Math.max(0, i - 40);
        fail(what + " at " + i + ": ..." + s.substring(from, Math.min(s.length(), i + 40)));
    }

    private void ws() {
        while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
    }

    private void expect(char c) {
        if (i >= s.length() || s.charAt(i) != c) {
            error("expected '" + c + "'");
        }
        i++;
    }

    private void value() {
        if (i >= s.length()) {
            error("unexpected end");
        }
        char c = s.charAt(i);
        if (c == '{') {
            i++;
            ws();
            if (s.charAt(i) == '}') {
                i++;
                return;
            }
            do {
                ws();
                string();
                ws();
                expect(':');
                ws();
                value();
                ws();
            } while (s.charAt(i) == ',' && ++i > 0);
            expect('}');
        } else if (c == '[') {
            i++;
            ws();
            if (s.charAt(i) == ']') {
                i++;
                return;
            }
            do {
                ws();
                value();
                ws();
            } while (s.charAt(i) == ',' && ++i > 0);
            expect(']');
        } else if (c == '"') {
            string();
        } else if (s.startsWith("true", i)) {
            i += 4;
        } else if (s.startsWith("false", i)) {
            i += 5;
        } else if (s.startsWith("null", i)) {
            i += 4;
        } else {
            number();
        }
    }

    private void string() {
        expect('"');
        while (i < s.length() && s.charAt(i) != '"') {
            char c = s.charAt(i);
            if (c < 0x20) {
                error("control character in string");
            }
            if (c == '\\') {
                i++;
                if ("\"\\/bfnrtu".indexOf(s.charAt(i)) < 0) {
                    error("bad escape");
                }
            }
            i++;
        }
        expect('"');
    }

    private void number() {
        int start = i;
        if (i < s.length() && s.charAt(i) == '-') {
            i++;
        }
        if (i < s.length() && s.charAt(i) == '0') {
            i++;
        } else {
            digits();
        }
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            digits();
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (s.charAt(i) == '+' || s.charAt(i) == '-') {
                i++;
            }
            digits();
        }
        if (i == start) {
            error("expected a value");
        }
    }

    private void digits() {
        int start = i;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == start) {
            error("expected digits");
        }
    }
}
