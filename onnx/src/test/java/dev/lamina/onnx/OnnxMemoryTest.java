package dev.lamina.onnx;

import dev.lamina.core.MemoryException;
import dev.lamina.onnx.proto.OnnxIr.StringStringEntryProto;
import dev.lamina.onnx.proto.OnnxIr.TensorProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An ONNX graph whose initializers are valid but would not fit the heap is refused before the first is
 * decoded (issue 15): eight external tensors of 2·10⁹ floats, 60 GiB, in sparse files that cost no disk.
 */
class OnnxMemoryTest {
    private static final long ELEMENTS = 2_000_000_000L;

    @Test
    void initializersThatDoNotFitTheHeapAreAMemoryErrorNamingTheLargest(@TempDir Path dir) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("big.data").toFile(), "rw")) {
            f.setLength(8 * 4 * ELEMENTS);
        }
        OnnxBuilder b = new OnnxBuilder(13).input("x", -1, 3);
        for (int i = 0; i < 8; i++) {
            b.initializer(OnnxBuilder.tensor("w" + i, new long[] {ELEMENTS}, 1)
                    .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                    .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("big.data"))
                    .addExternalData(StringStringEntryProto.newBuilder().setKey("offset")
                            .setValue(String.valueOf(4 * ELEMENTS * i)))
                    .addExternalData(StringStringEntryProto.newBuilder().setKey("length")
                            .setValue(String.valueOf(4 * ELEMENTS)))
                    .build());
        }
        b.node("Relu", List.of("x"), "y");
        Path model = b.output("y").write(dir.resolve("big.onnx"));
        MemoryException e = assertThrows(MemoryException.class, () -> OnnxImport.read(model));
        assertTrue(e.getMessage().startsWith(model + ": initializer 'w0' [2000000000] takes 7.5 GiB, and decoding"
                + " the graph's 8 initializers needs 59.6 GiB of the JVM heap, which has "), e.getMessage());
        assertTrue(e.getMessage().endsWith(": raise -Xmx"), e.getMessage());
    }
}
