package dev.lamina.core.io;

import dev.lamina.api.Dense;
import dev.lamina.api.Flatten;
import dev.lamina.core.MemoryException;
import dev.lamina.core.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Files whose declared tensors are valid but would not fit the heap as float32 are refused before the first
 * float is read, with the bytes and the knob — the files here are sparse, so they cost no disk.
 */
class ReaderMemoryTest {
    /** 2·10⁹ elements per tensor (under a Java array's limit); eight of them are 64 GB as float32. */
    private static final long ELEMENTS = 2_000_000_000L;

    @Test
    void safetensorsWhoseTensorsDoNotFitTheHeap(@TempDir Path dir) throws IOException {
        StringBuilder header = new StringBuilder("{");
        for (int i = 0; i < 8; i++) {
            long begin = 2 * ELEMENTS * i;
            header.append(i == 0 ? "" : ", ").append("\"t").append(i).append("\": {\"dtype\": \"F16\", \"shape\": [")
                    .append(ELEMENTS).append("], \"data_offsets\": [").append(begin).append(", ")
                    .append(begin + 2 * ELEMENTS).append("]}");
        }
        byte[] json = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("huge.safetensors");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
            f.write(json);
            f.setLength(8 + json.length + 16 * ELEMENTS);
        }
        MemoryException e = assertThrows(MemoryException.class, () -> Safetensors.read(file));
        assertTrue(e.getMessage().startsWith(file + ": t0 [2000000000] takes 7.5 GiB, and reading its 8 tensors as"
                + " float32 needs 59.6 GiB of the JVM heap, which has "), e.getMessage());
        assertTrue(e.getMessage().endsWith(": raise -Xmx"), e.getMessage());
    }

    @Test
    void npyWhoseDataDoesNotFitTheHeap(@TempDir Path dir) throws IOException {
        // one .npy holds at most 2³¹ floats, 8 GB: in a larger heap it would fit and be read
        assumeTrue(Runtime.getRuntime().maxMemory() < 7L << 30, "the heap holds 7.5 GiB");
        Path file = dir.resolve("huge.npy");
        byte[] header = Npy.headerBytes(dev.lamina.api.Shape.of(1, 2_000_000_000));
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.write(header);
            f.setLength(header.length + 4 * ELEMENTS);
        }
        MemoryException e = assertThrows(MemoryException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().startsWith(file + ": reading shape (1, 2000000000) of '<f4' as float32 needs"
                + " 7.5 GiB of the JVM heap"), e.getMessage());
    }

    @Test
    void weightsAModelFileDeclaresAreCheckedBeforeTheFileIsRead(@TempDir Path dir) {
        Model huge = Model.sequential("huge", 1, 200, 200).add("flat", new Flatten())
                .add("fc", Dense.of(50_000)).build(); // 2·10⁹ weights, 8 GB
        MemoryException e = assertThrows(MemoryException.class,
                () -> Safetensors.readWeights(dir.resolve("not-even-there.safetensors"), huge));
        assertTrue(e.getMessage().startsWith("fc: its 2000050000 parameters"), e.getMessage());
    }
}
