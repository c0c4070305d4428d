package dev.lamina.spark;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Flatten;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.bench.Workload;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import dev.lamina.core.io.ModelFile;
import dev.lamina.core.io.Safetensors;
import dev.lamina.onnx.OnnxImport;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Path;
import java.util.SplittableRandom;

/** The nets the tests score, written as model files, and seeded inputs that the driver and executors both make. */
final class TestModels {
    private TestModels() {
    }

    /** A model file and its weights on disk. */
    record Files(Model model, Weights weights, Path modelPath, Path weightsPath) {
        ScoringOptions options() {
            return ScoringOptions.of(modelPath.toString(), weightsPath == null ? null : weightsPath.toString());
        }
    }

    static Model lenet() {
        return Model.sequential("lenet", 1, 28, 28)
                .add("conv1", Conv2d.of(6, 5, 5).withPadding(2, 2))
                .add("relu1", new ReLU())
                .add("pool1", MaxPool2d.of(2, 2))
                .add("conv2", Conv2d.of(16, 5, 5))
                .add("relu2", new ReLU())
                .add("pool2", MaxPool2d.of(2, 2))
                .add("flat", new Flatten())
                .add("fc1", Dense.of(120))
                .add("relu3", new ReLU())
                .add("fc2", Dense.of(84))
                .add("relu4", new ReLU())
                .add("fc3", Dense.of(10))
                .build();
    }

    static Files lenet(Path dir, long seed) {
        Model m = lenet();
        return write(dir, m, Weights.random(m, seed));
    }

    /** The benchmark's LeNet as PyTorch exported it to ONNX (weights inside the file), and its import. */
    static Files lenetOnnx(Path dir) {
        Path onnx = dir.resolve("lenet.onnx");
        try (java.io.InputStream in = TestModels.class.getResourceAsStream("/dev/lamina/bench/nets/W1-lenet/model.onnx")) {
            java.nio.file.Files.copy(in, onnx);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        OnnxImport.Result r = OnnxImport.read(onnx);
        return new Files(r.model(), r.weights(), onnx, null);
    }

    /** The seed notebook's net (input [1, 5, 6], named W0-notebook) with its weights, as the bench ships it. */
    static Files notebook(Path dir) {
        Workload.Loaded w = Workload.W0.load();
        return write(dir, w.model(), w.weights());
    }

    static Files write(Path dir, Model model, Weights weights) {
        Path mp = dir.resolve(model.name() + ".json");
        Path wp = dir.resolve(model.name() + ".safetensors");
        ModelFile.write(model, mp);
        Safetensors.write(wp, weights.toStateDict());
        return new Files(model, weights, mp, wp);
    }

    /** Row {@code id}'s sample: {@code size} values in [-1, 1), the same on every JVM. */
    static float[] sample(long id, int size) {
        SplittableRandom r = new SplittableRandom(0x5EED_0000L + id);
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) r.nextDouble(-1, 1);
        }
        return v;
    }

    static final StructType ID_AND_INPUT = new StructType()
            .add("id", DataTypes.LongType, false)
            .add("input", DataTypes.createArrayType(DataTypes.FloatType, false), true);

    /** {@code rows} rows {@code (id, input)} in {@code partitions} partitions, made on the executors. */
    static Dataset<Row> samples(long rows, int partitions, int size) {
        return samples(SharedSpark.session(), rows, partitions, size);
    }

    static Dataset<Row> samples(SparkSession spark, long rows, int partitions, int size) {
        return spark.range(0, rows, 1, partitions)
                .map((MapFunction<Long, Row>) id -> RowFactory.create(id, sample(id, size)), Encoders.row(ID_AND_INPUT));
    }
}
