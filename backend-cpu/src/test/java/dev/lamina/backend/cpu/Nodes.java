package dev.lamina.backend.cpu;

import dev.lamina.api.Layer;
import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.spi.Node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds nodes the way a model loader would, and runs a single kernel over a batch. */
final class Nodes {
    private Nodes() {
    }

    /** A node reading inputs in0, in1, ... with the given per-sample shapes and parameters (weight, bias). */
    static Node node(String name, Layer layer, List<Shape> inputShapes, float[]... params) {
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < inputShapes.size(); i++) {
            inputs.add("in" + i);
        }
        Map<String, Shape> shapes = layer.parameterShapes(inputShapes);
        Map<String, Tensor> values = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, Shape> e : shapes.entrySet()) {
            if (i < params.length) {
                float[] p = params[i++];
                Shape s = p.length == e.getValue().size() ? e.getValue() : Shape.of(p.length);
                values.put(e.getKey(), Tensor.of(s, p));
            }
        }
        return new Node(name, layer, inputs, inputShapes, layer.outputShape(name, inputShapes), values);
    }

    static Node node(String name, Layer layer, Shape input, float[]... params) {
        return node(name, layer, List.of(input), params);
    }

    /** Runs the node's cpu kernel over {@code batch} samples and returns the output values. */
    static float[] run(Node node, int batch, float[]... inputs) {
        float[] out = new float[batch * node.outputShape().size()];
        new CpuBackend().kernel(node).forward(batch, inputs, out);
        return out;
    }

    /** 1, 2, 3, ... n. */
    static float[] iota(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i + 1;
        }
        return a;
    }

    static float[] negate(float[] a) {
        float[] b = a.clone();
        for (int i = 0; i < b.length; i++) {
            b[i] = -b[i];
        }
        return b;
    }
}
