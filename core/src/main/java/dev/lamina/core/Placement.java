package dev.lamina.core;

import dev.lamina.api.Shape;
import dev.lamina.spi.Backend;
import dev.lamina.spi.Graph;
import dev.lamina.spi.GraphInput;
import dev.lamina.spi.Node;
import dev.lamina.spi.Support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the {@link Compiler} decides before any backend compiles anything: which backend runs each layer
 * (the primary where it {@link Backend#supports supports} the node, else the fallback, else an error listing
 * every unsupported layer), and the segments — runs of consecutive layers on one backend, each one
 * {@link Graph} — with, per segment, the values a later segment reads. Pure: it asks the backends only
 * {@code supports}.
 *
 * @param backendByLayer the backend id of each layer, in model order
 * @param parts          the segments in execution order
 */
record Placement(Map<String, String> backendByLayer, List<Part> parts) {
    Placement {
        backendByLayer = Collections.unmodifiableMap(new LinkedHashMap<>(backendByLayer));
        parts = List.copyOf(parts);
    }

    /**
     * One segment.
     *
     * @param backend     the backend id that runs it
     * @param graph       its layers, and as inputs the values it reads from outside (the model input or
     *                    earlier segments' layers)
     * @param produces    the names of its layers
     * @param neededLater those of its layers that a later segment reads, so they are always returned
     * @param forwardOutputs what {@code forward} asks of it: {@code neededLater}, plus the model's output when
     *                    it is one of its layers
     */
    record Part(String backend, Graph graph, Set<String> produces, Set<String> neededLater,
                Set<String> forwardOutputs) {
        Part {
            produces = Collections.unmodifiableSet(new LinkedHashSet<>(produces));
            neededLater = Collections.unmodifiableSet(new LinkedHashSet<>(neededLater));
            forwardOutputs = Collections.unmodifiableSet(new LinkedHashSet<>(forwardOutputs));
        }
    }

    /**
     * Places every layer of {@code model}.
     *
     * @param open     the open backends by id: the primary, and the fallback when there is one
     * @param fallback the fallback id, or null for none
     * @throws ModelException   when the weights were built for another model
     * @throws BackendException when some layers run on no backend, naming each with the reason
     */
    static Placement of(Model model, Weights weights, Map<String, ? extends Backend> open, String primary,
                        String fallback) {
        if (weights.model() != model && !weights.model().equals(model)) {
            throw new ModelException(model.name() + ": the weights were built for another model ("
                    + weights.model().name() + ")");
        }
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
        return new Placement(assigned, partition(model, nodes, assigned));
    }

    private static List<Part> partition(Model model, List<Node> nodes, Map<String, String> backendOf) {
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
        List<Graph> graphs = new ArrayList<>();
        List<Set<String>> produced = new ArrayList<>();
        for (List<Node> run : runs) {
            Set<String> inside = new LinkedHashSet<>();
            Set<String> outside = new LinkedHashSet<>();
            for (Node n : run) {
                for (String in : n.inputs()) {
                    if (!inside.contains(in)) {
                        outside.add(in);
                    }
                }
                inside.add(n.name());
            }
            graphs.add(new Graph(outside.stream().map(v -> new GraphInput(v, shapes.get(v))).toList(), run));
            produced.add(inside);
        }
        // Walk backwards once: what segment i must hand on is what any later segment reads of its layers.
        List<Part> parts = new ArrayList<>(Collections.nCopies(runs.size(), null));
        Set<String> readByLater = new HashSet<>();
        for (int i = runs.size() - 1; i >= 0; i--) {
            Set<String> later = new LinkedHashSet<>(produced.get(i));
            later.retainAll(readByLater);
            String id = backendOf.get(runs.get(i).get(0).name());
            Set<String> forward = new LinkedHashSet<>(later);
            if (produced.get(i).contains(model.output())) {
                forward.add(model.output());
            }
            parts.set(i, new Part(id, graphs.get(i), produced.get(i), later, forward));
            graphs.get(i).inputs().forEach(gi -> readByLater.add(gi.name()));
        }
        return parts;
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }
}
