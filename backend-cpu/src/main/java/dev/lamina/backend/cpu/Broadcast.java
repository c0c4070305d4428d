package dev.lamina.backend.cpu;

import dev.lamina.api.Shape;
import dev.lamina.spi.Node;

/**
 * The geometry of an element-wise combination (add, mul) whose inputs are each either the output's shape
 * or {@code [C, 1, 1]} broadcast over {@code [C, H, W]}: the output is walked plane by plane (per sample and
 * channel), and a broadcast input contributes one value per plane. A flat output is one plane per sample.
 */
final class Broadcast {
    /** Planes per sample and values per plane of the output. */
    final int channels;
    final int plane;
    final int outSize;
    /** Per input: whether it holds the full output shape (else one value per plane). */
    final boolean[] full;
    final int[] inSizes;

    Broadcast(Node node) {
        Shape out = node.outputShape();
        outSize = out.size();
        channels = out.rank() == 3 ? out.dim(0) : 1;
        plane = outSize / channels;
        int n = node.inputShapes().size();
        full = new boolean[n];
        inSizes = new int[n];
        for (int i = 0; i < n; i++) {
            Shape s = node.inputShapes().get(i);
            full[i] = s.equals(out);
            inSizes[i] = s.size();
        }
    }
}
