package com.example.spark;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Flatten;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import dev.lamina.core.io.ModelFile;
import dev.lamina.core.io.Safetensors;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The demo behind {@code exec:exec}: writes LeNet (seeded, untrained weights — its labels mean nothing; give
 * {@link ScoreImages} your own model) and a Parquet file of N synthetic 1×28×28 images, one in a thousand
 * of them broken, to {@code target/demo/}, scores them with {@link ScoreImages} on the master given by
 * {@code -Dspark.master} and shows the first rows of the result.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dir = Files.createDirectories(Path.of("target", "demo"));
        Model lenet = Model.sequential("lenet", 1, 28, 28)
                .add("conv1", Conv2d.of(6, 5, 5).withPadding(2, 2)).add("relu1", new ReLU())
                .add("pool1", MaxPool2d.of(2, 2))
                .add("conv2", Conv2d.of(16, 5, 5)).add("relu2", new ReLU())
                .add("pool2", MaxPool2d.of(2, 2))
                .add("flat", new Flatten())
                .add("fc1", Dense.of(120)).add("relu3", new ReLU())
                .add("fc2", Dense.of(84)).add("relu4", new ReLU())
                .add("fc3", Dense.of(10))
                .build();
        Path model = dir.resolve("lenet.json");
        Path weights = dir.resolve("lenet.safetensors");
        ModelFile.write(lenet, model);
        Safetensors.write(weights, Weights.random(lenet, 42).toStateDict());

        SparkSession spark = SparkSession.builder().appName("lamina-spark-demo")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            String images = dir.resolve("images.parquet").toString();
            StructType schema = new StructType().add("id", DataTypes.LongType)
                    .add("image", DataTypes.createArrayType(DataTypes.FloatType));
            spark.range(n).map((MapFunction<Long, Row>) id -> RowFactory.create(id, image(id)), Encoders.row(schema))
                    .write().mode(SaveMode.Overwrite).parquet(images);
            String out = dir.resolve("scores.parquet").toString();
            long malformed = ScoreImages.run(spark, images, model.toString(), weights.toString(), out, null);
            Dataset<Row> scores = spark.read().parquet(out);
            scores.orderBy("id").show(5, 80);
            scores.groupBy("label").count().orderBy("label").show();
            if (scores.count() != n || malformed != n / 1000) {
                throw new IllegalStateException("expected " + n + " rows and " + n / 1000 + " malformed, got "
                        + scores.count() + " and " + malformed);
            }
        } finally {
            spark.stop();
        }
    }

    /** A seeded 28×28 image of a bright blob on noise; every thousandth has 783 values. */
    private static float[] image(long id) {
        SplittableRandom r = new SplittableRandom(id);
        float[] v = new float[id % 1000 == 999 ? 783 : 784];
        int cy = 6 + r.nextInt(16);
        int cx = 6 + r.nextInt(16);
        for (int i = 0; i < v.length; i++) {
            int y = i / 28;
            int x = i % 28;
            double d2 = (y - cy) * (y - cy) + (x - cx) * (x - cx);
            v[i] = (float) (Math.exp(-d2 / 18) + 0.1 * r.nextDouble());
        }
        return v;
    }
}
