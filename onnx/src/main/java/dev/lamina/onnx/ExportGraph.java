package dev.lamina.onnx;

import com.google.protobuf.ByteString;
import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.LayerNode;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;
import dev.lamina.onnx.proto.OnnxIr.AttributeProto;
import dev.lamina.onnx.proto.OnnxIr.AttributeProto.AttributeType;
import dev.lamina.onnx.proto.OnnxIr.GraphProto;
import dev.lamina.onnx.proto.OnnxIr.ModelProto;
import dev.lamina.onnx.proto.OnnxIr.NodeProto;
import dev.lamina.onnx.proto.OnnxIr.OperatorSetIdProto;
import dev.lamina.onnx.proto.OnnxIr.TensorProto;
import dev.lamina.onnx.proto.OnnxIr.TensorShapeProto;
import dev.lamina.onnx.proto.OnnxIr.TypeProto;
import dev.lamina.onnx.proto.OnnxIr.ValueInfoProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One export in progress: the graph being written, node by node, as {@link LayerExports} asks. Value names
 * are Lamina's: the model input is {@code input}, each layer's output its layer name; the values between the
 * nodes of a layer written as several nodes, and the constants a node reads, are {@code <layer>.<suffix>},
 * checked unique.
 */
final class ExportGraph {
    /** ONNX {@code TensorProto.DataType}: FLOAT and INT64. */
    static final int FLOAT = 1;
    static final int INT64 = 7;
    /** The symbolic batch dimension of the input and output. */
    static final String BATCH = "N";

    private final Model model;
    private final Weights weights;
    private final GraphProto.Builder graph;
    private final Set<String> names = new HashSet<>();

    ExportGraph(Model model, Weights weights) {
        this.model = model;
        this.weights = weights;
        this.graph = GraphProto.newBuilder().setName(model.name());
        names.add("input");
        for (LayerNode n : model.layers()) {
            names.add(n.name());
        }
    }

    ModelProto build() {
        graph.addInput(valueInfo("input", model.inputShape()));
        for (LayerNode n : model.layers()) {
            LayerExports.of(n).write(this, n);
        }
        graph.addOutput(valueInfo(model.output(), model.outputShape()));
        return ModelProto.newBuilder()
                .setIrVersion(OnnxExport.IR_VERSION)
                .setProducerName("lamina")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxExport.OPSET))
                .setGraph(graph)
                .build();
    }

    /** The layer's parameter {@code param} (PyTorch layout), as the initializer {@code <layer>.<param>}. */
    String parameter(LayerNode n, String param) {
        return floats(n.name() + "." + param, weights.get(n.name(), param));
    }

    /** Whether the layer has the parameter (a conv or dense bias). */
    boolean hasParameter(LayerNode n, String param) {
        return weights.of(n.name()).containsKey(param);
    }

    /** A float initializer of {@code t}'s shape and values, in raw little-endian bytes. */
    String floats(String name, Tensor t) {
        float[] v = t.toArray();
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(4, v.length)).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        TensorProto.Builder p = TensorProto.newBuilder().setName(fresh(name)).setDataType(FLOAT)
                .setRawData(ByteString.copyFrom(b.array()));
        for (int d : t.shape().dims()) {
            p.addDims(d);
        }
        graph.addInitializer(p);
        return name;
    }

    /** A float scalar initializer (a Clip bound, a Dropout ratio, a GELU constant): dims {@code []}. */
    String scalar(String name, float value) {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, value);
        graph.addInitializer(TensorProto.newBuilder().setName(fresh(name)).setDataType(FLOAT)
                .setRawData(ByteString.copyFrom(b.array())));
        return name;
    }

    /** A one-dimensional INT64 initializer (Pad's pads, Slice's starts, Reshape's shape). */
    String int64s(String name, long... values) {
        TensorProto.Builder p = TensorProto.newBuilder().setName(fresh(name)).setDataType(INT64).addDims(values.length);
        for (long v : values) {
            p.addInt64Data(v);
        }
        graph.addInitializer(p);
        return name;
    }

    /** A value between two nodes of one layer: {@code <layer>.<suffix>}. */
    String intermediate(LayerNode n, String suffix) {
        return fresh(n.name() + "." + suffix);
    }

    /** Adds the node {@code name}: {@code op} of {@code inputs}, writing {@code output}. */
    void node(String name, String op, List<String> inputs, String output, AttributeProto... attributes) {
        NodeProto.Builder b = NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(inputs).addOutput(output);
        for (AttributeProto a : attributes) {
            b.addAttribute(a);
        }
        graph.addNode(b);
    }

    /** A value name no other value or initializer has. */
    private String fresh(String name) {
        if (!names.add(name)) {
            throw new IllegalStateException(name + ": two ONNX values of that name");
        }
        return name;
    }

    static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
    }

    static AttributeProto attr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    /** A float tensor value {@code [N, ...per-sample dims]}, the batch symbolic. */
    static ValueInfoProto valueInfo(String name, Shape perSample) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (int d : perSample.dims()) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(FLOAT).setShape(s))).build();
    }
}
