package dev.lamina.core;

import dev.lamina.api.Names;
import dev.lamina.api.ParamInit;
import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * The parameters of a model, checked against it: every layer's {@code weight} and {@code bias} in PyTorch
 * layout. Immutable. Built per layer or all at once, in PyTorch or Keras layout.
 */
public final class Weights {
    private final Model model;
    /** Layer name → parameter name → tensor, in model order. */
    private final Map<String, Map<String, Tensor>> params;

    private Weights(Model model, Map<String, Map<String, Tensor>> params) {
        this.model = model;
        this.params = params;
    }

    public static Builder builder(Model model) {
        return new Builder(model);
    }

    /** A model without parameters (only pools and activations) needs no weights. */
    public static Weights none(Model model) {
        return builder(model).build();
    }

    /**
     * Deterministic weights for examples and tests, each parameter drawn as its layer asks
     * ({@link dev.lamina.api.Layer#initialisation}; conv and dense: PyTorch's default, uniform in
     * ±1/√fan_in). Not PyTorch's random stream: the same seed gives the same weights in Lamina only.
     */
    public static Weights random(Model model, long seed) {
        checkMemory(model);
        Random rnd = new Random(seed);
        Builder b = builder(model);
        for (LayerNode n : model.layers()) {
            Map<String, Shape> shapes = n.parameterShapes();
            for (Map.Entry<String, Shape> e : shapes.entrySet()) {
                ParamInit init = n.layer().initialisation(e.getKey(), shapes);
                // Written as mid + half·(2r − 1) so that a symmetric range draws exactly what it always has.
                float mid = (float) ((init.low() + init.high()) / 2);
                float half = (float) ((init.high() - init.low()) / 2);
                float[] v = new float[e.getValue().size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (rnd.nextFloat() * 2 - 1) * half + mid;
                }
                b.set(n.name(), e.getKey(), Tensor.of(e.getValue(), v));
            }
        }
        return b.build();
    }

    /**
     * Fails with a {@link MemoryException} unless every parameter the model declares fits the heap as float32,
     * naming the layer with the most.
     */
    public static void checkMemory(Model model) {
        LayerNode heaviest = null;
        for (LayerNode n : model.layers()) {
            if (heaviest == null || n.parameterCount() > heaviest.parameterCount()) {
                heaviest = n;
            }
        }
        if (heaviest != null && heaviest.parameterCount() > 0) {
            MemoryCheck.heap(Math.multiplyExact(4L, model.parameterCount()), heaviest.name() + ": its "
                    + heaviest.parameterCount() + " parameters " + heaviest.parameterShapes().values() + " take "
                    + MemoryCheck.bytes(4L * heaviest.parameterCount()) + ", and holding the weights of model " + model.name(),
                    "");
        }
    }

