package dev.lamina.backend.cpu;

/**
 * Where each pooling window lies along one axis, clipped to the input: output position o covers input
 * positions {@code [start[o], end[o])}. Worked out once per kernel so the pooling loops do no clipping.
 */
final class PoolAxis {
    private final int[] start;
    private final int[] end;

    PoolAxis(int outputs, int input, int kernel, int stride, int pad) {
        start = new int[outputs];
        end = new int[outputs];
        for (int o = 0; o < outputs; o++) {
            int s = o * stride - pad;
            start[o] = Math.max(s, 0);
            end[o] = Math.min(s + kernel, input);
        }
    }

    int start(int o) {
        return start[o];
    }

    int end(int o) {
        return end[o];
    }
}
