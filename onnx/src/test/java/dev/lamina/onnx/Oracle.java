package dev.lamina.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.Lamina;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs one ONNX file on ONNX Runtime and, imported, on Lamina's cpu backend, and compares. */
final class Oracle {
    private Oracle() {
    }

    /** ONNX Runtime's output for {@code x}, with optimisations off so it computes the graph as written. */
    static Tensor onnxRuntime(byte[] model, Tensor x) {
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions o = new OrtSession.SessionOptions();
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            o.setIntraOpNumThreads(1);
            int[] d = x.shape().dims();
            long[] shape = new long[d.length];
            for (int i = 0; i < d.length; i++) {
                shape[i] = d[i];
            }
            try (OrtSession s = env.createSession(model, o);
                 OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toArray()), shape);
                 OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), t))) {
                OnnxTensor y = (OnnxTensor) r.get(0);
                long[] ys = y.getInfo().getShape();
                int[] yd = new int[ys.length];
                for (int i = 0; i < ys.length; i++) {
                    yd[i] = (int) ys[i];
                }
                FloatBuffer b = y.getFloatBuffer();
                float[] v = new float[b.remaining()];
                b.get(v);
                return Tensor.of(Shape.of(yd), v);
            }
        } catch (OrtException e) {
            throw new AssertionError("ONNX Runtime: " + e.getMessage(), e);
        }
    }

    static Tensor lamina(OnnxImport.Result r, Tensor x) {
        try (CompiledModel m = Lamina.compile(r.model(), r.weights(), "cpu")) {
            return m.forward(x);
        }
    }

    /** A seeded input of {@code dims} (batch first) in [−2, 2). */
    static Tensor input(long seed, int... dims) {
        Random rnd = new Random(seed);
        Shape s = Shape.of(dims);
        float[] v = new float[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextFloat() * 4 - 2;
        }
        return Tensor.of(s, v);
    }

    /**
     * Imports {@code model}, runs both on {@code x}, asserts the same shape and values within
     * {@code tol}·max(1, max|y|); returns the max abs difference.
     */
    static double compare(byte[] model, Tensor x, double tol) {
        OnnxImport.Result r = OnnxImport.read(model, "test.onnx", "test");
        Tensor want = onnxRuntime(model, x);
        Tensor got = lamina(r, x);
        assertArrayEquals(want.shape().dims(), got.shape().dims(), "output shape");
        double max = 0;
        double scale = 1;
        float[] a = want.toArray();
        float[] b = got.toArray();
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(a[i]));
            max = Math.max(max, Math.abs(a[i] - b[i]));
            if (Float.isNaN(a[i]) != Float.isNaN(b[i])) {
                throw new AssertionError("element " + i + ": ONNX Runtime " + a[i] + ", Lamina " + b[i]);
            }
        }
        assertTrue(max <= tol * scale, "max abs difference " + max + " above " + tol * scale);
        return max;
    }
}
