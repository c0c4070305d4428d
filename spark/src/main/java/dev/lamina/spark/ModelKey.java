package dev.lamina.spark;

import dev.lamina.core.io.FormatException;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What a compiled model is cached under on an executor: the SHA-256 of its files' contents and the backend
 * asked for. Two jobs that read the same bytes share one compiled model, whatever the files are called; a
 * file rewritten in place gets a new key.
 *
 * @param sha256  hex SHA-256 over each file's length (8 bytes, big-endian) and bytes, in order
 * @param backend the backend id asked for, or {@code ""} for the JVM's choice ({@code lamina.backend},
 *                {@code LAMINA_BACKEND}, else the best available)
 */
public record ModelKey(String sha256, String backend) implements Serializable {
    private static final int BUFFER = 1 << 16;

    public ModelKey {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(backend, "backend");
    }

    /** The key of the files {@code resolved}, read now. */
    static ModelKey of(List<Path> resolved, String backend) {
        return new ModelKey(digest(resolved), backend == null ? "" : backend);
    }

    static String digest(List<Path> files) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        byte[] buf = new byte[BUFFER];
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                sha.update(ByteBuffer.allocate(Long.BYTES).putLong(Files.size(f)).array());
                for (int n; (n = in.read(buf)) > 0; ) {
                    sha.update(buf, 0, n);
                }
            } catch (IOException e) {
                throw new FormatException(f.toString(), "cannot read: " + (e instanceof NoSuchFileException
                        ? "no such file or directory" : e.getMessage()), e);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The first 12 hex digits, for logs. */
    String shortHash() {
        return sha256.substring(0, 12);
    }
}
