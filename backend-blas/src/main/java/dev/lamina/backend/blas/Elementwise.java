package dev.lamina.backend.blas;

import java.nio.FloatBuffer;

/** ReLU, sigmoid, tanh: chunks of the native buffer through a heap array that stays in cache. */
final class Elementwise extends Step {
    /** What the step computes per value. */
    enum Op { RELU, SIGMOID, TANH }

    private final Op op;
    private final int size;
    private final int in;
    private final int out;

    Elementwise(String name, Op op, int size, int in, int out) {
        super(name);
        this.op = op;
        this.size = size;
        this.in = in;
        this.out = out;
    }

    @Override
    void run(Workspace ws, Workspace.Lane lane, int first, int last, int threads) {
        FloatBuffer src = ws.bufs[in];
        FloatBuffer dst = ws.bufs[out];
        float[] a = lane.input;
        int total = Math.multiplyExact(last, size);
        for (int from = first * size; from < total; from += a.length) {
            int len = Math.min(a.length, total - from);
            src.get(from, a, 0, len);
            switch (op) {
                case RELU -> {
                    for (int i = 0; i < len; i++) {
                        a[i] = Math.max(a[i], 0f);
                    }
                }
                case SIGMOID -> {
                    for (int i = 0; i < len; i++) {
                        a[i] = sigmoid(a[i]);
                    }
                }
                case TANH -> {
                    for (int i = 0; i < len; i++) {
                        a[i] = (float) Math.tanh(a[i]);
                    }
                }
            }
            dst.put(from, a, 0, len);
        }
    }

    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }
}
