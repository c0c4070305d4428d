package dev.lamina.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.Map;

/**
 * ONNX Runtime on the CPU with {@code threads} intra-op threads and one inter-op thread. Each run does what a
 * Java user holding a {@code float[]} does: wraps the input in a tensor (ORT copies it into native memory),
 * runs the session, copies the output into a {@code float[]} — the same copies Lamina's {@code forward} makes.
 */
final class OrtEngine implements Engine {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final float[] input;
    private final long[] shape;

    OrtEngine(Workload.Loaded w, int threads) {
        try {
            env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions o = new OrtSession.SessionOptions();
            o.setIntraOpNumThreads(threads);
            o.setInterOpNumThreads(1);
            o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(w.onnx(), o);
            inputName = session.getInputNames().iterator().next();
            input = w.input().toArray();
            int[] d = w.input().shape().dims();
            shape = new long[d.length];
            for (int i = 0; i < d.length; i++) {
                shape[i] = d[i];
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
        }
    }

    @Override
    public float[] infer() {
        return output();
    }

    @Override
    public float[] output() {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
             OrtSession.Result r = session.run(Map.of(inputName, t))) {
            FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] out = new float[b.remaining()];
            b.get(out);
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
