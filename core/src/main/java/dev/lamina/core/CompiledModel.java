package dev.lamina.core;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.spi.Backend;
import dev.lamina.spi.Executable;
import dev.lamina.spi.Graph;
import dev.lamina.spi.GraphInput;
import dev.lamina.spi.Node;
import dev.lamina.spi.Support;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model with its weights, compiled for a backend (and, with {@code lamina.fallback}, a second backend for
 * the layers the first does not support). Immutable and safe to call from many threads at once: each call
 * has its own buffers, and backends guarantee the same of their plans.
 */
public final class CompiledModel implements AutoCloseable {
    private final Model model;
    private final Map<String, String> backendOf;
    private final List<Segment> segments;
    private final List<Backend> backends;

    /** A run of consecutive layers on one backend, compiled as one graph. */
    private record Segment(String backend, Graph graph, Executable plan, Set<String> produces) {
    }

    CompiledModel(Model model, Weights weights, Map<String, Backend> open, String primary, String fallback) {
        if (weights.model() != model && !weights.model().equals(model)) {
            throw new ModelException(model.name() + ": the weights were built for another model ("
                    + weights.model().name() + ")");
        }
        this.model = model;
        this.backends = List.copyOf(open.values());
        Backend main = open.get(primary);
        Map<String, String> assigned = new LinkedHashMap<>();
        List<Node> nodes = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        for (LayerNode l : model.layers()) {
            Node n = new Node(l.name(), l.layer(), l.inputs(), l.inputShapes(), l.outputShape(), weights.of(l.name()));
            nodes.add(n);
            Support s = main.supports(n);
            if (s.supported()) {
                assigned.put(l.name(), primary);
            } else if (fallback != null && open.get(fallback).supports(n).supported()) {
                assigned.put(l.name(), fallback);
            } else {
                unsupported.add(l.name() + " (" + l.layer().type() + ": " + s.reason() + ")");
            }
        }
        if (!unsupported.isEmpty()) {
            throw new BackendException("backend " + primary + " does not support " + String.join(", ", unsupported)
                    + (fallback == null ? "; set -D" + BackendConfig.FALLBACK_PROPERTY
                    + "=cpu to run these layers on the cpu backend" : ""));
        }
        this.backendOf = java.util.Collections.unmodifiableMap(assigned);
        this.segments = partition(nodes, open);
    }

    private List<Segment> partition(List<Node> nodes, Map<String, Backend> open) {
        List<List<Node>> runs = new ArrayList<>();
        for (Node n : nodes) {
            if (runs.isEmpty() || !backendOf.get(last(runs).get(0).name()).equals(backendOf.get(n.name()))) {
                runs.add(new ArrayList<>());
            }
            last(runs).add(n);
        }
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put(ShapeInference.INPUT, model.inputShape());
        nodes.forEach(n -> shapes.put(n.name(), n.outputShape()));
        List<Segment> result = new ArrayList<>();
        for (List<Node> run : runs) {
            Set<String> inside = new HashSet<>();
            Set<String> outside = new LinkedHashSet<>();
            for (Node n : run) {
                for (String in : n.inputs()) {
                    if (!inside.contains(in)) {
                        outside.add(in);
                    }
                }
                inside.add(n.name());
            }
            List<GraphInput> ins = outside.stream().map(v -> new GraphInput(v, shapes.get(v))).toList();
            Graph g = new Graph(ins, run);
            String id = backendOf.get(run.get(0).name());
            result.add(new Segment(id, g, open.get(id).compile(g), inside));
        }
        return List.copyOf(result);
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    public Model model() {
        return model;
    }

    /** The backend that runs each layer, by layer name. */
    public Map<String, String> backends() {
        return backendOf;
    }

    /** The summary with the backend of each layer. */
    public Summary summary() {
        return Summary.of(model, backendOf);
    }

    /** Runs the model on a batch {@code [N, C, H, W]} and returns the output layer's value. */
    public Tensor forward(Tensor input) {
        return run(input, Set.of(model.output())).get(model.output());
    }

    /** Runs the model and returns every layer's output by name, in model order. */
    public LayerOutputs forwardAll(Tensor input) {
        Set<String> all = new LinkedHashSet<>();
        model.layers().forEach(l -> all.add(l.name()));
        return new LayerOutputs(input, run(input, all));
    }

    private Map<String, Tensor> run(Tensor input, Set<String> wanted) {
        checkInput(input);
        Map<String, Tensor> values = new LinkedHashMap<>();
        values.put(ShapeInference.INPUT, input);
        for (int i = 0; i < segments.size(); i++) {
            Segment seg = segments.get(i);
            Set<String> outs = new LinkedHashSet<>();
            for (String v : seg.produces()) {
                if (wanted.contains(v) || readLater(v, i)) {
                    outs.add(v);
                }
            }
            Map<String, Tensor> ins = new LinkedHashMap<>();
            seg.graph().inputs().forEach(gi -> ins.put(gi.name(), values.get(gi.name())));
            values.putAll(seg.plan().run(ins, outs));
        }
        Map<String, Tensor> result = new LinkedHashMap<>();
        for (LayerNode l : model.layers()) {
            if (wanted.contains(l.name())) {
                result.put(l.name(), values.get(l.name()));
            }
        }
        return result;
    }

    private boolean readLater(String value, int segment) {
        for (int j = segment + 1; j < segments.size(); j++) {
            for (GraphInput gi : segments.get(j).graph().inputs()) {
                if (gi.name().equals(value)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Fails with the layer, the expected and the actual value when an input does not fit. */
    private void checkInput(Tensor input) {
        Shape want = model.inputShape();
        Shape got = input.shape();
        if (got.rank() == want.rank() + 1 && got.dropFirst().equals(want)) {
            return;
        }
        String expected = "[N, " + want.toString().substring(1);
        if (got.rank() != want.rank() + 1) {
            throw new ModelException(model.name() + ": expected an input batch " + expected + ", got " + got
                    + (got.rank() == want.rank() ? " (add the batch dimension)" : ""));
        }
        LayerNode first = model.layers().stream().filter(l -> l.inputs().contains(ShapeInference.INPUT))
                .findFirst().orElseThrow();
        if (want.rank() == 3 && got.dim(1) != want.dim(0)) {
            throw new ModelException(first.name() + ": expected " + want.dim(0) + " input channels, got "
                    + got.dim(1) + " (input " + got + ")");
        }
        throw new ModelException(first.name() + ": expected input " + expected + ", got " + got);
    }

    @Override
    public void close() {
        for (Segment s : segments) {
            s.plan().close();
        }
        for (Backend b : backends) {
            b.close();
        }
    }
}
