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
        if (this == PYTORCH || pytorch.rank() == 1) {
            return values.clone();
        }
        float[] out = new float[values.length];
        if (pytorch.rank() == 4) {
            int o = pytorch.dim(0), i = pytorch.dim(1), kh = pytorch.dim(2), kw = pytorch.dim(3);
            for (int a = 0; a < o; a++) {
                for (int b = 0; b < i; b++) {
                    for (int y = 0; y < kh; y++) {
                        for (int x = 0; x < kw; x++) {
                            out[((a * i + b) * kh + y) * kw + x] = values[((y * kw + x) * i + b) * o + a];
                        }
                    }
                }
            }
        } else {
            int o = pytorch.dim(0), i = pytorch.dim(1);
            for (int a = 0; a < o; a++) {
                for (int b = 0; b < i; b++) {
                    out[a * i + b] = values[b * o + a];
                }
            }
        }
        return out;
    }

    /** Converts PyTorch-layout values to this layout. */
    float[] fromPytorch(float[] values, Shape pytorch) {
        if (this == PYTORCH || pytorch.rank() == 1) {
            return values.clone();
        }
        float[] out = new float[values.length];
        if (pytorch.rank() == 4) {
            int o = pytorch.dim(0), i = pytorch.dim(1), kh = pytorch.dim(2), kw = pytorch.dim(3);
            for (int a = 0; a < o; a++) {
                for (int b = 0; b < i; b++) {
                    for (int y = 0; y < kh; y++) {
                        for (int x = 0; x < kw; x++) {
                            out[((y * kw + x) * i + b) * o + a] = values[((a * i + b) * kh + y) * kw + x];
                        }
                    }
                }
            }
        } else {
            int o = pytorch.dim(0), i = pytorch.dim(1);
            for (int a = 0; a < o; a++) {
                for (int b = 0; b < i; b++) {
                    out[b * o + a] = values[a * i + b];
                }
            }
        }
        return out;
    }
}
