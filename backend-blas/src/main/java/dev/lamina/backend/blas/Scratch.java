package dev.lamina.backend.blas;

/**
 * Sizes, in floats, of the heap arrays each {@link Workspace.Lane} holds for the Java passes of a plan: the
 * largest any step asks for. The steps state their needs through {@link Needs} when the plan is built.
 *
 * @param input    where a pass reads a sample, a plane or a chunk of a buffer (conv: the zero-padded plane)
 * @param work     a second array: a pass's output plane, or a conv's raw input plane and GEMM result rows
 * @param result   a conv's output plane after its epilogue (bias, ReLU, fused pool)
 * @param rows     the length of each Winograd or parity working row (0: the plan has neither)
 * @param stage    an im2col block assembled on the heap before one bulk copy to native memory (0: none)
 * @param outStage the outputs of a small block of images, copied to native memory in one go (0: none)
 * @param product  a small block's GEMM result when the GEMM runs on the heap ({@link ConvLowering#heapGemm}; 0: none)
 * @param pool     a conv epilogue's rows for a fused max-pool other than 2×2/2 (0: none)
 */
record Scratch(int input, int work, int result, int rows, int stage, int outStage, int product, int pool) {
    Scratch {
        if (input < 0 || work < 0 || result < 0 || rows < 0 || stage < 0 || outStage < 0 || product < 0 || pool < 0) {
            throw new IllegalArgumentException("negative scratch size: input " + input + ", work " + work
                    + ", result " + result + ", rows " + rows + ", stage " + stage + ", outStage " + outStage
                    + ", product " + product + ", pool " + pool);
        }
    }

    /** What the steps of one plan need, raised step by step; starts at {@link BlasPlan#CHUNK} for the passes. */
    static final class Needs {
        private int input = BlasPlan.CHUNK;
        private int work = BlasPlan.CHUNK;
        private int result = BlasPlan.CHUNK;
        private int rows;
        private int stage;
        private int outStage;
        private int product;
        private int pool;

        Needs input(long floats) {
            input = raise(input, floats);
            return this;
        }

        Needs work(long floats) {
            work = raise(work, floats);
            return this;
        }

        Needs result(long floats) {
            result = raise(result, floats);
            return this;
        }

        Needs rows(long floats) {
            rows = raise(rows, floats);
            return this;
        }

        Needs stage(long floats) {
            stage = raise(stage, floats);
            return this;
        }

        Needs outStage(long floats) {
            outStage = raise(outStage, floats);
            return this;
        }

        Needs product(long floats) {
            product = raise(product, floats);
            return this;
        }

        Needs pool(long floats) {
            pool = raise(pool, floats);
            return this;
        }

        Scratch build() {
            return new Scratch(input, work, result, rows, stage, outStage, product, pool);
        }

        private static int raise(int current, long floats) {
            if (floats > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("a sample needs " + floats + " floats in one array, too many");
            }
            return Math.max(current, (int) floats);
        }
    }
}
