package dev.lamina.spark;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The Spark ML stage: its params are {@link ScoringOptions}, it scores as {@link Scoring}, and it persists. */
class LaminaTransformerTest {
    @TempDir
    Path dir;

    private LaminaTransformer lenet(TestModels.Files f) {
        return new LaminaTransformer().setModelPath(f.modelPath().toString()).setWeightsPath(f.weightsPath().toString())
                .setBackend("blas").setBatchSize(32).setOutputCol("scores").setArgMaxCol("label").setInputShape(1, 28, 28);
    }

    @Test
    void paramsBecomeOptionsWithDefaults() {
        TestModels.Files f = TestModels.notebook(dir);
        ScoringOptions o = new LaminaTransformer().setModelPath("m.json").setWeightsPath("w.safetensors").options();
        assertEquals(ScoringOptions.of("m.json", "w.safetensors"), o);
        assertEquals(f.options().withBackend("blas").withBatchSize(32).withOutputCol("scores").withArgMaxCol("label")
                .withInputShape(1, 28, 28), lenet(f).options());
        assertThrows(ScoringException.class, () -> new LaminaTransformer().setOnMalformed("skip"));
        assertEquals(OnMalformed.NULL, new LaminaTransformer().setOnMalformed("NULL").options().onMalformed());
    }

    @Test
    void scoresInAPipelineAsScoringDoesAndSurvivesSaveAndLoad() throws Exception {
        TestModels.Files f = TestModels.lenet(dir, 77);
        LaminaTransformer t = lenet(f);
        Dataset<Row> images = TestModels.samples(300, 3, 784);
        StructType schema = t.transformSchema(images.schema());
        assertEquals(List.of("id", "input", "scores", "label"), List.of(schema.fieldNames()));
        assertEquals(DataTypes.createArrayType(DataTypes.FloatType, false), schema.apply("scores").dataType());

        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {t}).fit(images);
        List<Row> viaPipeline = fitted.transform(images).orderBy("id").collectAsList();
        List<Row> direct = Scoring.score(images, t.options()).rows().orderBy("id").collectAsList();
        assertEquals(direct, viaPipeline);
        assertEquals(300, viaPipeline.size());

        String saved = dir.resolve("stage").toString();
        t.write().overwrite().save(saved);
        LaminaTransformer loaded = LaminaTransformer.load(saved);
        assertEquals(t.uid(), loaded.uid());
        assertEquals(t.options(), loaded.options());
        assertEquals(direct, loaded.transform(images).orderBy("id").collectAsList());
    }
}
