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

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
        g.writeRaw('{');
        depth++;
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) throws IOException {
        breakOrSpace(g, false);
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
        g.writeRaw(',');
        breakOrSpace(g, true);
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
        close(g, entries);
        g.writeRaw('}');
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
        g.writeRaw('[');
        depth++;
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
        breakOrSpace(g, false);
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(',');
        breakOrSpace(g, true);
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
        close(g, values);
        g.writeRaw(']');
    }

    private void close(JsonGenerator g, int members) throws IOException {
        depth--;
        if (members > 0 && depth < lineDepth) {
            g.writeRaw('\n');
            for (int i = 0; i < depth; i++) {
                g.writeRaw("  ");
            }
        }
    }
}
