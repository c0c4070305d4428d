package dev.lamina.core;

import dev.lamina.api.Shape;

/**
 * How weight arrays are laid out. Lamina stores PyTorch's layout; Keras' is converted on the way in and
 * out, because the seed notebook uses both.
 */
public enum WeightLayout {
    /** conv {@code [out, in, kh, kw]} (OIHW), dense {@code [out, in]}. */
    PYTORCH,
    /** conv {@code [kh, kw, in, out]} (HWIO), dense {@code [in, out]}. */
    KERAS;

    /** The shape a PyTorch-layout weight has in this layout; biases are the same in both. */
    Shape shapeOf(Shape pytorch) {
        if (this == PYTORCH || pytorch.rank() == 1) {
            return pytorch;
        }
        if (pytorch.rank() == 4) {
            return Shape.of(pytorch.dim(2), pytorch.dim(3), pytorch.dim(1), pytorch.dim(0));
        }
        return Shape.of(pytorch.dim(1), pytorch.dim(0));
    }

    /** Converts values in this layout to PyTorch layout, given the PyTorch shape. */
    float[] toPytorch(float[] values, Shape pytorch) {
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[indexOf(i, pytorch)];
        }
        return out;
    }

    /** Converts PyTorch-layout values to this layout. */
    float[] fromPytorch(float[] values, Shape pytorch) {
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[indexOf(i, pytorch)] = values[i];
        }
        return out;
    }

    /** Where the element at PyTorch flat index {@code i} sits in this layout. */
    private int indexOf(int i, Shape pytorch) {
        if (this == PYTORCH || pytorch.rank() == 1) {
            return i;
        }
        if (pytorch.rank() == 4) {
            int o = pytorch.dim(0), in = pytorch.dim(1), kh = pytorch.dim(2), kw = pytorch.dim(3);
            int x = i % kw, y = i / kw % kh, b = i / (kw * kh) % in, a = i / (kw * kh * in);
            return ((y * kw + x) * in + b) * o + a; // HWIO
        }
        int o = pytorch.dim(0), in = pytorch.dim(1);
        return (i % in) * o + i / in; // [in, out]
    }
}
