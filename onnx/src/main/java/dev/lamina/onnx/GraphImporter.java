package dev.lamina.onnx;

import dev.lamina.api.Dense;
import dev.lamina.api.Layer;
import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.GraphBuilder;
import dev.lamina.core.MemoryCheck;
import dev.lamina.core.Model;
import dev.lamina.core.ModelException;
import dev.lamina.core.Weights;
import dev.lamina.core.io.FormatException;
import dev.lamina.onnx.proto.OnnxIr.GraphProto;
import dev.lamina.onnx.proto.OnnxIr.ModelProto;
import dev.lamina.onnx.proto.OnnxIr.NodeProto;
import dev.lamina.onnx.proto.OnnxIr.OperatorSetIdProto;
import dev.lamina.onnx.proto.OnnxIr.TensorProto;
import dev.lamina.onnx.proto.OnnxIr.TensorShapeProto;
import dev.lamina.onnx.proto.OnnxIr.ValueInfoProto;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one parsed ONNX model into a Lamina model and weights: constants folded, each node converted by
 * its op in {@link Ops}, then only the layers the output needs kept, in graph order.
 */
final class GraphImporter {
    static final int MIN_OPSET = 11;
    static final int MAX_OPSET = 17;

    /** A layer as the importer emits it, before the model is built. */
    record Emitted(String name, Layer layer, List<String> inputs, Map<String, Tensor> params) {
    }

    private final String file;
    private final String modelName;
    private final TensorDecoder decoder;
    private final LayerNames names = new LayerNames();
    private final Map<String, Sym> values = new HashMap<>();
    private final Set<String> used = new HashSet<>();
    private final List<Emitted> emitted = new ArrayList<>();
    /** Every runtime value by its Lamina name, so a pattern can find a layer's inputs again. */
    private final Map<String, Sym.Runtime> runtimes = new HashMap<>();
    private int opset;
    private long fixedBatch = -1;

    GraphImporter(String file, String modelName, TensorDecoder decoder) {
        this.file = file;
        this.modelName = modelName;
        this.decoder = decoder;
    }

    String file() {
        return file;
    }

    int opset() {
        return opset;
    }

    long fixedBatch() {
        return fixedBatch;
    }

    LayerNames names() {
        return names;
    }

    ConstTensor decode(TensorProto t, String what) {
        return decoder.decode(t, what);
    }

    boolean isUsed(String value) {
        return used.contains(value);
    }

    /**
     * The weights the graph declares (its initializers, in the file or in external data) must all fit the
     * heap before the first is decoded: a MemoryException naming the largest and the knob, not an
     * OutOfMemoryError halfway through.
     */
    private void checkMemory(List<TensorProto> initializers) {
        long bytes = 0;
        TensorProto largest = null;
        for (TensorProto t : initializers) {
            long b = TensorDecoder.heapBytes(t);
            bytes = Math.addExact(bytes, b);
            if (largest == null || b > TensorDecoder.heapBytes(largest)) {
                largest = t;
            }
        }
        if (largest != null) {
            MemoryCheck.heap(bytes, file + ": initializer '" + largest.getName() + "' " + largest.getDimsList()
                    + " takes " + MemoryCheck.bytes(TensorDecoder.heapBytes(largest)) + ", and decoding the graph's "
                    + initializers.size() + " initializers", "");
        }
    }

