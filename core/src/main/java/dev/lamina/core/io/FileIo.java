package dev.lamina.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * File access shared by the readers and writers: every size is checked against the file before anything
 * is allocated, and every IO failure becomes a {@link FormatException} naming the file.
 */
final class FileIo {
    private FileIo() {
    }

    static String name(Path path) {
        return path.toString();
    }

    static long size(Path path) {
        if (Files.isDirectory(path)) {
            throw new FormatException(name(path), "cannot read: it is a directory");
        }
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw cannot("read", path, e);
        }
    }

    /** The whole file, refusing files over {@code maxBytes} before reading them. */
    static byte[] readAll(Path path, long maxBytes, String what) {
        long size = size(path);
        if (size > maxBytes) {
            throw new FormatException(name(path), "is too large for " + what + ": " + size
                    + " bytes, the limit is " + maxBytes);
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            readFully(ch, buf, 0, path);
            // A file that grew since Files.size is not what was checked: reading on would be unbounded.
            if (ch.size() != size) {
                throw new FormatException(name(path), "changed while being read");
            }
            return buf.array();
        } catch (IOException e) {
            throw cannot("read", path, e);
        }
    }

    static FileChannel open(Path path) {
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw cannot("read", path, e);
        }
    }

    /** Fills {@code buf} from {@code position}; a file that ends first is truncated. */
    static void readFully(FileChannel ch, ByteBuffer buf, long position, Path path) {
        try {
            long at = position;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, at);
                if (n < 0) {
                    throw new FormatException(name(path), "the file ends early at byte " + at
                            + " (truncated?)");
                }
                at += n;
            }
            buf.flip();
        } catch (IOException e) {
            throw cannot("read", path, e);
        }
    }

    /**
     * Strict UTF-8: malformed bytes are an error that says where, not a replacement character. Validated
     * through a small buffer first, so a large header costs its bytes and one String, not a char[] more.
     */
    static String utf8(ByteBuffer bytes, Path path, String what, long fileOffset) {
        return utf8(bytes, name(path), what, fileOffset);
    }

    /** {@link #utf8(ByteBuffer, Path, String, long)} for bytes that {@code source} names. */
    static String utf8(ByteBuffer bytes, String source, String what, long fileOffset) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = bytes.duplicate();
        CharBuffer out = CharBuffer.allocate(8192);
        CoderResult r;
        do {
            out.clear();
            r = dec.decode(in, out, true);
        } while (r.isOverflow());
        if (!r.isError()) {
            out.clear();
            r = dec.flush(out);
        }
        if (r.isError()) {
            throw new FormatException(source, what + " is not valid UTF-8 (at byte "
                    + (fileOffset + in.position() - bytes.position()) + ")");
        }
        return new String(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining(),
                StandardCharsets.UTF_8);
    }

    static OutputStream create(Path path) {
        try {
            return new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
        } catch (IOException e) {
            throw cannot("write", path, e);
        }
    }

    static FormatException cannot(String verb, Path path, IOException e) {
        String reason;
        if (e instanceof NoSuchFileException) {
            reason = "no such file or directory";
        } else if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            reason = f.getReason();
        } else {
            reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        return new FormatException(name(path), "cannot " + verb + ": " + reason, e);
    }
}
