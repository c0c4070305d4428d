package dev.lamina.core;

import dev.lamina.api.Dense;
import dev.lamina.api.Flatten;
import dev.lamina.api.Layer;
import dev.lamina.api.Shape;
import dev.lamina.api.ShapeException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds layers one at a time, checking names and inputs and inferring shapes, so that the first mistake is
 * reported at the layer that makes it. Both build styles go through here, which is what makes their
 * models equal.
 */
final class ShapeInference {
    static final String INPUT = "input";

    private final String modelName;
    private final Shape input;
    private final Map<String, LayerNode> nodes = new LinkedHashMap<>();

    ShapeInference(String modelName, Shape input) {
        if (modelName == null || modelName.isBlank()) {
            throw new ModelException("a model needs a name");
        }
        if (input == null || input.rank() < 1) {
            throw new ModelException(modelName + ": the input shape is required, e.g. [1, 5, 6] for C, H, W");
        }
        this.modelName = modelName;
        this.input = input;
    }

    Shape shapeOf(String value) {
        if (INPUT.equals(value)) {
            return input;
        }
        LayerNode n = nodes.get(value);
        if (n == null) {
            throw new ModelException("no layer named " + value + " in " + modelName);
        }
        return n.outputShape();
    }

    boolean isEmpty() {
        return nodes.isEmpty();
    }

    String last() {
        String last = INPUT;
        for (String k : nodes.keySet()) {
            last = k;
        }
        return last;
    }

    LayerNode add(String name, Layer layer, List<String> inputs) {
        if (name == null || name.isBlank()) {
            throw new ModelException(modelName + ": every layer needs a name (layer " + (nodes.size() + 1) + ")");
        }
        if (layer == null) {
            throw new ModelException(name + ": no layer given");
        }
        if (INPUT.equals(name) || nodes.containsKey(name)) {
            throw new ModelException(name + ": the name is already used in " + modelName);
        }
        if (inputs.size() < layer.minInputs() || inputs.size() > layer.maxInputs()) {
            String want = layer.minInputs() == layer.maxInputs() ? String.valueOf(layer.minInputs())
                    : "at least " + layer.minInputs();
            throw new ModelException(name + ": " + layer.type() + " takes " + want + " input"
                    + (layer.maxInputs() == 1 ? "" : "s") + ", got " + inputs.size() + " " + inputs);
        }
        List<Shape> shapes = new ArrayList<>();
        for (String in : inputs) {
            if (!INPUT.equals(in) && !nodes.containsKey(in)) {
                throw new ModelException(name + ": reads " + in + ", but no earlier layer has that name");
            }
            shapes.add(shapeOf(in));
        }
        checkDenseFeatures(name, layer, inputs, shapes);
        Shape out;
        try {
            out = layer.outputShape(name, shapes);
        } catch (ShapeException e) {
            throw new ModelException(e.getMessage(), e);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ModelException(name + ": " + e.getMessage(), e);
        }
        LayerNode node = new LayerNode(name, layer, inputs, shapes, out);
        nodes.put(name, node);
        return node;
    }

    /**
     * The seed notebook's own bug — {@code nn.Linear(4*5, 1)} after a pool that yields 3×2×2 — deserves a
     * message that says where the 12 comes from.
     */
    private void checkDenseFeatures(String name, Layer layer, List<String> inputs, List<Shape> shapes) {
        if (!(layer instanceof Dense d) || d.inputFeatures() == 0 || shapes.get(0).rank() != 1) {
            return;
        }
        int got = shapes.get(0).dim(0);
        if (got == d.inputFeatures()) {
            return;
        }
        String from = inputs.get(0);
        LayerNode producer = nodes.get(from);
        String origin = producer != null && producer.layer() instanceof Flatten
                ? " (" + producer.inputShapes().get(0) + ")" : "";
        throw new ModelException(name + ": expects " + d.inputFeatures() + " input features, but " + from
                + " produces " + got + origin);
    }

    Model build(String output) {
        if (nodes.isEmpty()) {
            throw new ModelException(modelName + ": a model needs at least one layer");
        }
        if (!nodes.containsKey(output)) {
            throw new ModelException(modelName + ": the output " + output + " is not a layer of the model");
        }
        return new Model(modelName, input, new ArrayList<>(nodes.values()), output);
    }
}
