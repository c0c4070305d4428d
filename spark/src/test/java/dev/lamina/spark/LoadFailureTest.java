package dev.lamina.spark;

import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model, option or column that does not fit fails with Lamina's own message. */
class LoadFailureTest {
    @TempDir
    Path dir;

    private Dataset<Row> rows() {
        return TestModels.samples(10, 2, 30);
    }

    @Test
    void aModelThatDoesNotBuildFailsBeforeAnyJobWithLaminasMessage() throws IOException {
        TestModels.Files f = TestModels.notebook(dir);
        // The notebook's own bug: nn.Linear(4*5, 1) after a pool that yields 3×2×2.
        Path bad = Files.writeString(dir.resolve("bad.json"), """
                {"format": "lamina-model/1", "name": "notebook", "input": [1, 5, 6], "layers": [
                  {"name": "conv1", "type": "conv2d", "filters": 3, "kernel": [2, 2]},
                  {"name": "relu1", "type": "relu"},
                  {"name": "max_pool1", "type": "maxpool2d", "kernel": [2, 2]},
                  {"name": "flat", "type": "flatten"},
                  {"name": "dense2", "type": "dense", "units": 1, "in_features": 20},
                  {"name": "sigmoid2", "type": "sigmoid"}]}
                """);
        ScoringException e = assertThrows(ScoringException.class,
                () -> Scoring.score(rows(), ScoringOptions.of(bad.toString(), f.weightsPath().toString())));
        assertEquals(bad + ": dense2: expects 20 input features, but flat produces 12 ([3, 2, 2])", e.getMessage());
    }

    @Test
    void missingFilesAndOnnxAreNamed() {
        TestModels.Files f = TestModels.notebook(dir);
        ScoringException e = assertThrows(ScoringException.class, () -> Scoring.score(rows(),
                ScoringOptions.of(dir.resolve("nope.json").toString(), f.weightsPath().toString())));
        assertEquals(dir.resolve("nope.json") + ": cannot read: no such file or directory", e.getMessage());
        e = assertThrows(ScoringException.class, () -> Scoring.score(rows(),
                ScoringOptions.of(dir.resolve("m.onnx").toString(), null)));
        assertEquals(dir.resolve("m.onnx") + ": no such file", e.getMessage());
        e = assertThrows(ScoringException.class, () -> Scoring.score(rows(), ScoringOptions.of("m.onnx", "w.safetensors")));
        assertEquals("m.onnx: an .onnx model carries its weights; do not set weightsPath (w.safetensors)", e.getMessage());
    }

    @Test
    void aBackendThatTheExecutorLacksFailsTheTaskWithLaminasMessage() {
        // The driver does not choose the executors' backend, so this fails in the task, on the executor.
        TestModels.Files f = TestModels.notebook(dir);
        Dataset<Row> scored = Scoring.score(rows(), f.options().withBackend("quantum")).rows();
        SparkException e = assertThrows(SparkException.class, scored::count);
        ScoringException cause = null;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ScoringException s) {
                cause = s;
            }
        }
        assertTrue(cause != null, "no ScoringException under " + e);
        assertTrue(cause.getMessage().startsWith("W0-notebook: unknown backend quantum; found: "), cause.getMessage());
        assertTrue(e.getMessage().contains(cause.getMessage()), "Spark's message carries Lamina's: " + e.getMessage());
    }

    @Test
    void columnsAndOptionsAreChecked() {
        TestModels.Files f = TestModels.notebook(dir);
        ScoringException e = assertThrows(ScoringException.class,
                () -> Scoring.score(rows(), f.options().withInputCol("pixels")));
        assertEquals("input column pixels not found; the columns are [id, input]", e.getMessage());
        e = assertThrows(ScoringException.class,
                () -> Scoring.score(rows().withColumn("input", org.apache.spark.sql.functions.col("input")
                        .cast("array<double>")), f.options()));
        assertEquals("input column input is array<double>; expected array<float> (C·H·W values) or binary (.npy bytes)"
                + " — cast it with col(\"input\").cast(\"array<float>\")", e.getMessage());
        e = assertThrows(ScoringException.class, () -> Scoring.score(rows(), f.options().withOutputCol("id")));
        assertEquals("output column id already exists; the columns are [id, input]", e.getMessage());
        e = assertThrows(ScoringException.class, () -> Scoring.score(rows(), f.options().withInputShape(3, 5, 6)));
        assertEquals("W0-notebook: expected input [1, 5, 6], but inputShape is [3, 5, 6]", e.getMessage());
        e = assertThrows(ScoringException.class, () -> f.options().withBatchSize(0));
        assertEquals("batchSize must be at least 1, got 0", e.getMessage());
    }
}
