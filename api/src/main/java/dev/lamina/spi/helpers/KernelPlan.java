package dev.lamina.spi.helpers;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.spi.Executable;
import dev.lamina.spi.Graph;
import dev.lamina.spi.GraphInput;
import dev.lamina.spi.Kernel;
import dev.lamina.spi.Node;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The default plan of {@link dev.lamina.spi.KernelBackend}: one buffer per value, kernels run in graph order;
 * a view (see {@link LayerTable#registerView}) gets its input's buffer and runs nothing. Thread safety comes from
 * a pool of
 * workspaces: each call takes one (or makes one), so concurrent calls never share a buffer, and a steady
 * stream of calls allocates nothing but its outputs ({@code runInto}: nothing). After {@link #close()} every
 * call fails with an {@link IllegalStateException}; calls already running finish on their own buffers (heap
 * arrays: nothing is freed under them).
 */
public final class KernelPlan implements Executable {
    private final Graph graph;
    private final Kernel[] kernels;
    /** For each value (inputs first, then nodes), the buffer slot it lives in; a view shares its source's. */
    private final Map<String, Integer> slotOf = new HashMap<>();
    private final int[] slotSize;
    private final int[][] nodeInputSlots;
    private final int[] nodeOutputSlot;
    private final Map<String, Shape> shapes;
    private volatile boolean closed;

    /**
     * Builds every node's kernel now, with {@code kernelFactory}, except for the nodes {@code isView} selects:
     * those share their single input's buffer.
     */
    public KernelPlan(Graph graph, Predicate<Node> isView, Function<Node, Kernel> kernelFactory) {
        this.graph = graph;
        this.shapes = graph.shapes();
        List<Integer> sizes = new ArrayList<>();
        for (GraphInput in : graph.inputs()) {
            slotOf.put(in.name(), sizes.size());
            sizes.add(in.shape().size());
        }
        List<Node> nodes = graph.nodes();
        kernels = new Kernel[nodes.size()];
        nodeInputSlots = new int[nodes.size()][];
        nodeOutputSlot = new int[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
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
                // Same values in the same order: the output is the input's buffer.
                nodeOutputSlot[i] = ins[0];
            } else {
                nodeOutputSlot[i] = sizes.size();
                sizes.add(n.outputShape().size());
                kernels[i] = kernelFactory.apply(n);
            }
            slotOf.put(n.name(), nodeOutputSlot[i]);
        }
        slotSize = sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Buffers for one call at a time, with each node's input array prepared once. */
    private final class Workspace {
        final int capacity;
        final float[][] buffers;
        final float[][][] nodeInputs;

        Workspace(int capacity) {
            this.capacity = capacity;
            buffers = new float[slotSize.length][];
            for (int i = 0; i < slotSize.length; i++) {
                buffers[i] = new float[Math.multiplyExact(capacity, slotSize[i])];
            }
            nodeInputs = new float[nodeInputSlots.length][][];
            for (int i = 0; i < nodeInputSlots.length; i++) {
                nodeInputs[i] = new float[nodeInputSlots[i].length][];
                for (int j = 0; j < nodeInputSlots[i].length; j++) {
                    nodeInputs[i][j] = buffers[nodeInputSlots[i][j]];
                }
            }
        }
    }

    /**
     * Idle workspaces kept for reuse; more than this are dropped after a burst of concurrent calls. As many
     * as there are callers at once, up to 64 (the blas plan's bound): with one per core, 16 callers on 2
     * cores left 14 calls out of 16 making a new workspace and dropping it (82 KB per call on LeNet at batch
     * 64). The pool holds only workspaces that were in use at once, so it never holds more than the peak
     * of concurrent calls.
     */
    static final int MAX_POOLED = 64;
    private final SlotPool<Workspace> pool = new SlotPool<>(MAX_POOLED);

    @Override
    public Map<String, Tensor> run(Map<String, Tensor> inputs, Set<String> outputs) {
        int batch = PlanInputs.batchOf(graph, inputs);
        for (String name : outputs) {
            slot(name);
        }
        Workspace ws = compute(inputs, batch);
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
        int batch = PlanInputs.batchOf(graph, inputs);
        int slot = slot(output);
        Workspace ws = compute(inputs, batch);
        try {
            destination.put(destination.position(), ws.buffers[slot], 0, batch * shapes.get(output).size());
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

    /** Runs every kernel on the batch in a pooled workspace, which the caller hands back with {@link #release}. */
    private Workspace compute(Map<String, Tensor> inputs, int batch) {
        if (closed) {
            throw new IllegalStateException("this compiled plan is closed");
        }
        Workspace ws = pool.poll();
        if (ws == null || ws.capacity < batch) {
            ws = new Workspace(batch);
        }
        try {
            List<GraphInput> ins = graph.inputs();
            for (int i = 0; i < ins.size(); i++) {
                inputs.get(ins.get(i).name()).copyTo(ws.buffers[slotOf.get(ins.get(i).name())], 0);
            }
            for (int i = 0; i < kernels.length; i++) {
                if (kernels[i] == null) {
                    continue;
                }
                kernels[i].forward(batch, ws.nodeInputs[i], ws.buffers[nodeOutputSlot[i]]);
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