    /**
     * From tensors named {@code <layer>.weight} / {@code <layer>.bias} in PyTorch layout (a PyTorch
     * {@code state_dict}, e.g. read from safetensors). Missing, extra or mis-shaped tensors are errors
     * that name them.
     */
    public static Weights fromStateDict(Model model, Map<String, Tensor> tensors) {
        Builder b = builder(model);
        TreeSet<String> extra = new TreeSet<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String key = e.getKey();
            int dot = key.lastIndexOf('.');
            String layer = dot < 0 ? key : key.substring(0, dot);
            String param = dot < 0 ? "" : key.substring(dot + 1);
            if (!model.hasLayer(layer) || !model.layer(layer).parameterShapes().containsKey(param)) {
                extra.add(key);
                continue;
            }
            b.set(layer, param, e.getValue());
        }
        if (!extra.isEmpty()) {
            throw new ModelException("tensors " + extra + " match no parameter of " + model.name()
                    + "; expected " + expectedNames(model));
        }
        return b.build();
    }

    static List<String> expectedNames(Model model) {
        List<String> names = new ArrayList<>();
        for (LayerNode n : model.layers()) {
            n.parameterShapes().keySet().forEach(p -> names.add(n.name() + "." + p));
        }
        return names;
    }

    public Model model() {
        return model;
    }

    /** One parameter of one layer, PyTorch layout. */
    public Tensor get(String layer, String param) {
        Tensor t = params.getOrDefault(layer, Map.of()).get(param);
        if (t == null) {
            throw new ModelException(layer + ": has no parameter " + param);
        }
        return t;
    }

    /** The parameters of one layer (empty for layers without any). */
    public Map<String, Tensor> of(String layer) {
        return params.getOrDefault(layer, Map.of());
    }

    /** One parameter in the given layout, e.g. a conv weight as HWIO for Keras. */
    public Tensor get(String layer, String param, WeightLayout layout) {
        Tensor t = get(layer, param);
        return Tensor.of(layout.shapeOf(t.shape()), layout.fromPytorch(t.toArray(), t.shape()));
    }

    /** Every tensor as {@code <layer>.<param>}, PyTorch layout, in model order: a state_dict. */
    public Map<String, Tensor> toStateDict() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        params.forEach((layer, ps) -> ps.forEach((p, t) -> m.put(layer + "." + p, t)));
        return Collections.unmodifiableMap(m);
    }

    /** Collects and checks weights; {@link #build()} fails if any parameter is missing. */
    public static final class Builder {
        private final Model model;
        private final Map<String, Map<String, Tensor>> params = new LinkedHashMap<>();

        private Builder(Model model) {
            this.model = model;
        }

        /** Sets one parameter from a tensor in PyTorch layout. */
        public Builder set(String layer, String param, Tensor value) {
            Shape expected = expectedShape(layer, param);
            if (!value.shape().equals(expected)) {
                throw new ModelException(layer + ": " + param + " expected shape " + expected
                        + " (PyTorch layout), got " + value.shape());
            }
            params.computeIfAbsent(layer, k -> new LinkedHashMap<>()).put(param, value);
            return this;
        }

        /** Sets one parameter from a tensor in the given layout. */
        public Builder set(String layer, String param, WeightLayout layout, Tensor value) {
            Shape pytorch = expectedShape(layer, param);
            Shape expected = layout.shapeOf(pytorch);
            if (!value.shape().equals(expected)) {
                throw new ModelException(layer + ": " + param + " expected shape " + expected + " ("
                        + layout.name().toLowerCase() + " layout), got " + value.shape());
            }
            return set(layer, param, Tensor.of(pytorch, layout.toPytorch(value.toArray(), pytorch)));
        }

        /**
         * Sets a layer's weight and bias from flat arrays in the given layout; {@code bias} may be null
         * for a layer without bias.
         */
        public Builder set(String layer, WeightLayout layout, float[] weight, float[] bias) {
            setFlat(layer, Names.WEIGHT, layout, weight);
            if (bias != null) {
                setFlat(layer, Names.BIAS, layout, bias);
            } else if (expectedShapes(layer).containsKey(Names.BIAS)) {
                throw new ModelException(layer + ": has a bias of shape " + expectedShapes(layer).get(Names.BIAS)
                        + ", but none was given");
            }
            return this;
        }

        private void setFlat(String layer, String param, WeightLayout layout, float[] values) {
            Shape pytorch = expectedShape(layer, param);
            if (values.length != pytorch.size()) {
                throw new ModelException(layer + ": " + param + " expected " + pytorch.size() + " values for "
                        + layout.shapeOf(pytorch) + " (" + layout.name().toLowerCase() + " layout), got "
                        + values.length);
            }
            set(layer, param, Tensor.of(pytorch, layout.toPytorch(values, pytorch)));
        }

        /**
         * Sets every parameter at once, in model order — weight then bias for each layer that has them —
         * like Keras' {@code model.set_weights([...])}.
         */
        public Builder setAll(WeightLayout layout, List<Tensor> tensors) {
            List<String> names = expectedNames(model);
            if (tensors.size() != names.size()) {
                throw new ModelException(model.name() + ": expected " + names.size() + " tensors " + names
                        + ", got " + tensors.size());
            }
            for (int i = 0; i < names.size(); i++) {
                String key = names.get(i);
                int dot = key.lastIndexOf('.');
                set(key.substring(0, dot), key.substring(dot + 1), layout, tensors.get(i));
            }
            return this;
        }

        private Map<String, Shape> expectedShapes(String layer) {
            return model.layer(layer).parameterShapes();
        }

        private Shape expectedShape(String layer, String param) {
            Map<String, Shape> shapes = expectedShapes(layer);
            Shape s = shapes.get(param);
            if (s == null) {
                throw new ModelException(layer + ": has no parameter " + param
                        + (shapes.isEmpty() ? " (it has no parameters)" : "; it has " + shapes.keySet()));
            }
            return s;
        }

        public Weights build() {
            List<String> missing = new ArrayList<>();
            Map<String, Map<String, Tensor>> ordered = new LinkedHashMap<>();
            for (LayerNode n : model.layers()) {
                Map<String, Tensor> set = params.getOrDefault(n.name(), Map.of());
                Map<String, Tensor> layerParams = new LinkedHashMap<>();
                for (String p : n.parameterShapes().keySet()) {
                    Tensor t = set.get(p);
                    if (t == null) {
                        missing.add(n.name() + "." + p + " " + n.parameterShapes().get(p));
                    } else {
                        layerParams.put(p, t);
                    }
                }
                if (!layerParams.isEmpty()) {
                    ordered.put(n.name(), Collections.unmodifiableMap(layerParams));
                }
            }
            if (!missing.isEmpty()) {
                throw new ModelException(model.name() + ": weights missing for " + missing);
            }
            return new Weights(model, Collections.unmodifiableMap(ordered));
        }
    }
}
