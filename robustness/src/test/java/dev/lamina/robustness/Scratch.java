package dev.lamina.robustness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a fuzz target puts its input to read it back through the real file readers: one directory per JVM,
 * one file per name, overwritten by each execution (a fuzzing run is single-threaded).
 */
final class Scratch {
    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("lamina-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DIR.toFile().deleteOnExit();
    }

    private Scratch() {
    }

    /** A path in the scratch directory; the file is deleted when the JVM exits. */
    static Path path(String name) {
        Path p = DIR.resolve(name);
        p.toFile().deleteOnExit();
        return p;
    }

    /** Writes {@code data} to the file {@code name} and returns its path. */
    static Path write(String name, byte[] data) {
        Path p = path(name);
        try {
            Files.write(p, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
