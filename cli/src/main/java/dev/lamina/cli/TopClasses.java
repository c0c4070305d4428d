package dev.lamina.cli;

import dev.lamina.api.Tensor;

import java.util.Arrays;
import java.util.Comparator;

/**
 * {@code --top K}: the K highest scores of each sample of an {@code [N, classes]} output, best first, with
 * the softmax probability of each (computed here in double, so raw logits read as probabilities too).
 * Ties keep the lower class index first; NaN scores sort last.
 */
final class TopClasses {
    private TopClasses() {
    }

    static String format(String layer, Tensor y, int k) {
        if (y.shape().rank() != 2) {
            throw new UsageException("--top needs an [N, classes] output, but " + layer + " gives " + y.shape());
        }
        int n = y.shape().dim(0);
        int classes = y.shape().dim(1);
        int shown = Math.min(k, classes);
        float[] v = y.toArray();
        StringBuilder b = new StringBuilder();
        for (int s = 0; s < n; s++) {
            int base = s * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, v[base + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(v[base + c] - max);
            }
            Integer[] order = new Integer[classes];
            for (int c = 0; c < classes; c++) {
                order[c] = c;
            }
            Comparator<Integer> byScore = Comparator.comparingDouble(c -> Float.isNaN(v[base + c])
                    ? Double.POSITIVE_INFINITY : -v[base + c]);
            Arrays.sort(order, byScore.thenComparingInt(c -> c));
            b.append("top ").append(shown).append(" of sample ").append(s).append(" (").append(classes)
                    .append(" classes):\n");
            for (int i = 0; i < shown; i++) {
                int c = order[i];
                b.append(String.format(java.util.Locale.ROOT, "  %d. class %d  score %.6g  p %.4f%n", i + 1, c,
                        v[base + c], Math.exp(v[base + c] - max) / sum));
            }
        }
        return b.toString();
    }
}
