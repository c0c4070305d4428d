package dev.lamina.inspect;

import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Layer;
import dev.lamina.api.Names;
import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.LayerOutputs;
import dev.lamina.core.Weights;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pictures of what a network computes, drawn with Java2D alone: feature maps as heatmap tiles (one per
 * channel), flat outputs as bar charts, conv filters as small heatmaps, dense weights as one heatmap,
 * and the difference between two runs. Every heatmap uses a {@link ColorScale} centred on zero and
 * symmetric on the largest magnitude it shows; sizes follow {@link TileLayout} and {@link BarLayout}.
 * <pre>{@code
 * LayerOutputs all = compiled.forwardAll(x);
 * BufferedImage conv1 = LayerPictures.output("conv1", LayerPictures.sample(all.get("conv1"), 0)).image();
 * }</pre>
 */
public final class LayerPictures {
    private LayerPictures() {
    }

    /** One sample of a batch {@code [N, ...]}, without the batch axis. */
    public static Tensor sample(Tensor batch, int index) {
        Shape s = batch.shape();
        if (s.rank() < 2) {
            throw new IllegalArgumentException("expected a batch [N, ...], got " + s);
        }
        if (index < 0 || index >= s.dim(0)) {
            throw new IllegalArgumentException("sample " + index + " is outside the batch of " + s.dim(0));
        }
        Shape one = s.dropFirst();
        float[] v = new float[one.size()];
        batch.copyTo(index * one.size(), v, 0, v.length);
        return Tensor.adopt(one, v);
    }

    /** A layer's output for one sample: feature maps for {@code [C, H, W]}, a bar chart for the rest. */
    public static Picture output(String name, Tensor perSample) {
        return perSample.shape().rank() == 3 ? featureMaps(name, perSample) : bars(name, perSample);
    }

    /** One heatmap tile per channel of a {@code [C, H, W]} tensor (at most 32). */
    public static Picture featureMaps(String name, Tensor chw) {
        Shape s = chw.shape();
        TileLayout layout = TileLayout.forMaps(s);
        String what = s.dim(0) + (s.dim(0) == 1 ? " channel" : " channels") + " of " + s.dim(1) + "×" + s.dim(2);
        return tiles(name, what, chw, layout);
    }

    /** A bar per value of a tensor read as flat (at most the first 256). */
    public static Picture bars(String name, Tensor values) {
        float[] v = values.toArray();
        BarLayout layout = BarLayout.of(v.length);
        ColorScale scale = ColorScale.of(java.util.Arrays.copyOf(v, layout.shown()));
        String what = v.length + (v.length == 1 ? " value" : " values");
        return new Picture(name, what, values.shape(), v, layout, scale, Painter.bars(layout, v, scale));
    }

    /** A parameter: filters for a conv weight, a heatmap for a dense weight, bars for a bias. */
    public static Picture weight(String name, Tensor param) {
        return switch (param.shape().rank()) {
            case 4 -> convFilters(name, param);
            case 2 -> matrix(name, param);
            default -> bars(name, param);
        };
    }

    /**
     * A parameter of {@code layer}, said in the layer's terms: a grouped or depthwise conv's filters (one
     * kh×kw kernel per channel for depthwise), BatchNorm's per-channel scale, shift and running statistics
     * (marked not trainable); other parameters as {@link #weight(String, Tensor)} draws them.
     */
    public static Picture weight(String name, String param, Tensor value, Layer layer) {
        String full = name + "." + param;
        if (layer instanceof Conv2d c && c.groups() > 1 && value.shape().rank() == 4) {
            Shape s = value.shape();
            String what = c.groups() == s.dim(0) && s.dim(1) == 1
                    ? s.dim(0) + " depthwise filters, one " + s.dim(2) + "×" + s.dim(3) + " kernel per channel"
                    : s.dim(0) + " filters of " + s.dim(1) + "×" + s.dim(2) + "×" + s.dim(3) + " in " + c.groups()
                    + " groups (inputs of the group × kh × kw)";
            return tiles(full, what, value, TileLayout.forFilters(s));
        }
        if (layer instanceof BatchNorm2d) {
            String role = switch (param) {
                case Names.WEIGHT -> "scale γ per channel";
                case Names.BIAS -> "shift β per channel";
                case BatchNorm2d.RUNNING_MEAN -> "running mean per channel (not trainable)";
                case BatchNorm2d.RUNNING_VAR -> "running variance per channel (not trainable)";
                default -> param;
            };
            Picture p = bars(full, value);
            return new Picture(full, role + ", " + p.description(), p.shape(), value.toArray(), p.layout(), p.scale(),
                    p.imageView());
        }
        return weight(full, value);
    }

