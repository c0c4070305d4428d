package dev.lamina.robustness;

import dev.lamina.api.AvgPool2d;
import dev.lamina.api.Dims2;
import dev.lamina.api.Layer;
import dev.lamina.api.MaxPool2d;
import dev.lamina.core.LayerNode;
import dev.lamina.core.Model;

/**
 * The models the run target executes: those whose work fits a fuzzing execution. A valid model with a
 * hundred million multiply-adds is not hostile, only slow, and would read as a hang; models too large for
 * memory are the memory check's case, tested on its own. So the target skips, before compiling, models
 * over {@link #MAX_WORK} multiply-adds or {@link #MAX_VALUES} activation and weight values per sample.
 */
final class Budget {
    static final long MAX_WORK = 20_000_000L;
    static final long MAX_VALUES = 1L << 20;

    private Budget() {
    }

    static boolean fits(Model model) {
        long work = 0;
        long values = model.inputShape().size();
        for (LayerNode n : model.layers()) {
            long out = n.outputShape().size();
            long params = n.parameterCount();
            long channels = Math.max(1, n.outputShape().dim(0));
            // per output value: conv reads C/groups·kh·kw inputs, dense its in_features (= params per
            // output channel); a pool its window; every other layer a few values
            long perOutput = 1 + params / channels + window(n.layer());
            values += out + params;
            work += out * perOutput;
            if (values > MAX_VALUES || work > MAX_WORK) {
                return false;
            }
        }
        return true;
    }

    private static long window(Layer layer) {
        Dims2 k = layer instanceof MaxPool2d p ? p.kernel() : layer instanceof AvgPool2d p ? p.kernel() : null;
        return k == null ? 0 : (long) k.h() * k.w();
    }
}
