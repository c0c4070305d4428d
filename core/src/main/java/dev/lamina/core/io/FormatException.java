package dev.lamina.core.io;

import dev.lamina.core.ModelException;

/**
 * A file Lamina reads — model JSON, safetensors, .npy — is malformed, does not fit the model, or cannot be
 * read at all. One unchecked type for all of them, so a command-line tool can map every bad-input case to
 * one exit code. The message always starts with the file: {@code "<file>: <problem>"}, or
 * {@code "<file>:<line>:<column>: <problem>"} when the problem has a place in a text file.
 */
public final class FormatException extends ModelException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;
    private final String problem;

    public FormatException(String file, String problem) {
        this(file, 0, 0, problem, null);
    }

    public FormatException(String file, String problem, Throwable cause) {
        this(file, 0, 0, problem, cause);
    }

    /** A problem at a place in a text file; line and column count from 1. */
    public FormatException(String file, int line, int column, String problem) {
        this(file, line, column, problem, null);
    }

    private FormatException(String file, int line, int column, String problem, Throwable cause) {
        super(file + (line > 0 ? ":" + line + ":" + column : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /** The file (or source name) as given by the caller. */
    public String file() {
        return file;
    }

    /** The line of the problem, from 1; 0 when it has no place. */
    public int line() {
        return line;
    }

    /** The column of the problem, from 1; 0 when it has no place. */
    public int column() {
        return column;
    }

    /** The message without the file and place. */
    public String problem() {
        return problem;
    }
}
