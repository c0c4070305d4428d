package dev.lamina.bench;

/** One way to run a workload: a Lamina backend or ONNX Runtime. Runs the whole batch, input copy included. */
public interface Engine extends AutoCloseable {
    String ORT = "onnxruntime";

    /** One inference on the workload's input, returning what a user gets back (what the benchmark times). */
    Object infer();

    /** One inference, the output as a {@code float[]} (for comparing engines). */
    float[] output();

    @Override
    void close();

    /** Creates the engine named {@code name} ({@code onnxruntime} or a Lamina backend id) for this workload. */
    static Engine create(String name, Workload.Loaded w, int threads) {
        return name.equals(ORT) ? new OrtEngine(w, threads) : new LaminaEngine(name, w);
    }
}
