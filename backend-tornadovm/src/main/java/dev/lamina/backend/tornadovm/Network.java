package dev.lamina.backend.tornadovm;

import dev.lamina.api.Shape;
import dev.lamina.spi.Graph;
import dev.lamina.spi.GraphInput;
import dev.lamina.spi.Node;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A graph laid out for the device, independent of the batch size: which buffer holds each value (a
 * view such as flatten shares its input's buffer, see {@link LayerTasks}), the task of every other node, and the
 * weights, copied into {@link FloatArray}s once and shared by the plans of every batch size; and how the steps
 * split into TornadoVM task graphs ({@link GraphPartition}), counted once here since what a step writes into a
 * graph does not depend on the batch.
 */
final class Network {
    private final Graph graph;
    private final Map<String, Shape> shapes;
    private final Set<String> graphInputs = new LinkedHashSet<>();
    /** For every value, the value whose buffer holds it: itself, or for a view its source's holder. */
    private final Map<String, String> holder = new HashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<FloatArray> weights = new ArrayList<>();
    private final Set<String> deviceInputs = new LinkedHashSet<>();
    private final Set<String> nodeBuffers = new LinkedHashSet<>();
    private FloatArray noBias;
    /** The steps as {@link GraphPartition} sees them, counted once (what they write does not depend on the batch). */
    private final List<GraphPartition.Step> census = new ArrayList<>();
    private final GraphPartition partition;

    private record Step(LayerTask task, List<String> inputs, String output) {
    }

    Network(Graph graph) {
        this.graph = graph;
        this.shapes = graph.shapes();
        for (GraphInput in : graph.inputs()) {
            graphInputs.add(in.name());
            holder.put(in.name(), in.name());
        }
        for (Node node : graph.nodes()) {
            if (LayerTasks.isView(node)) {
                holder.put(node.name(), holder.get(node.inputs().get(0)));
                continue;
            }
            List<String> ins = node.inputs().stream().map(holder::get).toList();
            for (String in : ins) {
                if (graphInputs.contains(in)) {
                    deviceInputs.add(in);
                }
            }
            holder.put(node.name(), node.name());
            nodeBuffers.add(node.name());
            steps.add(new Step(LayerTasks.of(node, weights, this::noBias), ins, node.name()));
        }
        Map<FloatArray, Integer> weightIndex = new IdentityHashMap<>();
        for (int i = 0; i < weights.size(); i++) {
            weightIndex.put(weights.get(i), i);
        }
        for (Step step : steps) {
            census.add(TaskCensus.of(step.output(), step.output(), step.inputs(), step.task(), weightIndex));
        }
        partition = partition(GraphPartition.Budget.DEFAULT);
    }

    private FloatArray noBias() {
        if (noBias == null) {
            noBias = new FloatArray(1);
            weights.add(noBias);
        }
        return noBias;
    }

    Graph graph() {
        return graph;
    }

    /** Per-sample shape of a value, or null when the graph has no such value. */
    Shape shape(String value) {
        return shapes.get(value);
    }

    /** Whether any node runs on the device (a graph of views only has nothing to run). */
    boolean hasTasks() {
        return !steps.isEmpty();
    }

    /** The value whose buffer holds {@code value}. */
    String holder(String value) {
        return holder.get(value);
    }

    boolean isGraphInput(String value) {
        return graphInputs.contains(value);
    }

    /** Weights and placeholders: sent once, on the first execution of a plan. */
    List<FloatArray> weights() {
        return Collections.unmodifiableList(weights);
    }

    /** Graph inputs the device reads: sent on every execution. */
    Set<String> deviceInputs() {
        return Collections.unmodifiableSet(deviceInputs);
    }

    /** Values computed on the device, each in its own buffer: copied back only when asked for. */
    Set<String> nodeBuffers() {
        return Collections.unmodifiableSet(nodeBuffers);
    }

    /** A buffer for every device input and node output, each holding {@code batch} samples. */
    Map<String, FloatArray> allocate(int batch) {
        Map<String, FloatArray> buffers = new LinkedHashMap<>();
        for (String v : deviceInputs) {
            buffers.put(v, new FloatArray(Math.multiplyExact(batch, shapes.get(v).size())));
        }
        for (String v : nodeBuffers) {
            buffers.put(v, new FloatArray(Math.multiplyExact(batch, shapes.get(v).size())));
        }
        return buffers;
    }

    /**
     * The steps split into task graphs within {@link GraphPartition.Budget#DEFAULT}: one graph when the network
     * fits. Empty when no node runs on the device.
     */
    GraphPartition partition() {
        return partition;
    }

    /** The steps split into task graphs within {@code budget} (the tests use small ones). */
    GraphPartition partition(GraphPartition.Budget budget) {
        return GraphPartition.of(census, budget);
    }

    /** The steps as the partition sees them, in graph order. */
    List<GraphPartition.Step> census() {
        return Collections.unmodifiableList(census);
    }

    /** The weights that {@code part}'s tasks read. */
    List<FloatArray> weights(GraphPartition.Part part) {
        return part.weights().stream().map(weights::get).toList();
    }

    /** Sends every node's task(s) to {@code sink}, in graph order, on buffers from {@link #allocate}. */
    void emit(TaskSink sink, Map<String, FloatArray> buffers, int batch) {
        emit(sink, buffers, batch, 0, steps.size());
    }

    /** Sends the task(s) of {@code part}'s steps to {@code sink}, in graph order. */
    void emit(TaskSink sink, Map<String, FloatArray> buffers, int batch, GraphPartition.Part part) {
        emit(sink, buffers, batch, part.from(), part.to());
    }

    private void emit(TaskSink sink, Map<String, FloatArray> buffers, int batch, int from, int to) {
        for (Step step : steps.subList(from, to)) {
            FloatArray[] ins = new FloatArray[step.inputs().size()];
            for (int i = 0; i < ins.length; i++) {
                ins[i] = buffers.get(step.inputs().get(i));
            }
            step.task().emit(sink, ins, buffers.get(step.output()), batch);
        }
    }
}
