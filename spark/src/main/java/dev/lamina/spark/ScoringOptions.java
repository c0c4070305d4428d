package dev.lamina.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * How to score: the model, the backend, the columns and the policies. Immutable; start from
 * {@link #of(String, String)} and change what you need with the {@code with…} methods.
 *
 * @param modelPath   the Lamina model file; readable on the driver and on every executor (a shared file
 *                    system, or shipped with {@code spark-submit --files} and named by its file name)
 * @param weightsPath its safetensors weights, found the same way
 * @param backend     the backend id, or null for each JVM's own choice: {@code -Dlamina.backend},
 *                    {@code LAMINA_BACKEND}, else the best available — as everywhere in Lamina
 * @param batchSize   rows per call of the model (a partition is scored in batches of this many)
 * @param inputCol    the input: {@code array<float>} of C·H·W values, or {@code binary} holding a {@code .npy}
 * @param outputCol   the output, {@code array<float>}: the model's output for the row, flattened
 * @param argMaxCol   an {@code int} column with the index of the largest output value, or null for none
 * @param inputShape  the per-sample shape {@code [C, H, W]} the data is meant to have, or null: when set, it
 *                    must be the model's input shape (checked before the job starts) and {@code .npy} rows
 *                    must have exactly this shape (or {@code [1, C, H, W]}); when null, any {@code .npy} of
 *                    C·H·W values is accepted
 * @param onMalformed what a malformed row does
 */
public record ScoringOptions(String modelPath, String weightsPath, String backend, int batchSize,
                             String inputCol, String outputCol, String argMaxCol, List<Integer> inputShape,
                             OnMalformed onMalformed) implements Serializable {
    public static final int DEFAULT_BATCH_SIZE = 64;
    public static final String DEFAULT_INPUT_COL = "input";
    public static final String DEFAULT_OUTPUT_COL = "output";

    public ScoringOptions {
        if (batchSize < 1) {
            throw new ScoringException("batchSize must be at least 1, got " + batchSize);
        }
        inputCol = column("inputCol", inputCol);
        outputCol = column("outputCol", outputCol);
        if (argMaxCol != null) {
            argMaxCol = column("argMaxCol", argMaxCol);
            if (argMaxCol.equals(outputCol)) {
                throw new ScoringException("argMaxCol and outputCol are both " + outputCol + "; give them two names");
            }
        }
        if (inputShape != null) {
            inputShape = List.copyOf(inputShape);
            if (inputShape.isEmpty() || inputShape.stream().anyMatch(d -> d < 1)) {
                throw new ScoringException("inputShape must be positive dimensions such as [1, 28, 28], got "
                        + inputShape);
            }
        }
        Objects.requireNonNull(onMalformed, "onMalformed");
    }

    /** The model at {@code modelPath} with {@code weightsPath}; columns {@code input} → {@code output}. */
    public static ScoringOptions of(String modelPath, String weightsPath) {
        return new ScoringOptions(modelPath, weightsPath, null, DEFAULT_BATCH_SIZE, DEFAULT_INPUT_COL,
                DEFAULT_OUTPUT_COL, null, null, OnMalformed.FAIL);
    }

    private static String column(String what, String name) {
        if (name == null || name.isBlank()) {
            throw new ScoringException(what + " must name a column, got " + (name == null ? "null" : "\"" + name + "\""));
        }
        return name;
    }

    public ScoringOptions withBackend(String id) {
        return new ScoringOptions(modelPath, weightsPath, id, batchSize, inputCol, outputCol, argMaxCol, inputShape,
                onMalformed);
    }

    public ScoringOptions withBatchSize(int rows) {
        return new ScoringOptions(modelPath, weightsPath, backend, rows, inputCol, outputCol, argMaxCol, inputShape,
                onMalformed);
    }

    public ScoringOptions withInputCol(String name) {
        return new ScoringOptions(modelPath, weightsPath, backend, batchSize, name, outputCol, argMaxCol, inputShape,
                onMalformed);
    }

    public ScoringOptions withOutputCol(String name) {
        return new ScoringOptions(modelPath, weightsPath, backend, batchSize, inputCol, name, argMaxCol, inputShape,
                onMalformed);
    }

    public ScoringOptions withArgMaxCol(String name) {
        return new ScoringOptions(modelPath, weightsPath, backend, batchSize, inputCol, outputCol, name, inputShape,
                onMalformed);
    }

    public ScoringOptions withInputShape(int... chw) {
        return new ScoringOptions(modelPath, weightsPath, backend, batchSize, inputCol, outputCol, argMaxCol,
                chw == null ? null : java.util.Arrays.stream(chw).boxed().toList(), onMalformed);
    }

    public ScoringOptions withOnMalformed(OnMalformed policy) {
        return new ScoringOptions(modelPath, weightsPath, backend, batchSize, inputCol, outputCol, argMaxCol,
                inputShape, policy);
    }
}
