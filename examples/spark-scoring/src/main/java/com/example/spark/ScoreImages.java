package com.example.spark;

import dev.lamina.spark.OnMalformed;
import dev.lamina.spark.Scoring;
import dev.lamina.spark.ScoringOptions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The job: reads a Parquet file with an {@code image} column (array&lt;float&gt; of C·H·W values, or binary
 * .npy bytes), scores every row with a Lamina model and writes the other columns with {@code scores}
 * (array&lt;float&gt;) and {@code label} (the arg-max) as Parquet. Malformed images get null scores and are
 * counted. The master comes from spark-submit (or {@code -Dspark.master=local[*]}).
 * <pre>
 * ScoreImages IMAGES.parquet MODEL.json WEIGHTS.safetensors OUT.parquet [BACKEND]
 * </pre>
 */
public final class ScoreImages {
    private static final System.Logger LOG = System.getLogger(ScoreImages.class.getName());

    private ScoreImages() {
    }

    public static void main(String[] args) {
        if (args.length < 4 || args.length > 5) {
            throw new IllegalArgumentException(
                    "usage: ScoreImages IMAGES.parquet MODEL.json WEIGHTS.safetensors OUT.parquet [BACKEND]");
        }
        SparkSession spark = SparkSession.builder().appName("lamina-score-images").getOrCreate();
        try {
            run(spark, args[0], args[1], args[2], args[3], args.length == 5 ? args[4] : null);
        } finally {
            spark.stop();
        }
    }

    /** Scores {@code images} into {@code out}; returns how many images were malformed. */
    static long run(SparkSession spark, String images, String model, String weights, String out, String backend) {
        Dataset<Row> in = spark.read().parquet(images);
        Scoring.Scored scored = Scoring.score(in, ScoringOptions.of(model, weights)
                .withBackend(backend)                 // null: each executor's -Dlamina.backend / LAMINA_BACKEND
                .withInputCol("image")
                .withOutputCol("scores")
                .withArgMaxCol("label")
                .withOnMalformed(OnMalformed.NULL));
        scored.rows().drop("image").write().mode(SaveMode.Overwrite).parquet(out);
        long malformed = scored.malformed().value();
        LOG.log(System.Logger.Level.INFO, () -> "scored " + images + " into " + out + "; malformed images: " + malformed);
        return malformed;
    }
}
