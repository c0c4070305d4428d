package dev.lamina.spark;

import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds a model's files on this JVM: as given, or among the files shipped with {@code --files}. */
final class ModelFiles {
    private ModelFiles() {
    }

    /**
     * {@code name} as a path when it exists here (a shared or local file system); otherwise, for a relative
     * name, the copy Spark fetched for {@code spark-submit --files} ({@code SparkFiles.get}) when there is one;
     * otherwise the path as given, so that reading it fails naming it.
     */
    static Path resolve(String name) {
        Path p;
        try {
            p = Path.of(name);
        } catch (InvalidPathException e) {
            throw new ScoringException(name + ": not a valid path (" + e.getReason() + ")");
        }
        if (Files.exists(p) || p.isAbsolute() || SparkEnv.get() == null) {
            return p;
        }
        Path shipped = Path.of(SparkFiles.get(p.getFileName().toString()));
        return Files.exists(shipped) ? shipped : p;
    }

    static List<Path> resolveAll(List<String> names) {
        List<Path> out = new ArrayList<>(names.size());
        names.forEach(n -> out.add(resolve(n)));
        return out;
    }
}
