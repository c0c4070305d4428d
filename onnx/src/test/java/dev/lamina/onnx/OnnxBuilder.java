package dev.lamina.onnx;

import com.google.protobuf.ByteString;
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

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A tiny ONNX writer over the same generated protobuf classes, for tests: one float input (batch
 * dynamic when its first dim is -1), initializers, nodes, one output.
 */
final class OnnxBuilder {
    private final int opset;
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("test");
    private final Random random = new Random(7);
    private int nodes;

    OnnxBuilder(int opset) {
        this.opset = opset;
    }

    OnnxBuilder input(String name, long... dims) {
        graph.addInput(valueInfo(name, dims));
        return this;
    }

    OnnxBuilder output(String name) {
        graph.addOutput(ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(1))));
        return this;
    }

    static ValueInfoProto valueInfo(String name, long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    /** A float initializer in raw_data. */
    String init(String name, long[] dims, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        graph.addInitializer(tensor(name, dims, 1).setRawData(ByteString.copyFrom(b.array())));
        return name;
    }

    /** A float initializer of seeded values in ±scale. */
    String random(String name, float scale, long... dims) {
        int n = 1;
        for (long d : dims) {
            n *= (int) d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (random.nextFloat() * 2 - 1) * scale;
        }
        return init(name, dims, v);
    }

    /** A positive initializer in [lo, hi), e.g. a BatchNorm variance. */
    String positive(String name, float lo, float hi, long... dims) {
        int n = 1;
        for (long d : dims) {
            n *= (int) d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + random.nextFloat() * (hi - lo);
        }
        return init(name, dims, v);
    }

    /** An INT64 initializer in int64_data. */
    String int64(String name, long... values) {
        TensorProto.Builder t = tensor(name, new long[] {values.length}, 7);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Any prepared tensor as an initializer. */
    OnnxBuilder initializer(TensorProto t) {
        graph.addInitializer(t);
        return this;
    }

    static TensorProto.Builder tensor(String name, long[] dims, int type) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type);
        for (long d : dims) {
            t.addDims(d);
        }
        return t;
    }

    /** Adds a node named {@code /<op>_<k>} as PyTorch names them; returns its first output. */
    String node(String op, List<String> inputs, String output, AttributeProto... attrs) {
        return node("/" + op + "_" + nodes, op, inputs, List.of(output), attrs);
    }

    String node(String name, String op, List<String> inputs, List<String> outputs, AttributeProto... attrs) {
        nodes++;
        NodeProto.Builder n = NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(inputs).addAllOutput(outputs);
        for (AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return outputs.get(0);
    }

    static AttributeProto attr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(v).build();
    }

    static AttributeProto attr(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(v).build();
    }

    static AttributeProto attr(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING).setS(ByteString.copyFromUtf8(v)).build();
    }

    static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }

    static AttributeProto tensorAttr(String name, TensorProto t) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.TENSOR).setT(t).build();
    }

    ModelProto model() {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("lamina-test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph).build();
    }

    byte[] bytes() {
        return model().toByteArray();
    }

    Path write(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }
}
