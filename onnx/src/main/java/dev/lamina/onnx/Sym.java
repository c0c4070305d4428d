package dev.lamina.onnx;

import dev.lamina.api.Shape;

/**
 * What an ONNX value name stands for while a graph is imported. Every value is one of: a constant (folded
 * now), a layer's output (computed when the model runs), or one step of a multi-node pattern that becomes
 * a layer only when its last node is seen. A pattern step read by anything but the pattern's next node is
 * an error naming that node: it has no Lamina meaning on its own.
 */
sealed interface Sym {

    /** A value known at import time. */
    record Const(ConstTensor value) implements Sym {
    }

    /** The output of a Lamina layer (or the model input): {@code shape} is per sample, without the batch. */
    record Runtime(String name, Shape shape) implements Sym {
        /** The ONNX rank: the per-sample rank plus the batch axis. */
        int onnxRank() {
            return shape.rank() + 1;
        }
    }

    /**
     * An unfinished pattern. {@code source} is the runtime value it started from, {@code node} the ONNX
     * name of the node that started it (the layer gets its name), {@code constant} what the step carries
     * (MatMul's weight), {@code groups} a channel shuffle's groups.
     */
    record Pattern(Step step, Runtime source, String node, ConstTensor constant, int groups) implements Sym {
    }

    /** Pattern steps; the javadoc of each says which nodes lead to it. */
    enum Step {
        /** MatMul(x, W): a Dense without bias, or with one when an Add of a constant follows. */
        MATMUL,
        /** Reshape [N, C, H, W] → [N, g, C/g, H, W]. */
        SHUFFLE_VIEW,
        /** ... then Transpose perm [0, 2, 1, 3, 4]; a Reshape back to [N, C, H, W] makes it a channel shuffle. */
        SHUFFLE_TRANSPOSED,
        /** GELU (erf): Div(x, √2). */
        GELU_DIV,
        /** ... Erf. */
        GELU_ERF,
        /** ... Add 1. */
        GELU_ERF_PLUS_1,
        /** ... Mul by x: x·(1 + erf(x/√2)); a Mul by 0.5 ends it. */
        GELU_X_TIMES,
        /** Mul(x, 0.5) first, the other order: waits for the Mul by (1 + erf(x/√2)) or (1 + tanh(…)). */
        GELU_HALF_X,
        /** GELU (tanh): 0.044715 · x³, where x³ is Mul(x, Mul(x, x)). */
        GELU_TANH_CUBE,
        /** ... x + 0.044715 · x³. */
        GELU_TANH_SUM,
        /** ... √(2/π) · (x + 0.044715 · x³). */
        GELU_TANH_INNER,
        /** ... tanh of it. */
        GELU_TANH,
        /** ... 1 + tanh(…). */
        GELU_TANH_PLUS_1,
        /** ... x · (1 + tanh(…)); a Mul by 0.5 ends it. */
        GELU_TANH_X_TIMES
    }
}
