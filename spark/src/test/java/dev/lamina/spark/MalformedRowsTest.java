package dev.lamina.spark;

import dev.lamina.api.Tensor;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.Lamina;
import dev.lamina.core.io.Npy;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The malformed-row policy ({@link OnMalformed}) on the notebook net (input [1, 5, 6], 30 values). */
class MalformedRowsTest {
    @TempDir
    Path dir;

    private static final StructType FLOATS = new StructType()
            .add("id", DataTypes.IntegerType, false)
            .add("input", DataTypes.createArrayType(DataTypes.FloatType, true), true);

    private static List<Float> floats(float[] v) {
        List<Float> l = new ArrayList<>();
        for (float x : v) {
            l.add(x);
        }
        return l;
    }

    /** Rows 0 and 6 are fine; 1 to 5 are malformed, each in another way. */
    private static Dataset<Row> mixed() {
        List<Float> nullElement = floats(TestModels.sample(4, 30));
        nullElement.set(12, null);
        float[] nan = TestModels.sample(2, 30);
        nan[7] = Float.NaN;
        float[] inf = TestModels.sample(3, 30);
        inf[0] = Float.NEGATIVE_INFINITY;
        List<Row> rows = List.of(
                RowFactory.create(0, floats(TestModels.sample(0, 30))),
                RowFactory.create(1, null),
                RowFactory.create(2, floats(TestModels.sample(1, 29))),
                RowFactory.create(3, floats(nan)),
                RowFactory.create(4, floats(inf)),
                RowFactory.create(5, nullElement),
                RowFactory.create(6, floats(TestModels.sample(6, 30))));
        return SharedSpark.session().createDataFrame(rows, FLOATS).coalesce(1);
    }

