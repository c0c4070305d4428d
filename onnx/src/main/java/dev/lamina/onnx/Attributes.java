package dev.lamina.onnx;

import dev.lamina.onnx.proto.OnnxIr.AttributeProto;
import dev.lamina.onnx.proto.OnnxIr.AttributeProto.AttributeType;
import dev.lamina.onnx.proto.OnnxIr.NodeProto;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A node's attributes, read by type. Remembers which ones the op read, so that an attribute the op does
 * not know is an error ({@link #unread()}) rather than silently ignored.
 */
final class Attributes {
    private final NodeContext node;
    private final Map<String, AttributeProto> byName = new LinkedHashMap<>();
    private final TreeSet<String> read = new TreeSet<>();

    Attributes(NodeContext node, NodeProto proto) {
        this.node = node;
        for (AttributeProto a : proto.getAttributeList()) {
            if (byName.put(a.getName(), a) != null) {
                throw node.error("attribute " + a.getName() + " is given twice");
            }
        }
    }

    boolean has(String name) {
        read.add(name);
        return byName.containsKey(name);
    }

    private AttributeProto get(String name, AttributeType type) {
        read.add(name);
        AttributeProto a = byName.get(name);
        if (a == null) {
            return null;
        }
        if (a.hasRefAttrName() && !a.getRefAttrName().isEmpty()) {
            throw node.error("attribute " + name + " refers to a function attribute, which Lamina does not support");
        }
        // Old writers leave the type out; the field that is set tells it then.
        if (a.hasType() && a.getType() != type) {
            throw node.error("attribute " + name + " must be " + type + ", got " + a.getType());
        }
        return a;
    }

    long integer(String name, long fallback) {
        AttributeProto a = get(name, AttributeType.INT);
        return a == null ? fallback : a.getI();
    }

    float real(String name, float fallback) {
        AttributeProto a = get(name, AttributeType.FLOAT);
        return a == null ? fallback : a.getF();
    }

    String string(String name, String fallback) {
        AttributeProto a = get(name, AttributeType.STRING);
        return a == null ? fallback : a.getS().toString(StandardCharsets.UTF_8);
    }

    /** The list, or null when absent. */
    long[] integers(String name) {
        AttributeProto a = get(name, AttributeType.INTS);
        if (a == null) {
            return null;
        }
        long[] v = new long[a.getIntsCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.getInts(i);
        }
        return v;
    }

    float[] reals(String name) {
        AttributeProto a = get(name, AttributeType.FLOATS);
        if (a == null) {
            return null;
        }
        float[] v = new float[a.getFloatsCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.getFloats(i);
        }
        return v;
    }

    /** A TENSOR attribute, or null. */
    AttributeProto tensor(String name) {
        return get(name, AttributeType.TENSOR);
    }

    /** The attributes present that the op never asked for. */
    TreeSet<String> unread() {
        TreeSet<String> left = new TreeSet<>(byName.keySet());
        left.removeAll(read);
        return left;
    }
}
