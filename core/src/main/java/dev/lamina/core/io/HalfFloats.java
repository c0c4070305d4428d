package dev.lamina.core.io;

/**
 * Widening of 16-bit floats to float. Both convert exactly (every F16 and BF16 value is a float), which is
 * why they are read and F64 is not. Java 17 has no {@code Float.float16ToFloat} (added in 20). Public for
 * the ONNX importer, whose initializers come in the same two formats.
 */
public final class HalfFloats {
    private HalfFloats() {
    }

    /** IEEE 754 binary16: 1 sign, 5 exponent (bias 15), 10 mantissa bits. */
    public static float f16(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exp == 0x1f) {
            // Infinity or NaN; the NaN payload moves to the top of the float mantissa.
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exp == 0) {
            // Zero or subnormal: mantissa × 2^-24, exact in float.
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        return Float.intBitsToFloat(sign | ((exp + 127 - 15) << 23) | (mantissa << 13));
    }

    /** bfloat16: the top 16 bits of a float. */
    public static float bf16(short b) {
        return Float.intBitsToFloat((b & 0xffff) << 16);
    }
}
