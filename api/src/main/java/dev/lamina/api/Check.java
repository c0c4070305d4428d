package dev.lamina.api;

import java.util.List;

/** Argument and shape checks shared by several layer records; every message names the layer type. */
final class Check {
    private Check() {
    }

    /** A float parameter that must be a finite number. */
    static void finite(String type, String what, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(type + ": " + what + " must be a finite number, got " + value);
        }
    }

    static Dims2 positive(String type, String what, Dims2 d) {
        if (d == null || d.h() <= 0 || d.w() <= 0) {
            throw new IllegalArgumentException(type + ": " + what + " must be positive, got " + d);
        }
        return d;
    }

    /**
     * The shape of an element-wise combination of {@code inputs}: all the same shape, or some of them
     * {@code [C, 1, 1]} broadcast over the others' {@code [C, H, W]} (squeeze-and-excitation); the result
     * is the first input's shape, or the first one that input 0 broadcasts over.
     */
    static Shape broadcast(String name, List<Shape> inputs) {
        Shape full = inputs.get(0);
        for (Shape s : inputs) {
            if (broadcasts(full, s)) {
                full = s;
            }
        }
        for (int i = 0; i < inputs.size(); i++) {
            Shape s = inputs.get(i);
            if (!s.equals(full) && !broadcasts(s, full)) {
                throw new ShapeException(name + ": expected every input to have shape " + full
                        + (full.rank() == 3 ? " (or [" + full.dim(0) + ", 1, 1] to broadcast)" : "") + ", got " + s
                        + " at input " + i);
            }
        }
        return full;
    }

    /** Whether {@code s} is {@code [C, 1, 1]} and {@code full} is {@code [C, H, W]} with the same C. */
    static boolean broadcasts(Shape s, Shape full) {
        return s.rank() == 3 && full.rank() == 3 && s.dim(0) == full.dim(0) && s.dim(1) == 1 && s.dim(2) == 1;
    }
}
