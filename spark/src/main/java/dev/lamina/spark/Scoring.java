package dev.lamina.spark;

import dev.lamina.api.Shape;
import dev.lamina.core.Model;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Scores a {@code Dataset} with a Lamina model, for code that does not use Spark ML pipelines
 * ({@link LaminaTransformer} is the same as a pipeline stage):
 * <pre>{@code
 * Scoring.Scored s = Scoring.score(images, ScoringOptions.of("lenet.json", "lenet.safetensors")
 *         .withInputCol("image").withArgMaxCol("label"));
 * s.rows().write().parquet("scores.parquet");
 * }</pre>
 * Before any job runs, the driver checks the columns and reads the model once, so a bad model, option or
 * column fails here with Lamina's message; the executors then read and compile it once per JVM.
 */
public final class Scoring {
    private Scoring() {
    }

    /**
     * The scored rows — the input's columns, then the output (and arg-max) — and the count of malformed
     * rows emitted as null ({@link OnMalformed#NULL}). The count is a Spark accumulator: it is complete once
     * an action has run, and adds up again if the rows are computed again (a second action without
     * {@code cache()}); counting null outputs is exact.
     */
    public record Scored(Dataset<Row> rows, LongAccumulator malformed) {
    }

    /** Plans the scoring of {@code data}; nothing runs until an action on the result. */
    public static Scored score(Dataset<Row> data, ScoringOptions options) {
        StructType schema = data.schema();
        RowInput.Kind kind = inputKind(schema, options);
        StructType out = outputSchema(schema, options);
        ModelSource source = ModelSource.forPath(options.modelPath(), options.weightsPath());
        List<Path> files = ModelFiles.resolveAll(source.files());
        LoadedModel loaded;
        try {
            loaded = source.load(files);
        } catch (RuntimeException e) {
            throw new ScoringException(e.getMessage(), e);
        }
        Model model = loaded.model();
        checkInputShape(model, options);
        Geometry geometry = Geometry.of(model.inputShape(), model.outputShape(), options.batchSize());
        RowInput input = new RowInput(kind, schema.fieldIndex(options.inputCol()), options.inputCol(), geometry,
                options.inputShape() != null);
        LongAccumulator malformed = data.sparkSession().sparkContext()
                .longAccumulator("lamina malformed rows (" + options.outputCol() + ")");
        PartitionScorer scorer = new PartitionScorer(ModelKey.of(files, options.backend()), source, input,
                options.argMaxCol() != null, options.onMalformed(), malformed);
        return new Scored(data.mapPartitions(scorer, Encoders.row(out)), malformed);
    }

    /**
     * The schema of the scored rows: {@code in}'s columns, then {@code outputCol} ({@code array<float>}) and,
     * when asked, {@code argMaxCol} ({@code int}); both nullable only with {@link OnMalformed#NULL}.
     *
     * @throws ScoringException when the input column is missing or of another type, or an output column exists
     */
    public static StructType outputSchema(StructType in, ScoringOptions options) {
        inputKind(in, options);
        List<String> names = Arrays.asList(in.fieldNames());
        for (String col : Arrays.asList(options.outputCol(), options.argMaxCol())) {
            if (col != null && names.contains(col)) {
                throw new ScoringException("output column " + col + " already exists; the columns are " + names);
            }
        }
        boolean nullable = options.onMalformed() == OnMalformed.NULL;
        StructType out = in.add(new StructField(options.outputCol(), DataTypes.createArrayType(DataTypes.FloatType, false),
                nullable, org.apache.spark.sql.types.Metadata.empty()));
        if (options.argMaxCol() != null) {
            out = out.add(options.argMaxCol(), DataTypes.IntegerType, nullable);
        }
        return out;
    }

    private static RowInput.Kind inputKind(StructType schema, ScoringOptions options) {
        List<String> names = Arrays.asList(schema.fieldNames());
        if (!names.contains(options.inputCol())) {
            throw new ScoringException("input column " + options.inputCol() + " not found; the columns are " + names);
        }
        DataType t = schema.apply(options.inputCol()).dataType();
        if (t instanceof ArrayType a && a.elementType().equals(DataTypes.FloatType)) {
            return RowInput.Kind.FLOATS;
        }
        if (t.equals(DataTypes.BinaryType)) {
            return RowInput.Kind.NPY;
        }
        throw new ScoringException("input column " + options.inputCol() + " is " + t.simpleString()
                + "; expected array<float> (C·H·W values) or binary (.npy bytes)"
                + (t instanceof ArrayType ? " — cast it with col(\"" + options.inputCol() + "\").cast(\"array<float>\")" : ""));
    }

    private static void checkInputShape(Model model, ScoringOptions options) {
        if (options.inputShape() == null) {
            return;
        }
        Shape declared = Shape.of(options.inputShape().stream().mapToInt(Integer::intValue).toArray());
        if (!declared.equals(model.inputShape())) {
            throw new ScoringException(model.name() + ": expected input " + model.inputShape()
                    + ", but inputShape is " + declared);
        }
    }
}
