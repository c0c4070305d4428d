package dev.lamina.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.Map;

/**
 * ONNX Runtime on the CPU with {@code threads} intra-op threads and one inter-op thread.
 * {@link Engine.Mode#BEST}: the input {@code OnnxTensor} made once over a direct buffer, the output bound once to
 * an {@code OnnxTensor} over another direct buffer (a pinned output), each call {@code session.run} and the
 * output buffer read into a {@code float[]} made once. {@link Engine.Mode#COPY}: what a Java user holding a
 * {@code float[]} writes first — a new tensor from {@code FloatBuffer.wrap(input)} (ORT copies it into native
 * memory), {@code run}, the output copied into a new {@code float[]}, tensors closed.
 */
final class OrtEngine implements Engine {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final String outputName;
    private final float[] input;
    private final long[] shape;
    private final long[] outputShape;

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
            outputName = session.getOutputNames().iterator().next();
            input = w.input().toArray();
            shape = longs(w.input().shape().dims());
            outputShape = longs(w.model().outputShape().withBatch(w.input().shape().dim(0)).dims());
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
        }
    }

    private static long[] longs(int[] d) {
        long[] l = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            l[i] = d[i];
        }
        return l;
    }

    @Override
    public Caller caller(Mode mode) {
        if (mode == Mode.COPY) {
            return this::copying;
        }
        try {
            Map<String, OnnxTensor> in = Map.of(inputName, OnnxTensor.createTensor(env, Engine.direct(input), shape));
            int size = Math.toIntExact(java.util.Arrays.stream(outputShape).reduce(1, Math::multiplyExact));
            FloatBuffer outBuf = Engine.direct(new float[size]);
            Map<String, OnnxTensor> pinned = Map.of(outputName, OnnxTensor.createTensor(env, outBuf, outputShape));
            float[] out = new float[size];
            return () -> {
                try (OrtSession.Result r = session.run(in, pinned)) {
                    outBuf.get(0, out);
                    return out;
                } catch (OrtException e) {
                    throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
                }
            };
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
        }
    }

    private float[] copying() {
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
