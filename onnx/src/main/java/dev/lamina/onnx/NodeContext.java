package dev.lamina.onnx;

import dev.lamina.api.Layer;
import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.io.FormatException;
import dev.lamina.onnx.proto.OnnxIr.NodeProto;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One ONNX node while it is converted: its inputs as {@link Sym}s, its attributes, and the ways an op
 * defines its outputs — a constant, a new layer, an alias or a pattern step. Every error it makes names the
 * file, the node and its op type.
 */
final class NodeContext {
    private final GraphImporter graph;
    private final NodeProto node;
    private final int index;
    final Attributes attrs;

    NodeContext(GraphImporter graph, NodeProto node, int index) {
        this.graph = graph;
        this.node = node;
        this.index = index;
        this.attrs = new Attributes(this, node);
    }

    String opType() {
        return node.getOpType();
    }

    /** The node's name as the graph gives it (may be empty). */
    String onnxName() {
        return node.getName();
    }

    int index() {
        return index;
    }

    /** The opset of the default domain. */
    int opset() {
        return graph.opset();
    }

    /** The fixed batch size of the model input, or -1 when it is dynamic. */
    long fixedBatch() {
        return graph.fixedBatch();
    }

    /** Inputs given, counting optional inputs left empty ({@code ""}) in the middle. */
    int inputCount() {
        return node.getInputCount();
    }

    boolean hasInput(int i) {
        return i < node.getInputCount() && !node.getInput(i).isEmpty();
    }

    Sym input(int i) {
        if (!hasInput(i)) {
            throw error("input " + i + " is required");
        }
        return graph.lookup(this, node.getInput(i));
    }

    String inputName(int i) {
        return node.getInput(i);
    }

    /** Input {@code i}, which must be a layer's output (not a constant, not a pattern step). */
    Sym.Runtime runtime(int i) {
        Sym s = input(i);
        if (s instanceof Sym.Runtime r) {
            return r;
        }
        if (s instanceof Sym.Pattern p && p.step() == Sym.Step.MATMUL) {
            Sym.Runtime dense = graph.materializeMatMul(p, null);
            graph.replace(node.getInput(i), dense);
            return dense;
        }
        if (s instanceof Sym.Const) {
            throw error("input " + i + " ('" + node.getInput(i) + "') is a constant; Lamina runs " + opType()
                    + " only on values computed from the model input");
        }
        throw patternMisuse(i, (Sym.Pattern) s);
    }

    FormatException patternMisuse(int i, Sym.Pattern p) {
        return error("input " + i + " ('" + node.getInput(i) + "') is " + GraphImporter.describe(p)
                + ", which Lamina can only express when it continues as that pattern");
    }

    /** Input {@code i}, which must be a constant (an initializer, a Constant node or a folded value). */
    ConstTensor constant(int i, String what) {
        Sym s = input(i);
        if (s instanceof Sym.Const c) {
            return c.value();
        }
        throw error(what + " (input " + i + ", '" + node.getInput(i) + "') must be a constant; Lamina cannot take it "
                + "from a computed value");
    }

    /** Input {@code i} as a constant, or null when it is not given. */
    ConstTensor optionalConstant(int i, String what) {
        return hasInput(i) ? constant(i, what) : null;
    }

    /** Decodes a tensor attribute of this node. */
    ConstTensor graphDecode(dev.lamina.onnx.proto.OnnxIr.TensorProto t, String what) {
        String who = node.getName().isEmpty() ? "node " + index : "node '" + node.getName() + "'";
        return graph.decode(t, who + " (" + node.getOpType() + ") " + what);
    }

    int outputCount() {
        return node.getOutputCount();
    }

    /** Whether output {@code i} is named (an unnamed optional output is not produced). */
    boolean hasOutput(int i) {
        return i < node.getOutputCount() && !node.getOutput(i).isEmpty();
    }

    /** Fails when an optional output Lamina does not compute (e.g. MaxPool's indices) is used. */
    void onlyFirstOutput(String what) {
        for (int i = 1; i < node.getOutputCount(); i++) {
            if (!node.getOutput(i).isEmpty() && graph.isUsed(node.getOutput(i))) {
                throw error("output " + i + " (" + what + ") is used by the graph; Lamina does not compute it");
            }
        }
    }

    void define(int output, Sym value) {
        if (!hasOutput(output)) {
            return;
        }
        graph.define(this, node.getOutput(output), value);
    }

    void define(Sym value) {
        if (node.getOutputCount() < 1) {
            throw error("has no output");
        }
        define(0, value);
    }

    /** Adds a layer named after this node; {@code params} in PyTorch layout. */
    Sym.Runtime layer(Layer layer, Map<String, Tensor> params, Sym.Runtime... inputs) {
        return layerNamed(node.getName(), layer, params, inputs);
    }

    /** Adds a layer with a name made from {@code onnxName} (another node's, for patterns). */
    Sym.Runtime layerNamed(String onnxName, Layer layer, Map<String, Tensor> params, Sym.Runtime... inputs) {
        List<Shape> shapes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Sym.Runtime r : inputs) {
            shapes.add(r.shape());
            names.add(r.name());
        }
        String name = graph.names().of(onnxName, opType(), index);
        Shape out;
        try {
            out = layer.outputShape(name, shapes);
        } catch (IllegalArgumentException | ArithmeticException e) { // ShapeException too
            throw error(e.getMessage());
        }
        graph.emit(new GraphImporter.Emitted(name, layer, names, params));
        return new Sym.Runtime(name, out);
    }

    /** The layer whose output is named {@code layer}, or null. */
    GraphImporter.Emitted graphProducer(String layer) {
        return graph.producer(layer);
    }

    /** A layer's output (or the input) by its Lamina name, with its shape. */
    Sym.Runtime runtimeNamed(String layer) {
        return graph.runtimeNamed(layer);
    }

    /** The layer that computes {@code value}, or null. */
    GraphImporter.Emitted producer(Sym.Runtime value) {
        return graph.producer(value.name());
    }

    /** The Dense a pending MatMul becomes, with {@code bias} (or none when null). */
    Sym.Runtime materializedDense(Sym.Pattern matMul, float[] bias) {
        return graph.materializeMatMul(matMul, bias);
    }

    /** Builds a layer record, turning its constructor's refusal into an error naming this node. */
    <L extends Layer> L make(java.util.function.Supplier<L> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw error(e.getMessage());
        }
    }

    FormatException error(String problem) {
        String who = node.getName().isEmpty() ? "node " + index : "node '" + node.getName() + "'";
        return new FormatException(graph.file(), who + " (" + node.getOpType() + "): " + problem);
    }

    /** An attribute value Lamina cannot express: names it and what is supported. */
    FormatException unsupported(String attribute, Object value, String supported) {
        return error("attribute " + attribute + " = " + value + " is not supported; supported: " + supported);
    }
}
