package dev.lamina.backend.tornadovm;

import java.util.ArrayList;
import java.util.HashMap;
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
 * <p>Why: TornadoVM 5.2.0's {@code TornadoTaskGraph} writes a graph's high-level code into a fixed array of
 * {@value #CODE_BYTES} bytes ({@code highLevelCode}; no property enlarges it), and a large network overflows it
 * with a {@code BufferOverflowException} while the graph is built. Each task writes {@link #taskBytes} bytes
 * there (a context record of 9 bytes, an argument list header of 5, 5 per argument, 1 for the launch); the
 * transfers write nothing. So the steps are packed greedily, in graph order, into graphs whose tasks write at
 * most the budget ({@link #BUDGET} by default); a network that fits is one graph, as before.
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
    /**
     * The default budget of a graph's code: {@link #CODE_BYTES} less a margin of 256 bytes (two convolutions' worth)
     * in case a later TornadoVM writes a few more bytes per graph than 5.2.0 does.
     */
    static final int BUDGET = CODE_BYTES - 256;

    /**
     * One step (a node's task or tasks, which always stay in one graph) as the partition sees it.
     *
     * @param layer   the node's name, for errors
     * @param output  the value it computes
     * @param reads   the values its tasks read (graph inputs or earlier steps' outputs; repeats allowed)
     * @param weights the indices of the weights its tasks read (into {@link Network#weights()})
     * @param bytes   the bytes its tasks write into the graph's high-level code
     */
    record Step(String layer, String output, List<String> reads, List<Integer> weights, int bytes) {
        Step {
            Objects.requireNonNull(layer, "layer");
            Objects.requireNonNull(output, "output");
            reads = List.copyOf(reads);
            weights = List.copyOf(weights);
            if (bytes <= 0) {
                throw new IllegalArgumentException("step " + layer + ": bytes must be positive, got " + bytes);
            }
        }
    }

    /**
     * One task graph: steps {@code [from, to)}.
     *
     * @param from      the first step
     * @param to        one past the last step
     * @param bytes     the bytes its tasks write into its high-level code
     * @param weights   the weights its tasks read, ascending: sent once ({@code FIRST_EXECUTION}) by this graph
     * @param sent      the graph inputs first read here: sent on every execution ({@code EVERY_EXECUTION})
     * @param consumed  values on the device that this graph or a later one reads, taken from the graph before
     *                  ({@code consumeFromDevice})
     * @param produced  the outputs of its steps: {@code UNDER_DEMAND}, so fetched from this graph when asked for
     * @param persisted the values it owns (sent or produced here) that a later graph reads
     */
    record Part(int from, int to, int bytes, List<Integer> weights, List<String> sent, List<String> consumed,
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

    /** Steps {@code [from, to)}, writing {@code bytes} bytes of code. */
    private record Range(int from, int to, int bytes) {
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
     * Packs {@code steps}, in order, into graphs of at most {@code budget} bytes each (a step larger than the
     * budget gets a graph of its own).
     *
     * @throws IllegalArgumentException when one step alone needs more than {@link #CODE_BYTES}: no TornadoVM 5.2.0
     *                                  task graph can hold it
     */
    static GraphPartition of(List<Step> steps, int budget) {
        if (budget <= 0) {
            throw new IllegalArgumentException("budget must be positive, got " + budget);
        }
        List<Range> ranges = new ArrayList<>();
        int from = 0;
        int bytes = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (s.bytes() > CODE_BYTES) {
                throw new IllegalArgumentException("tornadovm: layer " + s.layer() + " needs " + s.bytes() + " bytes of TornadoVM"
                        + " task graph code, more than the " + CODE_BYTES + " one task graph holds (TornadoVM 5.2.0's"
                        + " fixed TornadoTaskGraph.highLevelCode)");
            }
            if (i > from && bytes + s.bytes() > budget) {
                ranges.add(new Range(from, i, bytes));
                from = i;
                bytes = 0;
            }
            bytes += s.bytes();
        }
        if (from < steps.size()) {
            ranges.add(new Range(from, steps.size(), bytes));
        }
        // the part that owns each value (computes it, or first reads it when it is a graph input), in the
        // order values appear, and the last part that reads it
        Map<String, Integer> producer = new HashMap<>();
        Map<String, Integer> owner = new LinkedHashMap<>();
        Map<String, Integer> lastReader = new HashMap<>();
        for (int p = 0; p < ranges.size(); p++) {
            for (int i = ranges.get(p).from(); i < ranges.get(p).to(); i++) {
                Step s = steps.get(i);
                for (String r : s.reads()) {
                    if (!producer.containsKey(r) && !owner.containsKey(r)) {
                        owner.put(r, p); // a graph input, sent by the first part that reads it
                    }
                    lastReader.put(r, p);
                }
                if (owner.containsKey(s.output())) {
                    throw new IllegalArgumentException("step " + s.layer() + " computes " + s.output()
                            + ", which an earlier step reads or computes");
                }
                producer.put(s.output(), p);
                owner.put(s.output(), p);
            }
        }
        List<Part> parts = new ArrayList<>();
        for (int p = 0; p < ranges.size(); p++) {
            Range r = ranges.get(p);
            Set<Integer> weights = new TreeSet<>();
            Set<String> sent = new LinkedHashSet<>();
            Set<String> produced = new LinkedHashSet<>();
            for (int i = r.from(); i < r.to(); i++) {
                Step s = steps.get(i);
                weights.addAll(s.weights());
                for (String v : s.reads()) {
                    if (!producer.containsKey(v) && owner.get(v) == p) {
                        sent.add(v);
                    }
                }
                produced.add(s.output());
            }
            List<String> consumed = new ArrayList<>();
            List<String> persisted = new ArrayList<>();
            for (Map.Entry<String, Integer> e : owner.entrySet()) {
                Integer last = lastReader.get(e.getKey());
                if (last == null || last <= e.getValue()) {
                    continue; // read by no later part: it never leaves its owner
                }
                if (e.getValue() < p && p <= last) {
                    consumed.add(e.getKey());
                }
                if (e.getValue() == p) {
                    persisted.add(e.getKey());
                }
            }
            parts.add(new Part(r.from(), r.to(), r.bytes(), List.copyOf(weights), List.copyOf(sent), consumed,
                    List.copyOf(produced), persisted));
        }
        return new GraphPartition(parts);
    }

    /** The number of task graphs. */
    int size() {
        return parts.size();
    }
}
