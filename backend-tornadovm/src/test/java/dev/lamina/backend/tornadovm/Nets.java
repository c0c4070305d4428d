package dev.lamina.backend.tornadovm;

import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.Layer;
import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.spi.Graph;
import dev.lamina.spi.GraphInput;
import dev.lamina.spi.Node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Builds test graphs with seeded random weights, and compares tensors. */
final class Nets {
    private final Random random;
    private final List<GraphInput> inputs = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Shape> shapes = new HashMap<>();
    private String last;

    Nets(long seed) {
        random = new Random(seed);
    }

    Nets input(String name, Shape shape) {
        inputs.add(new GraphInput(name, shape));
        shapes.put(name, shape);
        last = name;
        return this;
    }

    /** A node reading the previous value. */
    Nets then(String name, Layer layer) {
        return node(name, layer, last);
    }

    /** A node reading the named values. */
    Nets node(String name, Layer layer, String... from) {
        List<Shape> in = new ArrayList<>();
        for (String f : from) {
            in.add(shapes.get(f));
        }
        Shape out = layer.outputShape(name, in);
        Map<String, Tensor> params = new LinkedHashMap<>();
        layer.parameterShapes(in).forEach((k, s) -> params.put(k, k.equals(BatchNorm2d.RUNNING_VAR)
                ? positive(s) : random(s, 0.5f)));
        nodes.add(new Node(name, layer, List.of(from), in, out, params));
        shapes.put(name, out);
        last = name;
        return this;
    }

    /** Running variances as training leaves them: positive, here in [0.5, 1.5). */
    private Tensor positive(Shape shape) {
        float[] v = new float[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.5f + random.nextFloat();
        }
        return Tensor.of(shape, v);
    }

    Graph graph() {
        return new Graph(inputs, nodes);
    }

    /** Every value of the graph. */
    List<String> values() {
        List<String> all = new ArrayList<>();
        inputs.forEach(i -> all.add(i.name()));
        nodes.forEach(n -> all.add(n.name()));
        return all;
    }

    Tensor random(Shape shape, float scale) {
        float[] v = new float[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian() * scale;
        }
        return Tensor.of(shape, v);
    }

    /** Inputs for a batch, one random tensor per graph input. */
    Map<String, Tensor> batch(int n) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (GraphInput in : inputs) {
            m.put(in.name(), random(in.shape().withBatch(n), 1f));
        }
        return m;
    }

    /** Same shape; NaN where expected has NaN; else within atol + rtol·|expected|. */
    static void assertClose(String what, Tensor expected, Tensor actual, double rtol, double atol) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        for (int i = 0; i < expected.size(); i++) {
            float e = expected.at(i);
            float a = actual.at(i);
            if (Float.isNaN(e) || Float.isNaN(a)) {
                if (Float.isNaN(e) != Float.isNaN(a)) {
                    fail(what + " at " + i + ": expected " + e + ", got " + a);
                }
            } else if (Float.isInfinite(e) || Float.isInfinite(a)) {
                assertEquals(e, a, what + " at " + i);
            } else if (Math.abs(e - a) > atol + rtol * Math.abs(e)) {
                fail(what + " at " + i + ": expected " + e + ", got " + a + " (difference " + Math.abs(e - a) + ")");
            }
        }
    }
}
