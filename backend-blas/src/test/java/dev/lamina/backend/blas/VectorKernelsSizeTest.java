package dev.lamina.backend.blas;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every loop of {@link VectorKernels} is a method of more than 325 bytecodes, C2's {@code FreqInlineSize}, so
 * that it is never inlined into a deep caller (where the Vector API's own calls pass C2's inlining depth and
 * run as plain Java, boxing every vector); the others are delegates of a few bytes. Read from the class
 * file (a bytecode size is not visible through reflection).
 */
class VectorKernelsSizeTest {
    private static final int FREQ_INLINE_SIZE = 325;
    private static final int DELEGATE = 40;

    @Test
    void everyVectorLoopIsTooLargeToInline() throws IOException {
        Map<String, Integer> sizes = codeSizes(VectorKernels.class);
        assertTrue(sizes.size() > 10, sizes.toString());
        for (Map.Entry<String, Integer> e : sizes.entrySet()) {
            if (e.getKey().startsWith("<")) {
                continue; // constructor and static initialiser: run once
            }
            int size = e.getValue();
            assertTrue(size <= DELEGATE || size > FREQ_INLINE_SIZE, e.getKey() + ": " + size + " bytes of bytecode");
        }
    }

    /** Method name + descriptor → length of its Code attribute, from the class file. */
    private static Map<String, Integer> codeSizes(Class<?> c) throws IOException {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        try (InputStream raw = c.getResourceAsStream(c.getSimpleName() + ".class");
             DataInputStream in = new DataInputStream(raw)) {
            in.readInt();
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    default -> throw new IOException("constant pool tag " + tag);
                }
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            in.readUnsignedShort();
            in.skipNBytes(2L * in.readUnsignedShort());
            int fields = in.readUnsignedShort();
            for (int f = 0; f < fields; f++) {
                in.skipNBytes(6);
                skipAttributes(in);
            }
            int methods = in.readUnsignedShort();
            for (int m = 0; m < methods; m++) {
                in.readUnsignedShort();
                String name = utf8[in.readUnsignedShort()] + utf8[in.readUnsignedShort()];
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    String attr = utf8[in.readUnsignedShort()];
                    int length = in.readInt();
                    if (attr.equals("Code")) {
                        in.readUnsignedShort();
                        in.readUnsignedShort();
                        int code = in.readInt();
                        sizes.put(name, code);
                        in.skipNBytes(length - 8L);
                    } else {
                        in.skipNBytes(length);
                    }
                }
            }
        }
        return sizes;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.readUnsignedShort();
            in.skipNBytes(in.readInt());
        }
    }
}