    private static ScoringException scoringCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ScoringException s) {
                return s;
            }
        }
        throw new AssertionError("no ScoringException in the causes of " + t, t);
    }

    @Test
    void failPolicyFailsTheTaskNamingTheRow() {
        TestModels.Files f = TestModels.notebook(dir);
        Dataset<Row> scored = Scoring.score(mixed(), f.options().withBackend("cpu")).rows();
        SparkException e = assertThrows(SparkException.class, scored::collectAsList);
        assertEquals("partition 0, row 1 (column input): the input is null;"
                + " set onMalformed to null to emit null for such rows", scoringCause(e).getMessage());
    }

    @Test
    void failPolicyNamesWhatIsWrongWithEachKindOfRow() {
        TestModels.Files f = TestModels.notebook(dir);
        String[] problems = {
                "row 0 (column input): expected 30 values (input [1, 5, 6]), got 29",
                "row 0 (column input): value 7 is NaN",
                "row 0 (column input): value 0 is -Infinity",
                "row 0 (column input): value 12 is null"};
        for (int i = 0; i < problems.length; i++) {
            Dataset<Row> one = mixed().where("id = " + (i + 2));
            SparkException e = assertThrows(SparkException.class,
                    () -> Scoring.score(one, f.options().withBackend("cpu")).rows().collectAsList());
            String m = scoringCause(e).getMessage();
            assertEquals("partition 0, " + problems[i] + "; set onMalformed to null to emit null for such rows", m);
        }
    }

    @Test
    void nullPolicyEmitsNullAndCountsTheRows() {
        TestModels.Files f = TestModels.notebook(dir);
        Scoring.Scored s = Scoring.score(mixed(), f.options().withBackend("cpu").withArgMaxCol("label")
                .withOnMalformed(OnMalformed.NULL).withBatchSize(4));
        List<Row> rows = s.rows().orderBy("id").collectAsList();
        assertEquals(7, rows.size());
        assertEquals(5, s.malformed().value());
        try (CompiledModel m = Lamina.compile(f.model(), f.weights(), "cpu")) {
            for (Row r : rows) {
                int id = r.getInt(0);
                if (id == 0 || id == 6) {
                    float[] want = m.forward(Tensor.of(f.model().inputShape().withBatch(1), TestModels.sample(id, 30)))
                            .toArray();
                    assertArrayEquals(want, toArray(r.getList(2)), "row " + id);
                    assertEquals(0, r.getInt(3));
                } else {
                    assertNull(r.get(2), "row " + id);
                    assertNull(r.get(3), "row " + id);
                }
            }
        }
        assertEquals(5, s.rows().where("output IS NULL").count(), "counting nulls is exact");
    }

    private static float[] toArray(List<Float> l) {
        float[] a = new float[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }

    private static final StructType NPY = new StructType()
            .add("id", DataTypes.IntegerType, false)
            .add("image", DataTypes.BinaryType, true);

    private byte[] npy(Tensor t) throws IOException {
        Path p = Files.createTempFile(dir, "x", ".npy");
        Npy.write(p, t);
        return Files.readAllBytes(p);
    }

    @Test
    void npyRowsAreScoredAndCheckedAgainstTheInputShape() throws IOException {
        TestModels.Files f = TestModels.notebook(dir);
        float[] v = TestModels.sample(9, 30);
        byte[] whole = npy(Tensor.of(dev.lamina.api.Shape.of(1, 5, 6), v));
        List<Row> rows = List.of(
                RowFactory.create(0, npy(Tensor.of(dev.lamina.api.Shape.of(1, 5, 6), v))),
                RowFactory.create(1, npy(Tensor.of(dev.lamina.api.Shape.of(1, 1, 5, 6), v))),
                RowFactory.create(2, npy(Tensor.of(dev.lamina.api.Shape.of(30), v))),
                RowFactory.create(3, npy(Tensor.of(dev.lamina.api.Shape.of(1, 6, 5), v))),
                RowFactory.create(4, Arrays.copyOf(whole, whole.length - 84)),
                RowFactory.create(5, "not a numpy file".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        Dataset<Row> images = SharedSpark.session().createDataFrame(rows, NPY).coalesce(1);
        ScoringOptions o = f.options().withBackend("cpu").withInputCol("image").withOnMalformed(OnMalformed.NULL);
        float[] want;
        try (CompiledModel m = Lamina.compile(f.model(), f.weights(), "cpu")) {
            want = m.forward(Tensor.of(f.model().inputShape().withBatch(1), v)).toArray();
        }

        // Without inputShape, any .npy of 30 values is the sample; with it, only [1, 5, 6] and [1, 1, 5, 6].
        Scoring.Scored loose = Scoring.score(images, o);
        List<Row> l = loose.rows().orderBy("id").collectAsList();
        for (int id = 0; id < 4; id++) {
            assertArrayEquals(want, toArray(l.get(id).getList(2)), "row " + id);
        }
        assertNull(l.get(4).get(2));
        assertNull(l.get(5).get(2));
        assertEquals(2, loose.malformed().value());

        Scoring.Scored strict = Scoring.score(images, o.withInputShape(1, 5, 6));
        List<Row> s = strict.rows().orderBy("id").collectAsList();
        assertNotNull(s.get(0).get(2));
        assertNotNull(s.get(1).get(2));
        assertNull(s.get(2).get(2));
        assertNull(s.get(3).get(2));
        assertEquals(4, strict.malformed().value());

        SparkException e = assertThrows(SparkException.class, () -> Scoring.score(images.where("id >= 3"),
                o.withInputShape(1, 5, 6).withOnMalformed(OnMalformed.FAIL)).rows().collectAsList());
        assertEquals("partition 0, row 0 (column image): expected a .npy of shape [1, 5, 6] (or [1, …]), got [1, 6, 5];"
                + " set onMalformed to null to emit null for such rows", scoringCause(e).getMessage());
        e = assertThrows(SparkException.class, () -> Scoring.score(images.where("id = 4"),
                o.withOnMalformed(OnMalformed.FAIL)).rows().collectAsList());
        assertEquals("partition 0, row 0 (column image): the .npy: the data is truncated: shape (1, 5, 6) of '<f4'"
                + " needs 120 bytes, the file has 36; set onMalformed to null to emit null for such rows",
                scoringCause(e).getMessage());
    }
}
