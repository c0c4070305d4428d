package dev.lamina.spark;

import dev.lamina.api.Tensor;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.Lamina;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Rows scored on a real local Spark against the same rows scored by {@code CompiledModel.forward} here. */
class ScoringTest {
    @TempDir
    Path dir;

    /** 10,000 rows, except LeNet on cpu (plain-Java convolutions, the slowest case): 3,000. */
    @ParameterizedTest(name = "{2} rows of {0} on {1}")
    @CsvSource({"lenet, cpu, 3000", "lenet, blas, 10000", "notebook, cpu, 10000", "notebook, blas, 10000",
            "lenet.onnx, blas, 3000"})
    void rowsScoredOnSparkEqualOneJvmForwardBitForBit(String net, String backend, int rows) {
        TestModels.Files f = switch (net) {
            case "lenet" -> TestModels.lenet(dir, 14);
            case "lenet.onnx" -> TestModels.lenetOnnx(dir);
            default -> TestModels.notebook(dir);
        };
        int size = f.model().inputShape().size();
        int outputs = f.model().outputShape().size();
        // 7 partitions, batches of 64. blas's result for a row can depend, in the last bits, on the batch
        // it is in (OpenBLAS blocks by the matrix sizes), so the loop below runs the very batches Spark ran:
        // each partition's rows in order, 64 at a time.
        List<Row> scored = Scoring.score(TestModels.samples(rows, 7, size),
                        f.options().withBackend(backend).withArgMaxCol("label"))
                .rows().select(col("id"), col("output"), col("label"), spark_partition_id().as("p")).collectAsList();
        assertEquals(rows, scored.size());
        Map<Integer, List<Long>> partitions = new TreeMap<>();
        for (Row r : scored) {
            partitions.computeIfAbsent(r.getInt(3), p -> new ArrayList<>()).add(r.getLong(0));
        }
        assertEquals(7, partitions.size());

        float[] expected = new float[rows * outputs];
        try (CompiledModel m = Lamina.compile(f.model(), f.weights(), backend)) {
            for (List<Long> ids : partitions.values()) {
                Collections.sort(ids);
                for (int from = 0; from < ids.size(); from += ScoringOptions.DEFAULT_BATCH_SIZE) {
                    int batch = Math.min(ScoringOptions.DEFAULT_BATCH_SIZE, ids.size() - from);
                    float[] x = new float[batch * size];
                    for (int i = 0; i < batch; i++) {
                        System.arraycopy(TestModels.sample(ids.get(from + i), size), 0, x, i * size, size);
                    }
                    float[] y = m.forward(Tensor.of(f.model().inputShape().withBatch(batch), x)).toArray();
                    for (int i = 0; i < batch; i++) {
                        System.arraycopy(y, i * outputs, expected, (int) (long) ids.get(from + i) * outputs, outputs);
                    }
                }
            }
        }
        boolean[] seen = new boolean[rows];
        for (Row r : scored) {
            int id = (int) r.getLong(0);
            seen[id] = true;
            List<Float> got = r.getList(1);
            assertEquals(outputs, got.size());
            int best = 0;
            for (int k = 0; k < outputs; k++) {
                float want = expected[id * outputs + k];
                if (Float.floatToRawIntBits(got.get(k)) != Float.floatToRawIntBits(want)) {
                    fail("row " + id + " output " + k + ": Spark gave " + got.get(k) + ", forward gave " + want);
                }
                best = want > expected[id * outputs + best] ? k : best;
            }
            assertEquals(best, r.getInt(2), "row " + id + " arg-max");
        }
        for (int i = 0; i < rows; i++) {
            assertTrue(seen[i], "row " + i + " is missing");
        }
    }

    @Test
    void compiledOncePerJvmKeyedByContent() throws Exception {
        TestModels.Files f = TestModels.lenet(dir, 1_000 + System.nanoTime() % 1_000); // a model no other test uses
        long before = ExecutorModels.compilations();
        Scoring.Scored s = Scoring.score(TestModels.samples(600, 12, 784), f.options().withBackend("cpu").withBatchSize(16));
        assertEquals(600, s.rows().count());
        assertEquals(600, s.rows().collectAsList().size());
        assertEquals(1, ExecutorModels.compilations() - before, "12 partitions, two jobs, one compilation");

        // The same bytes under other names are the same model; other bytes are another.
        Path copy = Files.createDirectory(dir.resolve("copy"));
        Path m2 = Files.copy(f.modelPath(), copy.resolve("renamed.json"));
        Path w2 = Files.copy(f.weightsPath(), copy.resolve("renamed.safetensors"));
        assertEquals(600, Scoring.score(TestModels.samples(600, 5, 784),
                ScoringOptions.of(m2.toString(), w2.toString()).withBackend("cpu")).rows().count());
        assertEquals(1, ExecutorModels.compilations() - before);
        TestModels.Files other = TestModels.lenet(Files.createDirectory(dir.resolve("other")), 5_000 + System.nanoTime() % 1_000);
        assertEquals(600, Scoring.score(TestModels.samples(600, 5, 784), other.options().withBackend("cpu"))
                .rows().count());
        assertEquals(2, ExecutorModels.compilations() - before);
    }

    @Test
    void closeAllWaitsForTheTasksThatHoldAModel() {
        TestModels.Files f = TestModels.notebook(dir);
        ModelSource source = ModelSource.forPath(f.modelPath().toString(), f.weightsPath().toString());
        ModelKey key = ModelKey.of(List.of(f.modelPath(), f.weightsPath()), "blas");
        Tensor x = Tensor.of(f.model().inputShape().withBatch(1), TestModels.sample(3, 30));
        try (ExecutorModels.Lease lease = ExecutorModels.acquire(key, source)) {
            Tensor y = lease.model().forward(x);
            ExecutorModels.closeAll();
            assertEquals(0, ExecutorModels.cached());
            // Still open for the holder: its native buffers are freed only when the lease ends.
            assertEquals(y, lease.model().forward(x));
        }
        long closed = ExecutorModels.compilations();
        try (ExecutorModels.Lease again = ExecutorModels.acquire(key, source)) {
            assertEquals(1, ExecutorModels.cached());
            assertEquals(1, ExecutorModels.compilations() - closed, "compiled anew after closeAll");
            assertEquals(1, again.model().forward(x).shape().dim(0));
        }
    }

    @Test
    void argMaxIsNumpys() {
        assertEquals(1, ArgMax.of(new float[] {1, 3, 3, 2}, 0, 4));
        assertEquals(2, ArgMax.of(new float[] {1, 3, Float.NaN, 9}, 0, 4));
        assertEquals(0, ArgMax.of(new float[] {9, -0f, 0f}, 1, 2));
        assertEquals(1, ArgMax.of(new float[] {-1, Float.NEGATIVE_INFINITY, 0}, 1, 2));
    }
}
