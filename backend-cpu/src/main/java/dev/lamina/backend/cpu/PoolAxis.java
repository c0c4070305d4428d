package dev.lamina.backend.cpu;

/**
 * Where each pooling window lies along one axis: output position o reads input positions
 * {@code start[o], start[o] + step, …} below {@code end[o]} (clipped to the input: padding is never read),
 * and {@code span[o]} is how many positions the window covers counting padding, as PyTorch's average
 * pool counts them. Worked out once per kernel so the pooling loops do no clipping.
 */
final class PoolAxis {
    private final int[] start;
    private final int[] end;
    private final int[] span;
    private final int step;

    private PoolAxis(int outputs, int step) {
        start = new int[outputs];
        end = new int[outputs];
        span = new int[outputs];
        this.step = step;
    }

    /**
     * A strided window of {@code kernel} taps {@code dilation} apart, the first at {@code o·stride − before};
     * the padded span ends at {@code min(first + kernel, input + after)} (PyTorch's rule, so a ceil_mode window
     * running past the padding does not count the overhang).
     */
    static PoolAxis strided(int outputs, int input, int kernel, int stride, int before, int after, int dilation) {
        PoolAxis a = new PoolAxis(outputs, dilation);
        for (int o = 0; o < outputs; o++) {
            int s = o * stride - before;
            // first tap at or after 0, on the dilation grid from s
            int first = s >= 0 ? s : s + (-s + dilation - 1) / dilation * dilation;
            a.start[o] = first;
            a.end[o] = Math.min(s + (kernel - 1) * dilation + 1, input);
            a.span[o] = Math.min(s + kernel, input + after) - s;
        }
        return a;
    }

    /** Adaptive pooling: window o is {@code [floor(o·in/out), ceil((o+1)·in/out))}, no padding. */
    static PoolAxis adaptive(int outputs, int input) {
        PoolAxis a = new PoolAxis(outputs, 1);
        for (int o = 0; o < outputs; o++) {
            a.start[o] = (int) ((long) o * input / outputs);
            a.end[o] = (int) (((long) (o + 1) * input + outputs - 1) / outputs);
            a.span[o] = a.end[o] - a.start[o];
        }
        return a;
    }

    int start(int o) {
        return start[o];
    }

    int end(int o) {
        return end[o];
    }

    int step() {
        return step;
    }

    /** Positions the window covers, padding included. */
    int span(int o) {
        return span[o];
    }

    /** Input positions the window reads (step 1 only). */
    int count(int o) {
        return Math.max(end[o] - start[o], 0);
    }
}
