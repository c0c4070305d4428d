package dev.lamina.spark;

import dev.lamina.api.Shape;

import java.io.Serializable;
import java.util.List;

/**
 * One row's sizes, computed once on the driver from the model: its input shape {@code [C, H, W]} and
 * value count, its output's value count, and how many rows a batch holds.
 */
record Geometry(List<Integer> input, int inputSize, int outputSize, int batchSize) implements Serializable {
    Geometry {
        input = List.copyOf(input);
        // A batch's input is one float[]; refuse a batch size it cannot hold before any task starts.
        try {
            Math.multiplyExact(inputSize, batchSize);
            Math.multiplyExact(outputSize, batchSize);
        } catch (ArithmeticException e) {
            throw new ScoringException("batchSize " + batchSize + " × " + Math.max(inputSize, outputSize)
                    + " values per row does not fit in one batch; use a smaller batchSize");
        }
    }

    static Geometry of(Shape input, Shape output, int batchSize) {
        return new Geometry(java.util.Arrays.stream(input.dims()).boxed().toList(), input.size(), output.size(),
                batchSize);
    }

    /** The batch's input shape {@code [rows, C, H, W]}. */
    Shape batch(int rows) {
        int[] dims = new int[input.size() + 1];
        dims[0] = rows;
        for (int i = 0; i < input.size(); i++) {
            dims[i + 1] = input.get(i);
        }
        return Shape.of(dims);
    }

    /** The input shape, as Lamina prints shapes. */
    String inputText() {
        return input.toString();
    }
}
