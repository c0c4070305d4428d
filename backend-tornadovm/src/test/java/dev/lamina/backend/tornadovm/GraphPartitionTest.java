package dev.lamina.backend.tornadovm;

import dev.lamina.api.Add;
import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Flatten;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.backend.tornadovm.GraphPartition.Budget;
import dev.lamina.backend.tornadovm.GraphPartition.Part;
import dev.lamina.backend.tornadovm.GraphPartition.Size;
import dev.lamina.backend.tornadovm.GraphPartition.Step;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a network's steps split into TornadoVM task graphs, and what crosses between them: plain Java. */
class GraphPartitionTest {

    /** A step of one task, {@code bytes} of code, no nodes of its own, no constants. */
    private static Step step(String output, int bytes, String... reads) {
        return new Step(output, output, List.of(reads), List.of(), 1, bytes, 0, Set.of());
    }

    private static Step step(String output, int bytes, List<Integer> weights, String... reads) {
        return new Step(output, output, List.of(reads), weights, 1, bytes, 0, Set.of());
    }

    @Test
    void aTaskWritesTheBytesOfTornadoVm520sEncoding() {
        // context (1 + 4 + 4), argument list (1 + 4), 5 per argument, launch (1)
        assertEquals(15, GraphPartition.taskBytes(0));
        assertEquals(25, GraphPartition.taskBytes(2));
        assertEquals(115, GraphPartition.taskBytes(20));
        assertThrows(IllegalArgumentException.class, () -> GraphPartition.taskBytes(-1));
    }

    @Test
    void aNetworkThatFitsIsOneGraphAsBefore() {
        List<Step> steps = List.of(step("a", 100, List.of(0, 1), "x"), step("b", 25, "a"),
                step("c", 40, List.of(2), "b", "x"));
        GraphPartition p = GraphPartition.of(steps, Budget.DEFAULT);
        // nodes: the context, 3 per object (x, a, b, c and three weights)
        assertEquals(List.of(new Part(0, 3, new Size(3, 165, 1 + 3 * 7), List.of(0, 1, 2), List.of("x"), List.of(),
                List.of("a", "b", "c"), List.of())), p.parts());
    }

    @Test
    void stepsArePackedInOrderUpToTheBudget() {
        List<Step> steps = List.of(step("a", 40, "x"), step("b", 40, "a"), step("c", 40, "b"), step("d", 40, "c"),
                step("e", 40, "d"));
        GraphPartition p = GraphPartition.of(steps, Budget.bytes(100));
        assertEquals(List.of("[0, 2) 80", "[2, 4) 80", "[4, 5) 40"),
                p.parts().stream().map(q -> "[" + q.from() + ", " + q.to() + ") " + q.size().bytes()).toList());
        assertEquals(2, GraphPartition.of(steps, Budget.bytes(120)).size(), "exactly the budget still fits");
        assertEquals(1, GraphPartition.of(steps, Budget.bytes(200)).size());
        // by tasks: 2 a graph
        assertEquals(List.of(2, 2, 1), GraphPartition.of(steps, new Budget(8192, 1024, 2)).parts().stream()
                .map(Part::steps).toList());
    }

    @Test
    void graphNodesCountObjectsConstantsAndTasksAndBoundAGraphToo() {
        // two steps of 2 tasks each adding 6 nodes of their own, sharing one constant
        Step a = new Step("a", "a", List.of("x"), List.of(0), 2, 50, 6, Set.of(3, 1.5f));
        Step b = new Step("b", "b", List.of("a", "x"), List.of(0, 1), 2, 50, 6, Set.of(3, 7));
        Part one = GraphPartition.of(List.of(a, b), Budget.DEFAULT).parts().get(0);
        // context 1; objects x, a, b, weights 0 and 1: 3 each; constants 3, 1.5f, 7; the steps' own 12
        assertEquals(new Size(4, 100, 1 + 3 * 5 + 3 + 12), one.size());
        // 31 nodes: a budget of 30 splits them, and b's graph also holds the consumed x and a
        List<Part> two = GraphPartition.of(List.of(a, b), new Budget(8192, 30, 256)).parts();
        assertEquals(2, two.size());
        assertEquals(new Size(2, 50, 1 + 3 * 3 + 2 + 6), two.get(0).size());
        assertEquals(List.of("x", "a"), two.get(1).consumed());
        // x, a, b and both weights (weight 0 is sent again, to this graph)
        assertEquals(new Size(2, 50, 1 + 3 * 5 + 2 + 6), two.get(1).size());
    }

