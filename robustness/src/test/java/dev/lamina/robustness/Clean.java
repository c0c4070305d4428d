package dev.lamina.robustness;

import dev.lamina.api.ShapeException;
import dev.lamina.core.BackendException;
import dev.lamina.core.ModelException;
import dev.lamina.core.io.FormatException;

import java.util.function.Supplier;

/**
 * What counts as a clean outcome of hostile input (issue 15): a result, or Lamina's own exception with a
 * message — what the CLI turns into one line and exit 2. Any other throwable escapes and is the fuzzer's
 * finding: a NullPointerException, an index out of bounds, a NegativeArraySizeException, an
 * OutOfMemoryError, an IllegalArgumentException from the JDK, an exception without a message.
 */
final class Clean {
    private Clean() {
    }

    /**
     * Runs a reader, whose contract is a {@link FormatException} naming the file for every bad file.
     *
     * @return what it read, or null when it refused the file cleanly
     */
    static <T> T read(Supplier<T> reader) {
        try {
            return reader.get();
        } catch (FormatException e) {
            requireMessage(e);
            return null;
        }
    }

    /**
     * Runs a step past reading (building, compiling, running a model), which may refuse with any of
     * Lamina's exceptions: {@link ModelException}, {@link BackendException}, the api's {@link ShapeException}.
     *
     * @return its result, or null when it refused cleanly
     */
    static <T> T refuse(Supplier<T> step) {
        try {
            return step.get();
        } catch (ModelException | BackendException | ShapeException e) {
            requireMessage(e);
            return null;
        }
    }

    private static void requireMessage(RuntimeException e) {
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            throw new AssertionError("Lamina's exception without a message", e);
        }
    }
}
