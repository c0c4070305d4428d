package dev.lamina.spi;

import dev.lamina.api.Layer;
import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One layer of a model as a backend sees it: its name, spec, the names of the values it reads (a graph
 * input or an earlier node), per-sample input and output shapes, and its parameters in PyTorch layout
 * ({@code weight}, {@code bias}).
 */
public record Node(String name, Layer layer, List<String> inputs, List<Shape> inputShapes, Shape outputShape,
                   Map<String, Tensor> params) {
    public Node {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(layer, "layer");
        inputs = List.copyOf(inputs);
        inputShapes = List.copyOf(inputShapes);
        Objects.requireNonNull(outputShape, "outputShape");
        params = Map.copyOf(params);
        if (inputs.size() != inputShapes.size()) {
            throw new IllegalArgumentException(name + ": " + inputs.size() + " inputs but "
                    + inputShapes.size() + " input shapes");
        }
        // Backends index buffers with these shapes: a node that lies about them must fail here, not read
        // past a sample inside a kernel.
        Shape computed = layer.outputShape(name, inputShapes);
        if (!computed.equals(outputShape)) {
            throw new IllegalArgumentException(name + ": output shape " + outputShape + " does not match the "
                    + layer.type() + " layer's " + computed);
        }
        Map<String, Shape> expected = layer.parameterShapes(inputShapes);
        if (!expected.keySet().equals(params.keySet())) {
            throw new IllegalArgumentException(name + ": expected parameters " + expected.keySet() + ", got "
                    + new java.util.TreeSet<>(params.keySet()));
        }
        for (Map.Entry<String, Shape> e : expected.entrySet()) {
            Shape got = params.get(e.getKey()).shape();
            if (!got.equals(e.getValue())) {
                throw new IllegalArgumentException(name + ": " + e.getKey() + " expected shape " + e.getValue()
                        + ", got " + got);
            }
        }
    }

    /** The single input's shape, for one-input layers. */
    public Shape inputShape() {
        return inputShapes.get(0);
    }

    /**
     * A copy of a parameter's values (PyTorch layout), or {@code null} when the layer has no such parameter.
     * Each call copies — a large dense weight is megabytes — so read it once, when building a kernel or plan,
     * never in {@link Backend#supports(Node)} or per call.
     */
    public float[] param(String key) {
        Tensor t = params.get(key);
        return t == null ? null : t.toArray();
    }
}
