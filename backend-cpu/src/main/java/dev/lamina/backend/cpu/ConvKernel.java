package dev.lamina.backend.cpu;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Shape;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

import java.util.Arrays;

/**
 * {@code nn.Conv2d} (cross-correlation, zero padding on any side, dilation, groups) in float, NCHW.
 * Filter f of group g = f / (filters/groups) reads only that group's input channels; a depthwise conv
 * (groups = channels = filters) is therefore the same direct loop with one channel per filter — a few
 * shifted multiply-adds over each plane, never a GEMM per channel.
 *
 * <p>Loop order: for each sample n and filter f the output plane starts at zero; then for each input
 * channel c, kernel row kh and kernel column kw, the weight times the matching shifted input row is added
 * to every output row the tap reaches ("axpy over rows"); the bias is added last. Every output element
 * therefore sums its products in c, kh, kw order and adds the bias after the sum, as a direct
 * convolution would, while the inner loop is a contiguous multiply-add the JIT vectorises (when the
 * column stride is 1). Padding is never materialised: the rows and columns each tap reaches are worked
 * out once here, so the inner loop has no bounds checks of its own.
 */
final class ConvKernel implements Kernel {
    private final String name;
    private final int channels;
    /** Input channels each filter reads: channels / groups. */
    private final int groupChannels;
    /** Filters per group: filters / groups. */
    private final int groupFilters;
    private final int height;
    private final int width;
    private final int filters;
    private final int kh;
    private final int kw;
    private final int strideH;
    private final int strideW;
    private final int outH;
    private final int outW;
    private final int inSize;
    private final int[] inSizes;
    private final int outSize;
    private final float[] weight;
    /** Null when the layer has no bias. */
    private final float[] bias;
    /** For kernel row i: output rows [rowLo[i], rowHi[i]) read an input row; inRow0[i] is rowLo's input row. */
    private final int[] rowLo;
    private final int[] rowHi;
    private final int[] inRow0;
    /** For kernel column j: output columns [colLo[j], colHi[j]) read an input column; inCol0[j] is colLo's. */
    private final int[] colLo;
    private final int[] colHi;
    private final int[] inCol0;

    ConvKernel(Node node) {
        Conv2d conv = (Conv2d) node.layer();
        Shape in = node.inputShape();
        Shape out = node.outputShape();
        name = node.name();
        channels = in.dim(0);
        height = in.dim(1);
        width = in.dim(2);
        filters = conv.filters();
        groupChannels = channels / conv.groups();
        groupFilters = filters / conv.groups();
        kh = conv.kernel().h();
        kw = conv.kernel().w();
        strideH = conv.stride().h();
        strideW = conv.stride().w();
        outH = out.dim(1);
        outW = out.dim(2);
        inSize = in.size();
        inSizes = new int[] {inSize};
        outSize = out.size();
        weight = NodeParams.require(node, "weight");
        bias = conv.bias() ? NodeParams.require(node, "bias") : null;

        rowLo = new int[kh];
        rowHi = new int[kh];
        inRow0 = new int[kh];
        reach(kh, outH, height, strideH, conv.padding().top(), conv.dilation().h(), rowLo, rowHi, inRow0);
        colLo = new int[kw];
        colHi = new int[kw];
        inCol0 = new int[kw];
        reach(kw, outW, width, strideW, conv.padding().left(), conv.dilation().w(), colLo, colHi, inCol0);
    }

    /**
     * For each tap t of a window, the output positions whose input position
     * {@code o·stride − pad + t·dilation} lies inside {@code [0, in)}. The input position grows with o,
     * so they form one range; an empty range has lo == hi.
     */
    static void reach(int taps, int out, int in, int stride, int pad, int dilation, int[] lo, int[] hi,
                      int[] firstInput) {
        for (int t = 0; t < taps; t++) {
            int first = -1;
            int last = -1;
            for (int o = 0; o < out; o++) {
                int i = o * stride - pad + t * dilation;
                if (i >= 0 && i < in) {
                    if (first < 0) {
                        first = o;
                    }
                    last = o;
                }
            }
            lo[t] = first < 0 ? 0 : first;
            hi[t] = first < 0 ? 0 : last + 1;
            firstInput[t] = lo[t] * stride - pad + t * dilation;
        }
    }

    @Override
    public void forward(int batch, float[][] inputs, float[] output) {
        NodeParams.checkBuffers(name, batch, inputs, inSizes, output, outSize);
        float[] input = inputs[0];
        int plane = outH * outW;
        int inPlane = height * width;
        int taps = kh * kw;
        for (int n = 0; n < batch; n++) {
            int inSample = n * inSize;
            for (int f = 0; f < filters; f++) {
                int outBase = n * outSize + f * plane;
                Arrays.fill(output, outBase, outBase + plane, 0f);
                int c0 = f / groupFilters * groupChannels;
                for (int c = 0; c < groupChannels; c++) {
                    int inBase = inSample + (c0 + c) * inPlane;
                    int wBase = (f * groupChannels + c) * taps;
                    for (int i = 0; i < kh; i++) {
                        for (int j = 0; j < kw; j++) {
                            accumulate(input, inBase, output, outBase, i, j, weight[wBase + i * kw + j]);
                        }
                    }
                }
                if (bias != null) {
                    float b = bias[f];
                    for (int p = outBase; p < outBase + plane; p++) {
                        output[p] += b;
                    }
                }
            }
        }
    }

    /** Adds {@code w} times the input seen by tap (i, j) to every output element that tap reaches. */
    private void accumulate(float[] input, int inBase, float[] output, int outBase, int i, int j, float w) {
        int oh0 = rowLo[i];
        int oh1 = rowHi[i];
        int ow0 = colLo[j];
        int len = colHi[j] - ow0;
        if (oh0 >= oh1 || len <= 0) {
            return;
        }
        int src = inBase + inRow0[i] * width + inCol0[j];
        int srcRowStep = strideH * width;
        int dst = outBase + oh0 * outW + ow0;
        if (strideW == 1) {
            for (int oh = oh0; oh < oh1; oh++, src += srcRowStep, dst += outW) {
                for (int k = 0; k < len; k++) {
                    output[dst + k] += w * input[src + k];
                }
            }
        } else {
            for (int oh = oh0; oh < oh1; oh++, src += srcRowStep, dst += outW) {
                for (int k = 0, s = src; k < len; k++, s += strideW) {
                    output[dst + k] += w * input[s];
                }
            }
        }
    }
}
