package dev.lamina.bench;

/**
 * One way to run a workload: a Lamina backend or ONNX Runtime, compiled once and shared by every caller.
 * Each calling thread prepares its own {@link Caller} (its input and output memory) once, in the
 * {@link Mode} being measured; the benchmark times {@link Caller#infer()}.
 */
public interface Engine extends AutoCloseable {
    String ORT = "onnxruntime";

    /** How a caller hands its input over and gets its output back. */
    enum Mode {
        /**
         * Each engine at its best, as a performance-minded user calls it: input memory prepared once in the
         * engine's own form (Lamina: {@code Tensor.wrap} over a direct buffer; ONNX Runtime: an
         * {@code OnnxTensor} over a direct buffer, and the output bound to a direct buffer too), each call runs
         * and reads the output into a {@code float[]} made once.
         */
        BEST,
        /**
         * From a {@code float[]} each call: a new input tensor copied from the array, the run, a new output
         * copied into a new {@code float[]} (Lamina: {@code Tensor.of} + {@code forward}; ORT:
         * {@code OnnxTensor.createTensor(FloatBuffer.wrap(...))} + {@code run}).
         */
        COPY;

        /** The label in the table: the engine alone for {@link #BEST}, else {@code engine/copy}. */
        public String label(String engine) {
            return this == BEST ? engine : engine + "/copy";
        }
    }

    /** One thread's prepared input and output. Not shared between threads. */
    interface Caller {
        /** One inference, the output read into a {@code float[]}: what the benchmark times. */
        float[] infer();
    }

    /** A caller's input and output, prepared now, in {@code mode}. */
    Caller caller(Mode mode);

    /** One inference in {@link Mode#BEST} on a fresh caller (for comparing engines' outputs). */
    default float[] output() {
        return caller(Mode.BEST).infer().clone();
    }

    @Override
    void close();

    /** Creates the engine named {@code name} ({@code onnxruntime} or a Lamina backend id) for this workload. */
    static Engine create(String name, Workload.Loaded w, int threads) {
        return name.equals(ORT) ? new OrtEngine(w, threads) : new LaminaEngine(name, w);
    }

    /** A direct, native-order buffer holding a copy of {@code values}. */
    static java.nio.FloatBuffer direct(float[] values) {
        java.nio.FloatBuffer b = java.nio.ByteBuffer.allocateDirect(Math.multiplyExact(4, values.length))
                .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
        b.put(0, values);
        return b;
    }
}
