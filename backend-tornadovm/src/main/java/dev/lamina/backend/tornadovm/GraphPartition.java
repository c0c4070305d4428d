package dev.lamina.backend.tornadovm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A network's steps split into consecutive TornadoVM task graphs, all run by one execution plan, in order.
 *
 * <p>Why: TornadoVM 5.2.0 sizes a task graph by three fixed limits that no property changes, and a large
 * network exceeds them:
 * <ul>
 *   <li>{@value #CODE_BYTES} bytes of high-level code ({@code TornadoTaskGraph.highLevelCode}; a
 *       {@code BufferOverflowException} while the graph is built): each task writes {@link #taskBytes} bytes
 *       (a context record of 9, an argument list header of 5, 5 per argument, 1 for the launch), transfers
 *       nothing;</li>
 *   <li>{@value #GRAPH_NODES} nodes in the graph TornadoVM builds from that code ({@code TornadoGraph}, "Tornado
 *       Graph resize not implemented yet" on the first execution): one per distinct constant argument, three
 *       per object (the object, its allocation or transfer, its release), and per task two (the task, its buffer
 *       allocation) plus one per argument it writes (its output: Lamina's kernels write nothing else) — counted
 *       exactly for what Lamina's tasks give TornadoVM, with a {@code KernelContext} counted as written too;</li>
 *   <li>{@value #TASKS} tasks ({@code TornadoExecutionContext.MAX_TASKS}).</li>
 * </ul>
 * So the steps are packed greedily, in graph order, into graphs within a {@link Budget} ({@link Budget#DEFAULT}
 * keeps a margin below each limit); a network that fits is one graph, as before.
 *
 * <p>Between graphs values stay on the device: the graph that owns a value (computes it, or sends it from the
 * host when it is a graph input) persists it; each later graph up to the last one that reads it consumes it from
 * the graph before — TornadoVM 5.2.0 hands a consumed buffer on only from the graph executed immediately before
 * ({@code TornadoTaskGraph.updatePersistedObjectState}), so a value read two graphs later is consumed by the graph
 * in between too, which only passes it on (no transfer, no allocation). Nothing else crosses.
 *
 * @param parts the task graphs, in execution order; together their steps are every step, in order
 */
record GraphPartition(List<Part> parts) {
    /** The size of TornadoVM 5.2.0's {@code TornadoTaskGraph.highLevelCode}. */
    static final int CODE_BYTES = 8192;
    /** The nodes TornadoVM 5.2.0's {@code TornadoGraph} holds ({@code INITIAL_SIZE}, never resized). */
    static final int GRAPH_NODES = 1024;
    /** The tasks of one TornadoVM 5.2.0 task graph ({@code TornadoExecutionContext.MAX_TASKS}). */
    static final int TASKS = 256;

    /**
     * What one graph may hold; a step larger than the budget still gets a graph of its own, as long as it is
     * within TornadoVM's limits.
     *
     * @param bytes bytes of high-level code
     * @param nodes nodes of TornadoVM's graph, counted as the class comment says
     * @param tasks tasks
     */
    record Budget(int bytes, int nodes, int tasks) {
        /**
         * TornadoVM's limits less a margin, in case a later TornadoVM needs a little more per graph than 5.2.0 (both
         * counts are exact for 5.2.0: DeviceGraphCodeTest): 256 bytes (two convolutions' code) and 32 nodes.
         */
        static final Budget DEFAULT = new Budget(CODE_BYTES - 256, GRAPH_NODES - 32, TASKS);
        /** A graph per step (the tests' finest split). */
        static final Budget ONE_STEP = new Budget(1, 1, 1);

        Budget {
            if (bytes <= 0 || nodes <= 0 || tasks <= 0) {
                throw new IllegalArgumentException("a budget is positive, got " + bytes + " bytes, " + nodes
                        + " nodes, " + tasks + " tasks");
            }
        }

        /** This budget with {@code bytes} of code and TornadoVM's node and task limits. */
        static Budget bytes(int bytes) {
            return new Budget(bytes, GRAPH_NODES, TASKS);
        }

        boolean holds(Size size) {
            return size.bytes() <= bytes && size.nodes() <= nodes && size.tasks() <= tasks;
        }
    }

    /** The size of a graph, or of what a step adds to one. */
    record Size(int tasks, int bytes, int nodes) {
        static final Size LIMITS = new Size(TASKS, CODE_BYTES, GRAPH_NODES);

        Size plus(Size o) {
            return new Size(Math.addExact(tasks, o.tasks), Math.addExact(bytes, o.bytes),
                    Math.addExact(nodes, o.nodes));
        }

        boolean within(Size limits) {
            return tasks <= limits.tasks && bytes <= limits.bytes && nodes <= limits.nodes;
        }
    }

    /**
     * One step (a node's task or tasks, which always stay in one graph) as the partition sees it.
     *
     * @param layer     the node's name, for errors
     * @param output    the value it computes
     * @param reads     the values its tasks read (graph inputs or earlier steps' outputs; repeats allowed)
     * @param weights   the indices of the weights its tasks read (into {@link Network#weights()})
     * @param tasks     its tasks
     * @param bytes     the bytes its tasks write into the graph's high-level code
     * @param nodes     the nodes its tasks add to TornadoVM's graph besides those of its values, weights and
     *                  constants: two per task, one per argument it writes (the output), four per
     *                  {@code KernelContext}, one per constant that depends on the batch size
     * @param constants its constant arguments that do not depend on the batch size (TornadoVM makes one node per
     *                  distinct value in a graph, {@code equals} deciding)
     */
    record Step(String layer, String output, List<String> reads, List<Integer> weights, int tasks, int bytes,
                int nodes, Set<Object> constants) {
        Step {
            Objects.requireNonNull(layer, "layer");
            Objects.requireNonNull(output, "output");
            reads = List.copyOf(reads);
            weights = List.copyOf(weights);
            constants = Set.copyOf(constants);
            if (tasks <= 0 || bytes <= 0 || nodes < 0) {
                throw new IllegalArgumentException("step " + layer + ": tasks and bytes must be positive, nodes"
                        + " non-negative, got " + tasks + ", " + bytes + ", " + nodes);
            }
        }
    }

    /**
     * One task graph: steps {@code [from, to)}.
     *
     * @param from      the first step
     * @param to        one past the last step
     * @param size      its tasks, bytes of code and nodes of TornadoVM's graph
     * @param weights   the weights its tasks read, ascending: sent once ({@code FIRST_EXECUTION}) by this graph
     * @param sent      the graph inputs first read here: sent on every execution ({@code EVERY_EXECUTION})
     * @param consumed  values on the device that this graph or a later one reads, taken from the graph before
     *                  ({@code consumeFromDevice})
     * @param produced  the outputs of its steps: {@code UNDER_DEMAND}, so fetched from this graph when asked for
     * @param persisted the values it owns (sent or produced here) that a later graph reads
     */
    record Part(int from, int to, Size size, List<Integer> weights, List<String> sent, List<String> consumed,
                List<String> produced, List<String> persisted) {
        Part {
            if (from < 0 || to <= from) {
                throw new IllegalArgumentException("a part holds steps [from, to) with 0 <= from < to, got ["
                        + from + ", " + to + ")");
            }
            weights = List.copyOf(weights);
            sent = List.copyOf(sent);
            consumed = List.copyOf(consumed);
            produced = List.copyOf(produced);
            persisted = List.copyOf(persisted);
        }

        int steps() {
            return to - from;
        }
    }

    GraphPartition {
        parts = List.copyOf(parts);
    }

    /** The bytes a task of {@code arguments} arguments writes into TornadoVM 5.2.0's high-level code. */
    static int taskBytes(int arguments) {
        if (arguments < 0) {
            throw new IllegalArgumentException("arguments must be >= 0, got " + arguments);
        }
        return 15 + 5 * arguments;
    }

    /**
     * Packs {@code steps}, in order, into graphs within {@code budget} (a step beyond the budget gets a graph of
     * its own).
     *
     * @throws IllegalArgumentException when one step alone is beyond TornadoVM 5.2.0's limits: no task graph can
     *                                  hold it
     */
    static GraphPartition of(List<Step> steps, Budget budget) {
        Objects.requireNonNull(budget, "budget");
        // the step that computes each value or, for a graph input, first reads it; and the last step reading it
        Map<String, Integer> first = new LinkedHashMap<>();
        Map<String, Integer> lastRead = new HashMap<>();
        Set<String> computed = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            for (String r : s.reads()) {
                first.putIfAbsent(r, i);
                lastRead.put(r, i);
            }
            if (first.containsKey(s.output())) {
                throw new IllegalArgumentException("step " + s.layer() + " computes " + s.output()
                        + ", which an earlier step reads or computes");
            }
            first.put(s.output(), i);
            computed.add(s.output());
        }
        List<Integer> starts = new ArrayList<>();
        Graph graph = null;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (graph != null && !budget.holds(graph.with(s))) {
                graph = null;
            }
            if (graph == null) {
                graph = new Graph(live(i, first, lastRead));
                starts.add(i);
                Size alone = graph.with(s);
                if (!alone.within(Size.LIMITS)) {
                    throw new IllegalArgumentException("tornadovm: layer " + s.layer() + " needs " + alone.tasks()
                            + " tasks, " + alone.bytes() + " bytes of code and " + alone.nodes() + " graph nodes in a"
                            + " TornadoVM task graph (passing on " + graph.values.size() + " values), more than one"
                            + " holds (TornadoVM 5.2.0: " + TASKS + " tasks, " + CODE_BYTES + " bytes, " + GRAPH_NODES
                            + " nodes)");
                }
            }
            graph.add(s);
        }
        starts.add(steps.size());
        List<Part> parts = new ArrayList<>();
        for (int p = 0; p + 1 < starts.size(); p++) {
            int from = starts.get(p);
            int to = starts.get(p + 1);
            Set<String> consumed = live(from, first, lastRead);
            Graph g = new Graph(consumed);
            Set<String> sent = new LinkedHashSet<>();
            Set<String> produced = new LinkedHashSet<>();
            for (int i = from; i < to; i++) {
                Step s = steps.get(i);
                for (String v : s.reads()) {
                    if (!computed.contains(v) && first.get(v) >= from) {
                        sent.add(v);
                    }
                }
                produced.add(s.output());
                g.add(s);
            }
            List<String> persisted = new ArrayList<>();
            for (Map.Entry<String, Integer> e : first.entrySet()) {
                int f = e.getValue();
                if (from <= f && f < to && lastRead.getOrDefault(e.getKey(), -1) >= to) {
                    persisted.add(e.getKey());
                }
            }
            parts.add(new Part(from, to, g.size, List.copyOf(g.weights), List.copyOf(sent), List.copyOf(consumed),
                    List.copyOf(produced), persisted));
        }
        return new GraphPartition(parts);
    }

    /** The values on the device when step {@code at} starts a graph: defined before it, read at or after it. */
    private static Set<String> live(int at, Map<String, Integer> first, Map<String, Integer> lastRead) {
        Set<String> live = new LinkedHashSet<>();
        first.forEach((v, f) -> {
            if (f < at && lastRead.getOrDefault(v, -1) >= at) {
                live.add(v);
            }
        });
        return live;
    }

    /** A graph being filled: its values (consumed, sent, computed), weights, constants and size so far. */
    private static final class Graph {
        final Set<String> values;
        final Set<Integer> weights = new TreeSet<>();
        final Set<Object> constants = new HashSet<>();
        Size size;

        Graph(Set<String> consumed) {
            values = new LinkedHashSet<>(consumed);
            size = new Size(0, 0, 1 + 3 * consumed.size());
        }

        /** The size with {@code s} added. */
        Size with(Step s) {
            int objects = 0;
            Set<String> fresh = new HashSet<>(s.reads());
            fresh.add(s.output());
            for (String v : fresh) {
                objects += values.contains(v) ? 0 : 1;
            }
            for (Integer w : new HashSet<>(s.weights())) {
                objects += weights.contains(w) ? 0 : 1;
            }
            int newConstants = 0;
            for (Object c : s.constants()) {
                newConstants += constants.contains(c) ? 0 : 1;
            }
            return size.plus(new Size(s.tasks(), s.bytes(), s.nodes() + 3 * objects + newConstants));
        }

        void add(Step s) {
            size = with(s);
            values.addAll(s.reads());
            values.add(s.output());
            weights.addAll(s.weights());
            constants.addAll(s.constants());
        }
    }

    /** The number of task graphs. */
    int size() {
        return parts.size();
    }
}
