package dev.lamina.backend.cpu;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.spi.Executable;
import dev.lamina.spi.Graph;
import dev.lamina.spi.GraphInput;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;
import dev.lamina.spi.helpers.PlanInputs;
import dev.lamina.spi.helpers.SlotPool;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The cpu backend's plan: one buffer per value, and two schedules over them. The fused one ({@link Fusion}'s
 * groups: a conv with the BatchNorm, activation and max-pool after it in one kernel) runs whenever the caller
 * asks for no value a group skips — {@code forward}, and every value a later segment reads, since the groups
 * only ever absorb values nothing else reads. The plain one, one kernel per node, runs otherwise
 * ({@code forwardAll}: every layer's own output); its kernels for the nodes inside fused groups are built on
 * the first call that needs them (a folded conv's weights differ from its own), the others are shared.
 *
 * <p>Thread safety as {@link dev.lamina.spi.helpers.KernelPlan}'s: each call takes a workspace from a pool
 * (or makes one), so concurrent calls never share a buffer, and a steady stream of calls allocates nothing
 * but its outputs ({@code runInto}: nothing). After {@link #close()} every call fails with an
 * {@link IllegalStateException}; calls already running finish on their own buffers.
 */
final class CpuPlan implements Executable {
    /**
     * Idle workspaces kept for reuse, as many as there were callers at once up to 64 (KernelPlan's and the
     * blas plan's bound); more are dropped after a burst. Not one per core: 16 callers on 2 cores then
     * dropped and remade a workspace on most calls (45 KB per call on LeNet, ConcurrentCallersTest).
     */
    private static final int MAX_POOLED = 64;

    private final Graph graph;
    private final Map<String, Shape> shapes;
    private final Function<Node, Kernel> plainFactory;
    private final Predicate<Node> isView;
    /** For each value (inputs first, then nodes), the buffer slot it lives in; a view shares its source's. */
    private final Map<String, Integer> slotOf = new HashMap<>();
    private final int[] slotSize;
    private final int[][] nodeInputSlots;
    private final int[] nodeOutputSlot;
    /** One kernel per node; null for views, and for nodes inside fused groups until the plain schedule first runs. */
    private final Kernel[] plain;
    private volatile boolean plainComplete;
    private final List<Fusion.Group> groups;
    private final int[][] groupInputSlots;
    private final int[] groupOutputSlot;
    /** Values the fused schedule never writes. */
    private final Set<String> skipped = new HashSet<>();
    private final SlotPool<Workspace> pool = new SlotPool<>(MAX_POOLED);
    private volatile boolean closed;

    CpuPlan(Graph graph, Predicate<Node> isView, Function<Node, Kernel> plainFactory, List<Fusion.Group> groups) {
        this.graph = graph;
        this.shapes = graph.shapes();
        this.isView = isView;
        this.plainFactory = plainFactory;
        this.groups = List.copyOf(groups);
        List<Integer> sizes = new ArrayList<>();
        for (GraphInput in : graph.inputs()) {
            slotOf.put(in.name(), sizes.size());
            sizes.add(in.shape().size());
        }
        List<Node> nodes = graph.nodes();
        Map<String, Integer> index = new HashMap<>();
        nodeInputSlots = new int[nodes.size()][];
        nodeOutputSlot = new int[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            index.put(n.name(), i);
            int[] ins = new int[n.inputs().size()];
            for (int j = 0; j < ins.length; j++) {
                ins[j] = slotOf.get(n.inputs().get(j));
            }
            nodeInputSlots[i] = ins;
            if (isView.test(n)) {
                if (ins.length != 1 || n.outputShape().size() != n.inputShape().size()) {
                    throw new IllegalArgumentException(n.name() + ": a view needs one input of its output's size, got "
                            + n.inputShapes() + " → " + n.outputShape());
                }
                nodeOutputSlot[i] = ins[0];
            } else {
                nodeOutputSlot[i] = sizes.size();
                sizes.add(n.outputShape().size());
            }
            slotOf.put(n.name(), nodeOutputSlot[i]);
        }
        slotSize = sizes.stream().mapToInt(Integer::intValue).toArray();
        plain = new Kernel[nodes.size()];
        groupInputSlots = new int[this.groups.size()][];
        groupOutputSlot = new int[this.groups.size()];
        for (int gi = 0; gi < this.groups.size(); gi++) {
            Fusion.Group g = this.groups.get(gi);
            List<Node> members = g.nodes();
            int first = index.get(members.get(0).name());
            int last = index.get(members.get(members.size() - 1).name());
            groupInputSlots[gi] = nodeInputSlots[first];
            groupOutputSlot[gi] = nodeOutputSlot[last];
            if (members.size() == 1) {
                plain[first] = g.kernel();
            }
            for (int m = 0; m < members.size() - 1; m++) {
                skipped.add(members.get(m).name());
            }
        }
    }

    /** The kernels of the plain schedule, those of fused nodes built now if not yet. */
    private Kernel[] plainKernels() {
        if (!plainComplete) {
            synchronized (this) {
                if (!plainComplete) {
                    List<Node> nodes = graph.nodes();
                    for (int i = 0; i < plain.length; i++) {
                        if (plain[i] == null && !isView.test(nodes.get(i))) {
                            plain[i] = plainFactory.apply(nodes.get(i));
                        }
                    }
                    plainComplete = true;
                }
            }
        }
        return plain;
    }

    /** The groups the fused schedule runs, each as its nodes' names joined by "+" ({@code conv1+bn1+relu1}). */
    List<String> fusedGroups() {
        return groups.stream().map(Fusion.Group::name).toList();
    }

    /** Buffers for one call at a time, with each kernel's input array prepared once per schedule. */
    private final class Workspace {
        final int capacity;
        final float[][] buffers;
        final float[][][] nodeInputs;
        final float[][][] groupInputs;

        Workspace(int capacity) {
            this.capacity = capacity;
            buffers = new float[slotSize.length][];
            for (int i = 0; i < slotSize.length; i++) {
                buffers[i] = new float[Math.multiplyExact(capacity, slotSize[i])];
            }
            nodeInputs = inputs(nodeInputSlots);
            groupInputs = inputs(groupInputSlots);
        }

        private float[][][] inputs(int[][] slots) {
            float[][][] in = new float[slots.length][][];
            for (int i = 0; i < slots.length; i++) {
                in[i] = new float[slots[i].length][];
                for (int j = 0; j < slots[i].length; j++) {
                    in[i][j] = buffers[slots[i][j]];
                }
            }
            return in;
        }
    }

    @Override
    public Map<String, Tensor> run(Map<String, Tensor> inputs, Set<String> outputs) {
        int batch = PlanInputs.batchOf(graph, inputs);
        boolean fused = true;
        for (String name : outputs) {
            slot(name);
            fused &= !skipped.contains(name);
        }
        Workspace ws = compute(inputs, null, batch, fused);
        try {
            Map<String, Tensor> result = new LinkedHashMap<>();
            for (String name : outputs) {
                Shape s = shapes.get(name).withBatch(batch);
                float[] out = new float[s.size()];
                System.arraycopy(ws.buffers[slotOf.get(name)], 0, out, 0, out.length);
                result.put(name, Tensor.adopt(s, out));
            }
            return result;
        } finally {
            release(ws);
        }
    }

    /** Copies the output straight from the workspace into {@code destination}: nothing allocated. */
    @Override
    public void runInto(Map<String, Tensor> inputs, String output, FloatBuffer destination) {
        into(inputs, null, PlanInputs.batchOf(graph, inputs), output, destination, null, destination.position());
    }

    /** As above for the one input, without the map: nothing allocated. */
    @Override
    public void runInto(String inputName, Tensor input, String output, FloatBuffer destination) {
        into(null, input, PlanInputs.batchOf(graph, inputName, input), output, destination, null,
                destination.position());
    }

    /** As above, into the caller's array: nothing allocated. */
    @Override
    public void runInto(String inputName, Tensor input, String output, float[] destination, int offset) {
        into(null, input, PlanInputs.batchOf(graph, inputName, input), output, null, destination, offset);
    }

    /** Runs the batch and copies the output into {@code buffer}, or else {@code array}, from index {@code at}. */
    private void into(Map<String, Tensor> inputs, Tensor single, int batch, String output, FloatBuffer buffer,
                      float[] array, int at) {
        int slot = slot(output);
        Workspace ws = compute(inputs, single, batch, !skipped.contains(output));
        try {
            int n = batch * shapes.get(output).size();
            if (buffer != null) {
                buffer.put(at, ws.buffers[slot], 0, n);
            } else {
                System.arraycopy(ws.buffers[slot], 0, array, at, n);
            }
        } finally {
            release(ws);
        }
    }

    private int slot(String name) {
        Integer slot = slotOf.get(name);
        if (slot == null) {
            throw new IllegalArgumentException("no value named " + name + " in this graph");
        }
        return slot;
    }

    /**
     * Runs one schedule on the batch in a pooled workspace, which the caller hands back with {@link #release}:
     * the inputs by name, or {@code single}, the one input of a one-input graph (then {@code inputs} is null).
     */
    private Workspace compute(Map<String, Tensor> inputs, Tensor single, int batch, boolean fused) {
        if (closed) {
            throw new IllegalStateException("this compiled plan is closed");
        }
        Kernel[] kernels = fused ? null : plainKernels();
        Workspace ws = pool.poll();
        if (ws == null || ws.capacity < batch) {
            ws = new Workspace(batch);
        }
        try {
            List<GraphInput> ins = graph.inputs();
            for (int i = 0; i < ins.size(); i++) {
                Tensor t = single != null ? single : inputs.get(ins.get(i).name());
                t.copyTo(ws.buffers[slotOf.get(ins.get(i).name())], 0);
            }
            if (fused) {
                for (int i = 0; i < groupOutputSlot.length; i++) {
                    groups.get(i).kernel().forward(batch, ws.groupInputs[i], ws.buffers[groupOutputSlot[i]]);
                }
            } else {
                for (int i = 0; i < kernels.length; i++) {
                    if (kernels[i] != null) {
                        kernels[i].forward(batch, ws.nodeInputs[i], ws.buffers[nodeOutputSlot[i]]);
                    }
                }
            }
            return ws;
        } catch (RuntimeException | Error e) {
            release(ws);
            throw e;
        }
    }

    private void release(Workspace ws) {
        if (!closed) {
            pool.offer(ws); // refused when full: the workspace is then left to the garbage collector
        }
    }

    /** Refuses further calls; idle workspaces are left to the garbage collector. Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (Workspace idle; (idle = pool.poll()) != null; ) {
            // dropped
        }
    }
}