    /** The kernels of a conv weight {@code [O, I, kh, kw]} as small heatmaps: a row per filter. */
    public static Picture convFilters(String name, Tensor oihw) {
        Shape s = oihw.shape();
        TileLayout layout = TileLayout.forFilters(s);
        String what = s.dim(0) + (s.dim(0) == 1 ? " filter" : " filters") + " of " + s.dim(1) + "×" + s.dim(2)
                + "×" + s.dim(3) + " (inputs × kh × kw)";
        return tiles(name, what, oihw, layout);
    }

    /** A {@code [rows, columns]} matrix as one heatmap, e.g. a dense weight {@code [units, inputs]}. */
    public static Picture matrix(String name, Tensor rc) {
        Shape s = rc.shape();
        TileLayout layout = TileLayout.forMatrix(s);
        return tiles(name, s.dim(0) + " × " + s.dim(1) + " matrix (units × inputs)", rc, layout);
    }

    /**
     * The element-wise difference {@code a − b} of two tensors of one shape, drawn like {@code a} (feature
     * maps or bars) on a scale symmetric on the largest difference. NaN on both sides counts as equal.
     */
    public static Picture difference(String name, Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException(name + ": cannot compare " + a.shape() + " with " + b.shape());
        }
        float[] x = a.toArray();
        float[] y = b.toArray();
        float[] d = new float[x.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Float.isNaN(x[i]) && Float.isNaN(y[i]) ? 0 : x[i] - y[i];
        }
        Tensor diff = Tensor.adopt(a.shape(), d);
        Picture p = output(name, diff);
        return new Picture(name, "difference, max |a − b| = " + Text.exact(maxAbsDifference(a, b)),
                p.shape(), d, p.layout(), p.scale(), p.imageView());
    }

    /**
     * The largest {@code |a − b|} over all values; NaN when a value is NaN on one side only, infinite when
     * an infinity differs.
     */
    public static float maxAbsDifference(Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException("cannot compare " + a.shape() + " with " + b.shape());
        }
        float max = 0;
        for (int i = 0; i < a.size(); i++) {
            float x = a.at(i);
            float y = b.at(i);
            if (Float.isNaN(x) || Float.isNaN(y)) {
                if (Float.isNaN(x) != Float.isNaN(y)) {
                    return Float.NaN;
                }
                continue;
            }
            if (x == y) {
                continue; // equal infinities differ by NaN in float arithmetic, not by 0
            }
            max = Math.max(max, Math.abs(x - y));
        }
        return max;
    }

    /** The input and every layer's output for one sample, by name ({@code input} first), in model order. */
    public static Map<String, Picture> outputs(LayerOutputs outputs, int sample) {
        Map<String, Picture> m = new LinkedHashMap<>();
        m.put("input", output("input", sample(outputs.input(), sample)));
        outputs.outputs().forEach((layer, t) -> m.put(layer, output(layer, sample(t, sample))));
        return Collections.unmodifiableMap(m);
    }

    /** Every parameter as {@code <layer>.<param>}, in model order. */
    public static Map<String, Picture> weights(Weights weights) {
        Map<String, Picture> m = new LinkedHashMap<>();
        weights.toStateDict().forEach((key, t) -> m.put(key, weight(key, t)));
        return Collections.unmodifiableMap(m);
    }

    private static Picture tiles(String name, String what, Tensor t, TileLayout layout) {
        float[] v = t.toArray();
        ColorScale scale = ColorScale.of(shownValues(layout, v));
        return new Picture(name, what, t.shape(), v, layout, scale, Painter.tiles(layout, v, scale));
    }

    /** The values a layout shows: the scale follows what is drawn, not what was left out. */
    private static float[] shownValues(TileLayout layout, float[] v) {
        if (layout.shown() == layout.count()) {
            return v;
        }
        float[] shown = new float[layout.shown()];
        int i = 0;
        for (int t = 0; t < layout.tilesShown(); t++) {
            for (int r = 0; r < layout.mapRows(); r++) {
                for (int c = 0; c < layout.mapColumns(); c++) {
                    shown[i++] = v[layout.index(t, r, c)];
                }
            }
        }
        return shown;
    }
}
