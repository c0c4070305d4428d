package dev.lamina.backend.cpu;

import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.Conv2d;
import dev.lamina.api.MaxPool2d;
import dev.lamina.spi.Graph;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one place that decides which nodes run as one kernel in the cpu backend's fused schedule ({@link CpuPlan}):
 * a fast conv ({@link FastConvKernel#fast}: GEMM or depthwise) absorbs what follows it while each value in between has exactly
 * one reader — a BatchNorm (folded into its weights when every scale is finite:
 * {@link BatchNormKernel.Affine#foldable}), then an element-wise activation, then a non-overlapping max-pool
 * ({@link FastConvKernel#canPool}); the epilogue runs them in that order on each block of the GEMM's result.
 * Every other node is a group of its own with its plain kernel; views run nothing and form no group.
 */
final class Fusion {
    /** Nodes one kernel computes, from the first's inputs to the last's output. */
    record Group(List<Node> nodes, Kernel kernel) {
        Group {
            nodes = List.copyOf(nodes);
            if (nodes.isEmpty()) {
                throw new IllegalArgumentException("a group needs a node");
            }
        }

        /** The nodes' names joined by "+". */
        String name() {
            return String.join("+", nodes.stream().map(Node::name).toList());
        }
    }

    private Fusion() {
    }

    /**
     * The groups of {@code graph} in graph order. {@code plain} builds a node's own kernel, {@code activation}
     * the element-wise kernel of an activation node (null for a node that is none).
     */
    static List<Group> groups(Graph graph, Predicate<Node> isView, Function<Node, Kernel> plain,
                              Function<Node, ElementwiseKernel> activation) {
        Map<String, List<Node>> readers = new HashMap<>();
        for (Node n : graph.nodes()) {
            for (String in : n.inputs()) {
                readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
        List<Group> groups = new ArrayList<>();
        Set<String> absorbed = new HashSet<>();
        for (Node n : graph.nodes()) {
            if (absorbed.contains(n.name()) || isView.test(n)) {
                continue;
            }
            Group g = n.layer() instanceof Conv2d && FastConvKernel.fast(n) ? convGroup(n, readers, activation) : null;
            if (g == null) {
                g = new Group(List.of(n), plain.apply(n));
            }
            for (Node m : g.nodes()) {
                absorbed.add(m.name());
            }
            groups.add(g);
        }
        return groups;
    }

    /** The value's only reader, or null when it has none or several (a node reading it twice counts twice). */
    private static Node only(Map<String, List<Node>> readers, Node of) {
        List<Node> r = readers.get(of.name());
        return r != null && r.size() == 1 ? r.get(0) : null;
    }

    /** A fast conv and what its epilogue absorbs; null when it absorbs nothing. */
    private static Group convGroup(Node conv, Map<String, List<Node>> readers,
                                   Function<Node, ElementwiseKernel> activation) {
        List<Node> chain = new ArrayList<>(List.of(conv));
        FastConvKernel.Params params = FastConvKernel.Params.of(conv);
        Node next = only(readers, conv);
        if (next != null && next.layer() instanceof BatchNorm2d) {
            BatchNormKernel.Affine bn = BatchNormKernel.Affine.of(next);
            if (bn.foldable()) {
                params = bn.foldInto(params.weight(), params.bias());
                chain.add(next);
                next = only(readers, next);
            } else {
                next = null;
            }
        }
        ElementwiseKernel act = next == null ? null : activation.apply(next);
        if (act != null) {
            chain.add(next);
            next = only(readers, next);
        }
        Node pool = null;
        if (next != null && next.layer() instanceof MaxPool2d && FastConvKernel.canPool(conv, next)) {
            pool = next;
            chain.add(next);
        }
        if (chain.size() == 1) {
            return null;
        }
        String name = String.join("+", chain.stream().map(Node::name).toList());
        return new Group(chain, FastConvKernel.fused(name, conv, params, act, pool, chain.get(chain.size() - 1)));
    }
}
