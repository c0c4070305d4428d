package dev.lamina.api;

/**
 * The output-size rule shared by convolutions and pools, per axis, exactly as PyTorch's
 * {@code pooling_output_shape_pad_lr}: {@code floor((in + before + after − dil·(k − 1) − 1 [+ stride − 1 with
 * ceil_mode]) / stride) + 1}, and with {@code ceil_mode} the last window must start inside the input or the
 * leading padding ({@code (out − 1)·stride < in + before}), else it is dropped.
 */
final class WindowRule {
    private WindowRule() {
    }

    static int output(String name, String what, Shape input, String axis, int in, int k, int stride, int before,
                      int after, int dil, boolean ceil) {
        int effective = Math.addExact(Math.multiplyExact(dil, k - 1), 1);
        long span = (long) in + before + after - effective;
        if (span < 0) {
            throw new ShapeException(name + ": " + what + " window of " + effective + " does not fit " + axis
                    + " " + in + " of input " + input + " with padding " + before + " + " + after
                    + " (output would be empty)");
        }
        long out = (ceil ? span + stride - 1 : span) / stride + 1;
        if (ceil && (out - 1) * stride >= (long) in + before) {
            out--;
        }
        return Math.toIntExact(out);
    }
}