    OnnxImport.Result convert(ModelProto model) {
        opset = opsetOf(model);
        if (!model.hasGraph()) {
            throw new FormatException(file, "holds no graph (is it an ONNX model?)");
        }
        GraphProto g = model.getGraph();
        for (NodeProto n : g.getNodeList()) {
            used.addAll(n.getInputList());
        }
        g.getOutputList().forEach(o -> used.add(o.getName()));
        checkMemory(g.getInitializerList());
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            values.put(t.getName(), new Sym.Const(decoder.decode(t, "initializer '" + t.getName() + "'")));
            initializers.add(t.getName());
        }
        Sym.Runtime input = input(g, initializers);
        List<NodeProto> nodes = g.getNodeList();
        for (int i = 0; i < nodes.size(); i++) {
            convertNode(nodes.get(i), i);
        }
        if (g.getOutputCount() != 1) {
            throw new FormatException(file, "has " + g.getOutputCount() + " graph outputs; Lamina models have exactly one");
        }
        String outName = g.getOutput(0).getName();
        Sym out = values.get(outName);
        if (out == null) {
            throw new FormatException(file, "graph output '" + outName + "' is computed by no node");
        }
        Sym.Runtime result = finish(out, outName);
        if (result == input) {
            throw new FormatException(file, "the graph output is its input; there is no layer to run");
        }
        return build(input.shape(), result.name());
    }

    private int opsetOf(ModelProto model) {
        int found = -1;
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                found = (int) Math.min(Integer.MAX_VALUE, Math.max(-1, o.getVersion()));
            }
        }
        if (found < 0) {
            throw new FormatException(file, "imports no version of the default ONNX operator set");
        }
        if (found < MIN_OPSET || found > MAX_OPSET) {
            throw new FormatException(file, "uses opset " + found + "; supported: opsets " + MIN_OPSET + " to "
                    + MAX_OPSET + " (re-export with torch.onnx.export(..., opset_version=13))");
        }
        return found;
    }

    /** The one graph input that is not an initializer: float32, [N, C, H, W] (or [N, F]), C, H, W fixed. */
    private Sym.Runtime input(GraphProto g, Set<String> initializers) {
        List<ValueInfoProto> inputs = new ArrayList<>();
        for (ValueInfoProto v : g.getInputList()) {
            if (!initializers.contains(v.getName())) {
                inputs.add(v);
            }
        }
        if (inputs.size() != 1) {
            List<String> n = inputs.stream().map(ValueInfoProto::getName).toList();
            throw new FormatException(file, "has " + inputs.size() + " inputs " + n + "; Lamina models take exactly one "
                    + "image input [N, C, H, W]");
        }
        ValueInfoProto in = inputs.get(0);
        String what = "input '" + in.getName() + "'";
        if (!in.hasType() || !in.getType().hasTensorType()) {
            throw new FormatException(file, what + " is not a tensor");
        }
        int elem = in.getType().getTensorType().getElemType();
        if (elem != TensorProto.DataType.FLOAT_VALUE) {
            throw new FormatException(file, what + " has type " + TensorDecoder.typeName(elem)
                    + "; Lamina takes a FLOAT (float32) input");
        }
        if (!in.getType().getTensorType().hasShape()) {
            throw new FormatException(file, what + " has no shape; Lamina needs [N, C, H, W] with C, H, W fixed");
        }
        List<TensorShapeProto.Dimension> dims = in.getType().getTensorType().getShape().getDimList();
        if (dims.size() < 2) {
            throw new FormatException(file, what + " has rank " + dims.size() + "; expected [N, C, H, W] (or [N, F])");
        }
        TensorShapeProto.Dimension batch = dims.get(0);
        if (batch.hasDimValue() && batch.getDimValue() > 0) {
            fixedBatch = batch.getDimValue();
        }
        int[] perSample = new int[dims.size() - 1];
        for (int i = 1; i < dims.size(); i++) {
            TensorShapeProto.Dimension d = dims.get(i);
            if (!d.hasDimValue() || d.getDimValue() <= 0 || d.getDimValue() > Integer.MAX_VALUE) {
                throw new FormatException(file, what + " dimension " + i + " is "
                        + (d.hasDimParam() ? "'" + d.getDimParam() + "'" : d.hasDimValue() ? d.getDimValue() : "unknown")
                        + "; Lamina needs fixed C, H, W (only the batch may be dynamic)");
            }
            perSample[i - 1] = (int) d.getDimValue();
        }
        Shape shape;
        try {
            shape = Shape.of(perSample);
        } catch (IllegalArgumentException e) {
            throw new FormatException(file, what + ": " + e.getMessage());
        }
        Sym.Runtime r = new Sym.Runtime("input", shape);
        values.put(in.getName(), r);
        runtimes.put("input", r);
        return r;
    }

    private void convertNode(NodeProto n, int index) {
        NodeContext ctx = new NodeContext(this, n, index);
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
            throw ctx.error("is in domain '" + n.getDomain() + "'; Lamina reads only the default ONNX operator set");
        }
        Ops.Op op = Ops.TABLE.get(n.getOpType());
        if (op == null) {
            throw ctx.error("op " + n.getOpType() + " is not supported; supported ops: " + String.join(", ",
                    new java.util.TreeSet<>(Ops.TABLE.keySet())));
        }
        try {
            op.convert(ctx);
        } catch (FormatException e) {
            throw e;
        } catch (IllegalArgumentException | ArithmeticException e) {
            // a number out of range in a shape or an attribute: still an error naming the node
            throw ctx.error(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        Set<String> unread = ctx.attrs.unread();
        if (!unread.isEmpty()) {
            throw ctx.error("attribute" + (unread.size() > 1 ? "s " : " ") + String.join(", ", unread)
                    + (unread.size() > 1 ? " are" : " is") + " not supported by Lamina's " + n.getOpType());
        }
    }

    Sym lookup(NodeContext ctx, String value) {
        Sym s = values.get(value);
        if (s == null) {
            throw ctx.error("reads '" + value + "', which no earlier node, initializer or input defines");
        }
        return s;
    }

    void define(NodeContext ctx, String value, Sym s) {
        if (values.containsKey(value)) {
            throw ctx.error("defines '" + value + "' a second time");
        }
        values.put(value, s);
        if (s instanceof Sym.Runtime r) {
            runtimes.putIfAbsent(r.name(), r);
        }
    }

    /** A pattern step that turned into a layer: later readers get the layer. */
    void replace(String value, Sym.Runtime s) {
        values.put(value, s);
    }

    /** The runtime value a Lamina layer name (or "input") stands for. */
    Sym.Runtime runtimeNamed(String layer) {
        return runtimes.get(layer);
    }

    /** The emitted layer whose output is {@code value}, or null (the input, or no layer). */
    Emitted producer(String value) {
        for (int i = emitted.size() - 1; i >= 0; i--) {
            if (emitted.get(i).name().equals(value)) {
                return emitted.get(i);
            }
        }
        return null;
    }

    void emit(Emitted e) {
        emitted.add(e);
    }

    /** The graph output as a layer's output: a pending MatMul becomes its Dense, other patterns fail. */
    private Sym.Runtime finish(Sym out, String outName) {
        if (out instanceof Sym.Runtime r) {
            return r;
        }
        if (out instanceof Sym.Pattern p && p.step() == Sym.Step.MATMUL) {
            return materializeMatMul(p, null);
        }
        if (out instanceof Sym.Pattern p) {
            throw new FormatException(file, "graph output '" + outName + "' is " + describe(p)
                    + ", which Lamina cannot express on its own");
        }
        throw new FormatException(file, "graph output '" + outName + "' is a constant; Lamina's model must compute it");
    }

    /** The Dense a MatMul by a constant [K, out] weight is, with an optional bias [out]. */
    Sym.Runtime materializeMatMul(Sym.Pattern p, float[] bias) {
        ConstTensor w = p.constant();
        int k = (int) w.dims()[0];
        int units = (int) w.dims()[1];
        float[] wt = w.toFloats();
        float[] outIn = new float[wt.length];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < units; j++) {
                outIn[j * k + i] = wt[i * units + j];
            }
        }
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("weight", Tensor.of(Shape.of(units, k), outIn));
        if (bias != null) {
            params.put("bias", Tensor.of(Shape.of(units), bias));
        }
        Dense d = new Dense(units, bias != null, k);
        String name = names.of(p.node(), "MatMul", emitted.size());
        Shape out = d.outputShape(name, List.of(p.source().shape()));
        emit(new Emitted(name, d, List.of(p.source().name()), params));
        return new Sym.Runtime(name, out);
    }

    static String describe(Sym.Pattern p) {
        return switch (p.step()) {
            case MATMUL -> "a MatMul";
            case SHUFFLE_VIEW -> "a Reshape to [N, " + p.groups() + ", C/" + p.groups() + ", H, W]";
            case SHUFFLE_TRANSPOSED -> "a Reshape to [N, g, C/g, H, W] and Transpose (half of a channel shuffle)";
            case GELU_DIV -> "x / √2 (the start of GELU)";
            case GELU_ERF -> "erf(x / √2) (part of GELU)";
            case GELU_ERF_PLUS_1 -> "1 + erf(x / √2) (part of GELU)";
            case GELU_X_TIMES -> "x · (1 + erf(x / √2)) (part of GELU)";
            case GELU_HALF_X -> "x · 0.5 (part of GELU)";
            case GELU_TANH_CUBE -> "0.044715 · x³ (part of GELU, tanh form)";
            case GELU_TANH_SUM -> "x + 0.044715 · x³ (part of GELU, tanh form)";
            case GELU_TANH_INNER -> "√(2/π) · (x + 0.044715 · x³) (part of GELU, tanh form)";
            case GELU_TANH -> "tanh(√(2/π) · (x + 0.044715 · x³)) (part of GELU, tanh form)";
            case GELU_TANH_PLUS_1 -> "1 + tanh(…) (part of GELU, tanh form)";
            case GELU_TANH_X_TIMES -> "x · (1 + tanh(…)) (part of GELU, tanh form)";
        };
    }

    /** Keeps the layers the output depends on, in graph order, and builds the model and its weights. */
    private OnnxImport.Result build(Shape inputShape, String output) {
        Map<String, Emitted> byName = new LinkedHashMap<>();
        emitted.forEach(e -> byName.put(e.name(), e));
        Set<String> needed = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(output));
        while (!todo.isEmpty()) {
            String v = todo.pop();
            Emitted e = byName.get(v);
            if (e != null && needed.add(v)) {
                todo.addAll(e.inputs());
            }
        }
        try {
            GraphBuilder g = Model.graph(modelName);
            Map<String, GraphBuilder.Value> built = new HashMap<>();
            built.put("input", g.input(inputShape.dims()));
            GraphBuilder.Value last = null;
            for (Emitted e : emitted) {
                if (!needed.contains(e.name())) {
                    continue;
                }
                GraphBuilder.Value[] in = e.inputs().stream().map(built::get).toArray(GraphBuilder.Value[]::new);
                last = g.apply(e.name(), e.layer(), in);
                built.put(e.name(), last);
            }
            Model m = g.build(built.get(output));
            Weights.Builder w = Weights.builder(m);
            for (Emitted e : emitted) {
                if (needed.contains(e.name())) {
                    e.params().forEach((p, t) -> w.set(e.name(), p, t));
                }
            }
            return new OnnxImport.Result(m, w.build());
        } catch (ModelException e) {
            throw new FormatException(file, e.getMessage(), e);
        }
    }
}