    @Test
    void aStepLargerThanTheBudgetGetsAGraphOfItsOwn() {
        List<Step> steps = List.of(step("a", 40, "x"), step("big", 500, "a"), step("c", 40, "big"));
        GraphPartition p = GraphPartition.of(steps, Budget.bytes(100));
        assertEquals(List.of(1, 1, 1), p.parts().stream().map(Part::steps).toList());
        assertEquals(500, p.parts().get(1).size().bytes());
        assertEquals(3, GraphPartition.of(steps, Budget.ONE_STEP).size());
    }

    @Test
    void aStepBeyondWhatAnyTaskGraphHoldsIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GraphPartition.of(List.of(step("a", 40, "x"), step("huge", 8193, "a")), Budget.DEFAULT));
        assertEquals("tornadovm: layer huge needs 1 tasks, 8193 bytes of code and 7 graph nodes in a TornadoVM task"
                + " graph (passing on 1 values), more than one holds (TornadoVM 5.2.0: 256 tasks, 8192 bytes, 1024"
                + " nodes)", e.getMessage());
        assertEquals(2, GraphPartition.of(List.of(step("a", 40, "x"), step("full", 8192, "a")), Budget.bytes(100))
                .size());
        Step manyTasks = new Step("sum", "sum", List.of("x"), List.of(), 257, 7000, 0, Set.of());
        assertThrows(IllegalArgumentException.class, () -> GraphPartition.of(List.of(manyTasks), Budget.DEFAULT));
        Step manyNodes = new Step("cat", "cat", List.of("x"), List.of(), 100, 7000, 1020, Set.of());
        assertThrows(IllegalArgumentException.class, () -> GraphPartition.of(List.of(manyNodes), Budget.DEFAULT));
    }

    @Test
    void aValueCrossesEveryGraphFromItsOwnerToItsLastReaderAndNoFurther() {
        // x → a → b → c;  d = c + a;  e = d + x; a graph per step
        List<Step> steps = List.of(step("a", 10, "x"), step("b", 10, "a"), step("c", 10, "b"),
                step("d", 10, "c", "a"), step("e", 10, "d", "x"));
        List<Part> p = GraphPartition.of(steps, Budget.ONE_STEP).parts();
        assertEquals(5, p.size());
        assertEquals(List.of("x"), p.get(0).sent());
        assertEquals(List.of(), p.get(0).consumed());
        assertEquals(List.of("x", "a"), p.get(0).persisted(), "x and a are read by later graphs");
        assertEquals(List.of("x", "a"), p.get(1).consumed(), "x only passes through graph 1, a is read there");
        assertEquals(List.of("b"), p.get(1).persisted());
        assertEquals(List.of("x", "a", "b"), p.get(2).consumed());
        assertEquals(List.of("c"), p.get(2).persisted());
        assertEquals(List.of("x", "a", "c"), p.get(3).consumed(), "b, last read in graph 2, stops there");
        assertEquals(List.of("d"), p.get(3).persisted());
        assertEquals(List.of("x", "d"), p.get(4).consumed());
        assertEquals(List.of(), p.get(4).persisted(), "e is read by no one: it stays where it is computed");
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of(steps.get(i).output()), p.get(i).produced());
            assertEquals(i == 0 ? List.of("x") : List.of(), p.get(i).sent());
        }
    }

    @Test
    void aValueReadOnlyInsideItsGraphNeverLeavesIt() {
        // [a, b, c] [d, e]: b is read by c only, in its own graph
        List<Step> steps = List.of(step("a", 10, "x"), step("b", 10, "a"), step("c", 10, "b"),
                step("d", 10, "c", "a"), step("e", 10, "d"));
        List<Part> p = GraphPartition.of(steps, Budget.bytes(30)).parts();
        assertEquals(2, p.size());
        assertEquals(List.of("a", "c"), p.get(0).persisted());
        assertEquals(List.of("a", "c"), p.get(1).consumed());
        assertEquals(List.of(), p.get(1).persisted());
    }

    @Test
    void aGraphInputIsSentByTheFirstGraphThatReadsIt() {
        List<Step> steps = List.of(step("a", 10, "x"), step("b", 10, "a"), step("c", 10, "b", "y"),
                step("d", 10, "c", "y", "x"));
        List<Part> p = GraphPartition.of(steps, Budget.ONE_STEP).parts();
        assertEquals(List.of("x"), p.get(0).sent());
        assertEquals(List.of(), p.get(1).sent());
        assertEquals(List.of("x", "a"), p.get(1).consumed(), "y is not on the device before graph 2");
        assertEquals(List.of("y"), p.get(2).sent());
        assertEquals(List.of("x", "b"), p.get(2).consumed());
        assertEquals(List.of("y", "c"), p.get(2).persisted(), "graph 2 persists the input it sent, for graph 3");
        assertEquals(List.of("x", "y", "c"), p.get(3).consumed());
    }

    @Test
    void eachGraphSendsTheWeightsOfItsOwnTasks() {
        // weight 3 is shared (as the no-bias placeholder is): every graph whose tasks read it sends it
        List<Step> steps = List.of(step("a", 10, List.of(0, 1), "x"), step("b", 10, List.of(3), "a"),
                step("c", 10, List.of(2, 3), "b"), step("d", 10, "c"));
        List<Part> p = GraphPartition.of(steps, Budget.bytes(20)).parts();
        assertEquals(List.of(List.of(0, 1, 3), List.of(2, 3)), p.stream().map(Part::weights).toList());
    }

    @Test
    void aStepMayNotComputeAValueAlreadyReadOrComputed() {
        assertThrows(IllegalArgumentException.class,
                () -> GraphPartition.of(List.of(step("a", 10, "x"), step("a", 10, "x")), Budget.DEFAULT));
        assertThrows(IllegalArgumentException.class,
                () -> GraphPartition.of(List.of(step("a", 10, "b"), step("b", 10, "x")), Budget.DEFAULT));
    }

    /** A network with skips across many layers, concatenations, a reused input, and weights of every kind. */
    private static Network deepNetwork() {
        Nets n = new Nets(21).input("input", Shape.of(4, 6, 6)).input("other", Shape.of(4, 6, 6));
        String previous = "input";
        for (int b = 0; b < 12; b++) {
            n.node("conv" + b, Conv2d.of(4, 3, 3).withPadding(1, 1).withBias(b % 2 == 0), previous)
                    .then("bn" + b, BatchNorm2d.of()).then("relu" + b, new ReLU())
                    .node("add" + b, new Add(), "relu" + b, previous, b % 3 == 0 ? "input" : "relu" + b);
            previous = "add" + b;
        }
        n.node("late", new Add(), previous, "other").node("cat", new Concat(), "late", "add0", "add5")
                .then("pool", MaxPool2d.of(2, 2)).then("flat", new Flatten()).then("fc", Dense.of(5).withBias(false))
                .then("fc2", Dense.of(3).withBias(false));
        return new Network(n.graph());
    }

    @Test
    void theCensusCountsEachStepsTasksWeightsAndConstants() {
        Network network = deepNetwork();
        Map<String, Step> census = new HashMap<>();
        network.census().forEach(s -> census.put(s.layer(), s));
        Step conv = census.get("conv0");
        assertEquals(1, conv.tasks());
        assertEquals(GraphPartition.taskBytes(20), conv.bytes(), "conv2dBlocked: 20 arguments");
        // the task, its allocation, the read dependent on its output, the batch-dependent thread count
        assertEquals(2 + 1 + 1, conv.nodes());
        // groupChannels 4, groups 1, filters 4, 6 × 6 in and out, 3 × 3 kernel, stride 1, padding 1, dilation 1
        assertEquals(Set.of(4, 1, 6, 3), conv.constants());
        assertEquals(GraphPartition.taskBytes(6), census.get("bn0").bytes());
        assertEquals(Set.of(4, 36), census.get("bn0").constants(), "channels and plane");
        assertEquals(GraphPartition.taskBytes(2), census.get("relu0").bytes());
        assertEquals(2 + 1, census.get("relu0").nodes());
        // add of three: add (5 arguments) + accumulate (3); concat of three: three concatInto (5 each)
        Step add = census.get("add0");
        assertEquals(2, add.tasks());
        assertEquals(GraphPartition.taskBytes(5) + GraphPartition.taskBytes(3), add.bytes());
        assertEquals(2 * (2 + 1), add.nodes());
        assertEquals(3 * GraphPartition.taskBytes(5), census.get("cat").bytes());
        assertEquals(List.of("relu1", "add0", "relu1"), census.get("add1").reads());
        assertEquals(List.of("cat"), census.get("pool").reads());
        assertEquals(List.of("pool"), census.get("fc").reads(), "flatten is a view: fc reads its input's buffer");
        assertEquals(2, conv.weights().size(), "packed weights and bias");
        assertEquals(2, census.get("conv1").weights().size(), "packed weights and the zeros standing for no bias");
        assertEquals(2, census.get("bn0").weights().size(), "scale and shift");
        assertEquals(List.of(), census.get("relu0").weights());
        Set<Integer> shared = new HashSet<>(census.get("fc").weights());
        shared.retainAll(census.get("fc2").weights());
        assertEquals(1, shared.size(), "both dense layers without bias read the one no-bias placeholder");
        assertFalse(census.containsKey("flat"), "a view has no step");
    }

    @Test
    void theNodeCountIsTornadoVmsForAChain() {
        // 170 ReLUs in a chain: TornadoVM 5.2.0 builds 6k + 4 = 1024 nodes for k = 170 (one object node, one
        // allocation or transfer and one release per buffer; a task node, a buffer-allocation node and a
        // dependent read per task; the context) — exactly its limit, which DeviceGraphCodeTest checks on the runtime
        Nets n = new Nets(22).input("x0", Shape.of(4));
        for (int k = 1; k <= 170; k++) {
            n.then("x" + k, new ReLU());
        }
        Network chain = new Network(n.graph());
        GraphPartition one = chain.partition(new Budget(8192, 1_000_000, 256));
        assertEquals(6 * 170 + 4, one.parts().get(0).size().nodes());
        assertEquals(2, chain.partition().size(), "so the default budget does not put them in one graph");
    }

    @Test
    void everyPartitionOfARealNetworkHoldsItsInvariants() {
        Network network = deepNetwork();
        List<Step> steps = network.census();
        int total = steps.stream().mapToInt(Step::bytes).sum();
        for (int bytes : new int[] {1, 60, 100, 150, 200, 333, 500, 1000, total - 1, total}) {
            assertInvariants(steps, network.partition(Budget.bytes(bytes)), Budget.bytes(bytes));
        }
        for (int nodes : new int[] {1, 20, 50, 100, 300}) {
            assertInvariants(steps, network.partition(new Budget(8192, nodes, 256)), new Budget(8192, nodes, 256));
        }
        assertInvariants(steps, network.partition(), Budget.DEFAULT);
        assertEquals(steps.size(), network.partition(Budget.ONE_STEP).size(), "a graph per step");
        assertEquals(1, network.partition().size(), "the default: this network fits in one graph");
    }

    /**
     * What any partition must be: the steps in order, each graph within the budget (or a single step) and packed
     * full; every value a task reads is in its graph's device memory (sent, consumed, or computed earlier there);
     * what a graph consumes the graph before holds; nothing crosses that is not needed; each graph sends its
     * tasks' weights.
     */
    static void assertInvariants(List<Step> steps, GraphPartition partition, Budget budget) {
        String at = budget.toString();
        List<Part> parts = partition.parts();
        int next = 0;
        Map<String, Integer> owner = new HashMap<>();
        Map<String, Integer> lastReader = new HashMap<>();
        for (int p = 0; p < parts.size(); p++) {
            Part part = parts.get(p);
            assertEquals(next, part.from(), at + ": graphs follow one another");
            next = part.to();
            List<Step> mine = steps.subList(part.from(), part.to());
            assertEquals(mine.stream().mapToInt(Step::bytes).sum(), part.size().bytes(), at);
            assertEquals(mine.stream().mapToInt(Step::tasks).sum(), part.size().tasks(), at);
            assertTrue(budget.holds(part.size()) || part.steps() == 1, at + ": graph " + p + " within the budget");
            Set<Integer> weights = new TreeSet<>();
            for (Step s : mine) {
                for (String r : s.reads()) {
                    owner.putIfAbsent(r, p);
                    lastReader.put(r, p);
                }
                owner.put(s.output(), p);
                weights.addAll(s.weights());
            }
            assertEquals(List.copyOf(weights), part.weights(), at + ": graph " + p + " sends its tasks' weights");
        }
        assertEquals(steps.size(), next, at + ": every step");
        Set<String> computed = new HashSet<>();
        steps.forEach(s -> computed.add(s.output()));
        Set<String> previousHeld = Set.of();
        for (int p = 0; p < parts.size(); p++) {
            Part part = parts.get(p);
            Set<String> held = new LinkedHashSet<>(part.sent());
            held.addAll(part.consumed());
            Set<Object> constants = new HashSet<>();
            int ownNodes = 0;
            for (int i = part.from(); i < part.to(); i++) {
                for (String r : steps.get(i).reads()) {
                    assertTrue(held.contains(r), at + ": graph " + p + ", step " + steps.get(i).layer() + " reads "
                            + r + ", which is on the device there");
                }
                held.add(steps.get(i).output());
                constants.addAll(steps.get(i).constants());
                ownNodes += steps.get(i).nodes();
            }
            assertEquals(1 + 3 * (held.size() + part.weights().size()) + constants.size() + ownNodes,
                    part.size().nodes(), at + ": graph " + p + "'s nodes");
            if (p + 1 < parts.size()) {
                Step first = steps.get(part.to());
                Set<String> objects = new HashSet<>(first.reads());
                objects.add(first.output());
                objects.removeAll(held);
                Set<Integer> newWeights = new HashSet<>(first.weights());
                newWeights.removeAll(part.weights());
                Set<Object> newConstants = new HashSet<>(first.constants());
                newConstants.removeAll(constants);
                Size grown = part.size().plus(new Size(first.tasks(), first.bytes(),
                        first.nodes() + 3 * (objects.size() + newWeights.size()) + newConstants.size()));
                assertFalse(budget.holds(grown), at + ": graph " + p + " is packed full");
            }
            assertTrue(previousHeld.containsAll(part.consumed()),
                    at + ": graph " + p + " consumes only what graph " + (p - 1) + " holds");
            List<String> consumed = new ArrayList<>();
            List<String> persisted = new ArrayList<>();
            List<String> sent = new ArrayList<>();
            for (Map.Entry<String, Integer> e : owner.entrySet()) {
                String v = e.getKey();
                int last = lastReader.getOrDefault(v, -1);
                if (e.getValue() < p && p <= last) {
                    consumed.add(v);
                }
                if (e.getValue() == p && last > p) {
                    persisted.add(v);
                }
                if (e.getValue() == p && !computed.contains(v)) {
                    sent.add(v);
                }
            }
            assertEquals(new HashSet<>(consumed), new HashSet<>(part.consumed()),
                    at + ": graph " + p + " consumes exactly what it or a later graph reads from earlier ones");
            assertEquals(new HashSet<>(persisted), new HashSet<>(part.persisted()),
                    at + ": graph " + p + " persists exactly what it owns and a later graph reads");
            assertEquals(new HashSet<>(sent), new HashSet<>(part.sent()),
                    at + ": graph " + p + " sends exactly the inputs first read there");
            assertEquals(steps.subList(part.from(), part.to()).stream().map(Step::output).toList(), part.produced());
            previousHeld = held;
        }
    }
}
