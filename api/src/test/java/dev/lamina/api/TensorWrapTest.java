package dev.lamina.api;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorWrapTest {
    private static FloatBuffer direct(float... v) {
        FloatBuffer b = ByteBuffer.allocateDirect(4 * v.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
        b.put(0, v);
        return b;
    }

    @Test
    void aWrappedTensorReadsTheCallersMemoryWithoutCopying() {
        FloatBuffer b = direct(1, 2, 3, 4, 5, 6);
        Tensor t = Tensor.wrap(Shape.of(1, 2, 3), b);
        assertTrue(t.isWrapped());
        assertFalse(Tensor.of(Shape.of(1), new float[] {1}).isWrapped());
        assertEquals(6f, t.get(0, 1, 2));
        b.put(5, 60f); // refilled by the caller: the tensor sees it
        assertEquals(60f, t.at(5));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 60}, t.toArray());
        assertEquals(Tensor.of(Shape.of(1, 2, 3), new float[] {1, 2, 3, 4, 5, 60}), t);
        assertEquals(60f, t.reshape(Shape.of(6)).at(5));
    }

    @Test
    void itTakesTheValuesFromPositionToLimitAndNeverMovesThem() {
        FloatBuffer b = direct(9, 1, 2, 3, 9);
        b.position(1).limit(4);
        Tensor t = Tensor.wrap(Shape.of(3), b);
        assertArrayEquals(new float[] {1, 2, 3}, t.toArray());
        assertEquals(1, b.position());
        assertEquals(4, b.limit());
        float[] dst = new float[5];
        t.copyTo(1, dst, 2, 2);
        assertArrayEquals(new float[] {0, 0, 2, 3, 0}, dst);
        FloatBuffer out = direct(0, 0, 0, 0);
        t.copyTo(0, out, 1, 3);
        assertEquals(0, out.position());
        assertEquals(3f, out.get(3));
        Tensor.of(Shape.of(2), new float[] {7, 8}).copyTo(0, out, 0, 2);
        assertEquals(8f, out.get(1));
    }

    @Test
    void aBufferOfTheWrongSizeIsRefusedWithBothNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.wrap(Shape.of(2, 3), direct(1, 2, 3)));
        assertEquals("shape [2, 3] holds 6 values, the buffer has 3 remaining", e.getMessage());
    }
}
