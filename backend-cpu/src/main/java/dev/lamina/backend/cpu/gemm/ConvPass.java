package dev.lamina.backend.cpu.gemm;

/** A conv computed with its epilogue in one pass over the batch: {@link ConvGemm} or {@link DepthwiseConv}. */
public interface ConvPass {
    /** {@code y[s] = epilogue(conv(x[s]))} for the first {@code batch} samples. */
    void forward(int batch, float[] x, float[] y);

    /** Values per sample written (after a fused pool, the pool's output). */
    int outSize();
}
