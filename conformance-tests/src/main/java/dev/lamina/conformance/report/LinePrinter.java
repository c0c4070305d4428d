package dev.lamina.conformance.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;

import java.io.IOException;

/**
 * Jackson layout for reports: the members of objects and arrays nested up to {@code lineDepth} deep each
 * start a line, indented two spaces per level; anything deeper stays on its parent's line
 * ({@code {"a": 1, "b": [2, 3]}}). One instance per generator (it counts the depth).
 */
final class LinePrinter implements PrettyPrinter {
    private final int lineDepth;
    private int depth;

    LinePrinter(int lineDepth) {
        this.lineDepth = lineDepth;
    }

    private void breakOrSpace(JsonGenerator g, boolean space) throws IOException {
        if (depth <= lineDepth) {
            g.writeRaw('\n');
            for (int i = 0; i < depth; i++) {
                g.writeRaw("  ");
            }
        } else if (space) {
            g.writeRaw(' ');
        }
    }

    @Override
    public void writeRootValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw('\n');
    }

    // Objects and arrays are laid out alike: each pair of methods below delegates to one helper.

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
        open(g, '{');
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
        open(g, '[');
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) throws IOException {
        breakOrSpace(g, false);
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
        breakOrSpace(g, false);
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
        separate(g);
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
        separate(g);
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
        close(g, entries, '}');
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
        close(g, values, ']');
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(": ");
    }

    private void open(JsonGenerator g, char bracket) throws IOException {
        g.writeRaw(bracket);
        depth++;
    }

    private void separate(JsonGenerator g) throws IOException {
        g.writeRaw(',');
        breakOrSpace(g, true);
    }

    private void close(JsonGenerator g, int members, char bracket) throws IOException {
        depth--;
        if (members > 0 && depth < lineDepth) {
            g.writeRaw('\n');
            for (int i = 0; i < depth; i++) {
                g.writeRaw("  ");
            }
        }
        g.writeRaw(bracket);
    }
}
