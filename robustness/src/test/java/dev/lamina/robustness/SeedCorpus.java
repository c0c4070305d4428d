package dev.lamina.robustness;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.examples.NotebookExample;
import dev.lamina.core.io.Npy;
import dev.lamina.core.io.Safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the binary seeds of the {@code .npy}, safetensors and run targets (the model-file seeds are JSON,
 * written by hand). Run once from the module directory; the seeds are committed:
 * <pre>{@code java -cp target/test-classes:$(cat cp.txt) dev.lamina.robustness.SeedCorpus src/test/resources}</pre>
 */
public final class SeedCorpus {
    private SeedCorpus() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0], "dev", "lamina", "robustness");
        Path npy = Files.createDirectories(root.resolve("NpyFuzzTestInputs/read"));
        Npy.write(npy.resolve("notebook-input.npy"), NotebookExample.input());
        Npy.write(npy.resolve("vector.npy"), Tensor.of(Shape.of(3), new float[] {1, -0f, Float.NaN}));
        Files.write(npy.resolve("float64.npy"), npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }",
                1, new double[] {0.1, -3e40}));
        Files.write(npy.resolve("version2.npy"), npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 1), }",
                2, new double[] {1.5, 2.5}));

        Path st = Files.createDirectories(root.resolve("SafetensorsFuzzTestInputs/read"));
        Safetensors.write(st.resolve("notebook.safetensors"),
                NotebookExample.weights(NotebookExample.model()).toStateDict());
        Files.write(st.resolve("f16-bf16-metadata.safetensors"), safetensors(
                "{\"__metadata__\": {\"format\": \"pt\"}, "
                        + "\"a.weight\": {\"dtype\": \"F16\", \"shape\": [2], \"data_offsets\": [0, 4]}, "
                        + "\"a.bias\": {\"dtype\": \"BF16\", \"shape\": [1, 1], \"data_offsets\": [4, 6]}}",
                new short[] {0x3c00, (short) 0xc000, 0x3f80}));

        // the run target reads its bytes through FuzzedDataProvider: any bytes are a model; a few seeded ones
        Path run = Files.createDirectories(root.resolve("RunFuzzTestInputs/run"));
        java.util.Random r = new java.util.Random(15);
        for (int i = 0; i < 4; i++) {
            byte[] b = new byte[48 + 32 * i];
            r.nextBytes(b);
            Files.write(run.resolve("random-" + i), b);
        }
    }

    /** A .npy file of the given version with {@code dict} as its header; values as float64 or float32. */
    private static byte[] npy(String dict, int major, double[] values) {
        boolean f8 = dict.contains("<f8");
        int prefix = major == 1 ? 10 : 12;
        StringBuilder h = new StringBuilder(dict);
        while ((prefix + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        ByteBuffer b = ByteBuffer.allocate(prefix + h.length() + values.length * (f8 ? 8 : 4))
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) h.length());
        } else {
            b.putInt(h.length());
        }
        b.put(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        for (double v : values) {
            if (f8) {
                b.putDouble(v);
            } else {
                b.putFloat((float) v);
            }
        }
        return b.array();
    }

    /** A safetensors file with this header and these 16-bit values as its data. */
    private static byte[] safetensors(String header, short[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + 2 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        for (short s : data) {
            b.putShort(s);
        }
        return b.array();
    }
}
