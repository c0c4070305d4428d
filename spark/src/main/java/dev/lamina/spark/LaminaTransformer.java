package dev.lamina.spark;

import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReadable;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

import java.util.Arrays;

/**
 * A Spark ML stage that scores each row with a Lamina model — {@link Scoring#score} with its options as ML
 * params, so that it fits in a {@code Pipeline} and is saved and loaded with it:
 * <pre>{@code
 * LaminaTransformer lenet = new LaminaTransformer()
 *         .setModelPath("lenet.json").setWeightsPath("lenet.safetensors")
 *         .setInputCol("image").setOutputCol("scores").setArgMaxCol("label");
 * Dataset<Row> scored = lenet.transform(images);
 * }</pre>
 * Params: {@code modelPath}, {@code weightsPath}, {@code backend} (unset: each JVM's own choice),
 * {@code batchSize} (64), {@code inputCol} ({@code input}), {@code outputCol} ({@code output}),
 * {@code argMaxCol} (unset: none), {@code inputShape} (unset: only the number of values is checked),
 * {@code onMalformed} ({@code fail} or {@code null}; {@code fail}). See {@link ScoringOptions}.
 */
public final class LaminaTransformer extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private static final DefaultParamsReadable<LaminaTransformer> READER = new DefaultParamsReadable<>() {
    };

    private final String uid;
    private final Param<String> modelPath;
    private final Param<String> weightsPath;
    private final Param<String> backend;
    private final IntParam batchSize;
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final Param<String> argMaxCol;
    private final IntArrayParam inputShape;
    private final Param<String> onMalformed;
    private transient LongAccumulator lastMalformed;

    public LaminaTransformer() {
        this(Identifiable.randomUID("lamina"));
    }

    public LaminaTransformer(String uid) {
        this.uid = uid;
        modelPath = new Param<>(this, "modelPath", "the Lamina model file, readable on the driver and every executor");
        weightsPath = new Param<>(this, "weightsPath", "the model's safetensors weights");
        backend = new Param<>(this, "backend", "the backend id; unset: each JVM's lamina.backend / LAMINA_BACKEND"
                + " / best available");
        batchSize = new IntParam(this, "batchSize", "rows per call of the model (>= 1)", ParamValidators.gtEq(1));
        inputCol = new Param<>(this, "inputCol", "input column: array<float> of C*H*W values or binary .npy bytes");
        outputCol = new Param<>(this, "outputCol", "output column: array<float>, the model's output");
        argMaxCol = new Param<>(this, "argMaxCol", "optional int column: the index of the largest output value");
        inputShape = new IntArrayParam(this, "inputShape", "optional per-sample shape [C, H, W] the data has;"
                + " checked against the model, and .npy rows must have it exactly");
        onMalformed = new Param<>(this, "onMalformed", "malformed rows: fail (the task, naming the row) or null"
                + " (null output, counted)");
        setDefault(batchSize, ScoringOptions.DEFAULT_BATCH_SIZE);
        setDefault(inputCol, ScoringOptions.DEFAULT_INPUT_COL);
        setDefault(outputCol, ScoringOptions.DEFAULT_OUTPUT_COL);
        setDefault(onMalformed, "fail");
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> modelPath() {
        return modelPath;
    }

    public Param<String> weightsPath() {
        return weightsPath;
    }

    public Param<String> backend() {
        return backend;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public Param<String> inputCol() {
        return inputCol;
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public Param<String> argMaxCol() {
        return argMaxCol;
    }

    public IntArrayParam inputShape() {
        return inputShape;
    }

    public Param<String> onMalformed() {
        return onMalformed;
    }

    public LaminaTransformer setModelPath(String path) {
        set(modelPath, path);
        return this;
    }

    public LaminaTransformer setWeightsPath(String path) {
        set(weightsPath, path);
        return this;
    }

    public LaminaTransformer setBackend(String id) {
        set(backend, id);
        return this;
    }

    public LaminaTransformer setBatchSize(int rows) {
        set(batchSize, rows);
        return this;
    }

    public LaminaTransformer setInputCol(String name) {
        set(inputCol, name);
        return this;
    }

    public LaminaTransformer setOutputCol(String name) {
        set(outputCol, name);
        return this;
    }

    public LaminaTransformer setArgMaxCol(String name) {
        set(argMaxCol, name);
        return this;
    }

    public LaminaTransformer setInputShape(int... chw) {
        set(inputShape, chw);
        return this;
    }

    public LaminaTransformer setOnMalformed(String policy) {
        set(onMalformed, OnMalformed.parse(policy).name().toLowerCase(java.util.Locale.ROOT));
        return this;
    }

    /** The params as {@link ScoringOptions}; fails naming the first that is wrong. */
    public ScoringOptions options() {
        int[] shape = isDefined(inputShape) ? getOrDefault(inputShape) : null;
        return new ScoringOptions(value(modelPath), value(weightsPath), value(backend), (Integer) getOrDefault(batchSize),
                value(inputCol), value(outputCol), value(argMaxCol),
                shape == null ? null : Arrays.stream(shape).boxed().toList(), OnMalformed.parse(value(onMalformed)));
    }

    private String value(Param<String> p) {
        return isDefined(p) ? getOrDefault(p) : null;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        Scoring.Scored s = Scoring.score(dataset.toDF(), options());
        lastMalformed = s.malformed();
        return s.rows();
    }

    /**
     * The malformed-row counter of the last {@link #transform} on this instance (see {@link Scoring.Scored}),
     * or null before the first.
     */
    public LongAccumulator malformedRows() {
        return lastMalformed;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return Scoring.outputSchema(schema, options());
    }

    @Override
    public LaminaTransformer copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<LaminaTransformer> read() {
        return READER.read();
    }

    public static LaminaTransformer load(String path) {
        return READER.load(path);
    }
}
