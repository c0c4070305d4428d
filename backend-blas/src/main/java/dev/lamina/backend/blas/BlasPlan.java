package dev.lamina.backend.blas;

import dev.lamina.api.Add;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Dims2;
import dev.lamina.api.Flatten;
import dev.lamina.api.Layer;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
import dev.lamina.api.Tensor;
import dev.lamina.spi.Executable;
import dev.lamina.spi.Graph;
import dev.lamina.spi.GraphInput;
import dev.lamina.spi.Node;
import dev.lamina.spi.Support;
import dev.lamina.spi.helpers.LayerTable;
import dev.lamina.spi.helpers.PlanInputs;
import org.bytedeco.javacpp.FloatPointer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A graph compiled for OpenBLAS. Weights are unpacked once into native memory owned by the plan; every
 * activation and im2col buffer lives in a native {@link Workspace}, allocated once and reused; the only
 * copies are the model's inputs in and the requested outputs out.
 *
 * <p>Two step lists are built: a fused one (conv + ReLU + max-pool in one pass over the GEMM result) used
 * whenever the caller does not ask for a value the fusion skips, and a plain one, one step per layer.
 *
 * <p>Thread safety: each call takes a workspace from a pool (or makes one), so concurrent calls never share
 * a buffer; weights are read-only. {@link #close()} frees every native buffer the plan owns; workspaces of
 * calls still running are freed when those calls end.
 */
final class BlasPlan implements Executable {
    /** Extra floats at the end of every native buffer: the padded-width im2col reads a few past the plane. */
    static final int SLACK = 64;
    /** Floats copied per Java pass chunk (64 KiB: stays in L1/L2). */
    static final int CHUNK = 16 * 1024;
    /** Target size of one im2col block in floats (256 KiB: stays in L2 while the GEMM pieces read it). */
    static final long IM2COL_BUDGET = 1L << 16;
    /** Parts of a batch per thread: enough to balance threads that run at different speeds. */
    static final int PARTS_PER_THREAD = 2;

    private final Graph graph;
    private final int threads;
    private final Map<String, Integer> slotOf = new HashMap<>();
    private final Map<String, Shape> shapes;
    private final Layout layout;
    private final List<Step> fused;
    private final List<Step> plain;
    /** Values the fused steps never write. */
    private final Set<String> skipped;
    private final List<FloatPointer> weights = new ArrayList<>();
    private final ConcurrentLinkedQueue<Workspace> pool = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;
    /** Calls in flight; the last one out after {@link #close()} frees the native memory. */
    private final java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean freed = new java.util.concurrent.atomic.AtomicBoolean();

    /** Sizes of everything a workspace holds, per sample (slots) or per capacity (scratch). */
    record Layout(int[] slotSize, String[] slotName, Scratch scratch, List<ConvStep> convs) {
        int[] chunks(int capacity) {
            int[] c = new int[convs.size()];
            for (ConvStep s : convs) {
                c[s.index] = s.chunkFor(capacity);
            }
            return c;
        }

        long scratchB(int[] chunk) {
            long m = 0;
            for (ConvStep s : convs) {
                m = Math.max(m, s.lowering.scratchBPerImage() * chunk[s.index]);
            }
            return m;
        }

        long scratchC(int[] chunk) {
            long m = 0;
            for (ConvStep s : convs) {
                m = Math.max(m, s.lowering.scratchCPerImage() * chunk[s.index]);
            }
            return m;
        }
    }

    BlasPlan(Graph graph, int threads) {
        this.graph = graph;
        this.threads = threads;
        this.shapes = graph.shapes();
        List<Integer> sizes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (GraphInput in : graph.inputs()) {
            slotOf.put(in.name(), sizes.size());
            sizes.add(in.shape().size());
            names.add(in.name());
        }
        Map<String, List<Node>> consumers = new HashMap<>();
        for (Node n : graph.nodes()) {
            for (String src : n.inputs()) {
                consumers.computeIfAbsent(src, k -> new ArrayList<>()).add(n);
            }
            if (STEPS.isView(n)) {
                slotOf.put(n.name(), slotOf.get(n.inputs().get(0)));
            } else {
                slotOf.put(n.name(), sizes.size());
                sizes.add(n.outputShape().size());
                names.add(n.name());
            }
        }
        Scratch.Needs needs = new Scratch.Needs();
        List<ConvStep> convs = new ArrayList<>();
        Map<String, FloatPointer> nativeWeights = new HashMap<>();
        try {
            // plain: one step per node
            plain = new ArrayList<>();
            for (Node n : graph.nodes()) {
                Step s = stepFor(n, nativeWeights, convs);
                if (s != null) {
                    plain.add(s);
                }
            }
            // fused: conv (+ relu) (+ max-pool) when each intermediate value has exactly one reader
            fused = new ArrayList<>();
            skipped = new HashSet<>();
            Set<String> absorbed = new HashSet<>();
            for (Node n : graph.nodes()) {
                if (absorbed.contains(n.name())) {
                    continue;
                }
                if (n.layer() instanceof Conv2d) {
                    Node relu = null;
                    Node pool = null;
                    Node next = only(consumers.get(n.name()));
                    if (next != null && next.layer() instanceof ReLU) {
                        relu = next;
                        next = only(consumers.get(relu.name()));
                    }
                    if (next != null && next.layer() instanceof MaxPool2d) {
                        pool = next;
                    }
                    if (relu != null || pool != null) {
                        fused.add(conv(n, relu, pool, nativeWeights, convs));
                        skipped.add(n.name());
                        if (relu != null) {
                            absorbed.add(relu.name());
                            if (pool != null) {
                                skipped.add(relu.name());
                            }
                        }
                        if (pool != null) {
                            absorbed.add(pool.name());
                        }
                        continue;
                    }
                }
                Step s = stepFor(n, nativeWeights, convs);
                if (s != null) {
                    fused.add(s);
                }
            }
            for (Step s : plain) {
                s.scratchNeeds(needs);
            }
            for (Step s : fused) {
                s.scratchNeeds(needs);
            }
        } catch (RuntimeException | Error e) {
            nativeWeights.values().forEach(FloatPointer::close);
            throw e;
        }
        weights.addAll(nativeWeights.values());
        layout = new Layout(sizes.stream().mapToInt(Integer::intValue).toArray(), names.toArray(String[]::new),
                needs.build(), List.copyOf(convs));
    }

    private static Node only(List<Node> readers) {
        return readers != null && readers.size() == 1 ? readers.get(0) : null;
    }

    /** Builds the plain (unfused) step of one node of type {@code L}, with the plan's slots and weights. */
    @FunctionalInterface
    interface StepFactory<L extends Layer> {
        Step build(BlasPlan plan, L layer, Node node, Map<String, FloatPointer> nativeWeights, List<ConvStep> convs);
    }

    /** The one place per layer type of this backend: what it builds for each, and flatten as a view. */
    static final LayerTable<StepFactory<Layer>> STEPS = LayerTable.of(BlasBackendProvider.ID);

    static {
        // Lamina 0.2's parameters have no blas steps yet: declined here, shown as unsupported in the matrix.
        add(Conv2d.class, (c, n) -> c.groups() == 1 && c.padding().symmetric() ? Support.yes()
                : Support.no("blas runs conv2d with groups 1 and symmetric padding only (groups " + c.groups()
                        + ", padding " + c.padding() + ")"),
                (plan, c, n, weights, convs) -> plan.conv(n, null, null, weights, convs));
        add(Dense.class, (plan, d, n, weights, convs) -> plan.dense(n, d, weights));
        add(ReLU.class, (plan, r, n, weights, convs) -> plan.elementwise(n, Elementwise.Op.RELU));
        add(Sigmoid.class, (plan, g, n, weights, convs) -> plan.elementwise(n, Elementwise.Op.SIGMOID));
        add(Tanh.class, (plan, t, n, weights, convs) -> plan.elementwise(n, Elementwise.Op.TANH));
        add(MaxPool2d.class, (p, n) -> !p.ceilMode() && p.dilation().equals(Dims2.of(1)) && p.padding().symmetric()
                ? Support.yes() : Support.no("blas runs maxpool2d without ceil_mode, dilation or asymmetric padding"
                        + " only"), (plan, p, n, weights, convs) -> new PoolStep(n.name(), true, p.kernel(), p.stride(),
                p.padding(), n.inputShape(), n.outputShape(), plan.in(n), plan.out(n)));
        add(AvgPool2d.class, (p, n) -> !p.ceilMode() && p.countIncludePad() && p.padding().symmetric()
                ? Support.yes() : Support.no("blas runs avgpool2d without ceil_mode, count_include_pad=false or"
                        + " asymmetric padding only"), (plan, p, n, weights, convs) -> new PoolStep(n.name(), false, p.kernel(), p.stride(),
                p.padding(), n.inputShape(), n.outputShape(), plan.in(n), plan.out(n)));
        add(Softmax.class, (plan, m, n, weights, convs) -> new SoftmaxStep(n.name(), n.outputShape(), plan.in(n),
                plan.out(n)));
        add(Add.class, (a, n) -> n.inputShapes().stream().allMatch(n.outputShape()::equals) ? Support.yes()
                : Support.no("blas does not broadcast add yet"), (plan, a, n, weights, convs) -> new AddStep(n.name(), n.outputShape().size(), plan.ins(n),
                plan.out(n)));
        add(Concat.class, (plan, c, n, weights, convs) -> new ConcatStep(n.name(), plan.ins(n),
                n.inputShapes().stream().mapToInt(Shape::size).toArray(), n.outputShape().size(), plan.out(n)));
        STEPS.registerView(Flatten.class);
    }

    private static <L extends Layer> void add(Class<L> type, LayerTable.Check<? super L> check,
                                              StepFactory<L> factory) {
        STEPS.register(type, check, (plan, layer, n, weights, convs) -> factory.build(plan, type.cast(layer), n,
                weights, convs));
    }

    private static <L extends Layer> void add(Class<L> type, StepFactory<L> factory) {
        STEPS.register(type, (plan, layer, n, weights, convs) -> factory.build(plan, type.cast(layer), n, weights,
                convs));
    }

    /** The plain step of a node; null for a view, which shares its input's slot. */
    private Step stepFor(Node n, Map<String, FloatPointer> nativeWeights, List<ConvStep> convs) {
        return STEPS.isView(n) ? null : STEPS.factory(n).build(this, n.layer(), n, nativeWeights, convs);
    }

    private int in(Node n) {
        return slotOf.get(n.inputs().get(0));
    }

    private int out(Node n) {
        return slotOf.get(n.name());
    }

    private int[] ins(Node n) {
        return n.inputs().stream().mapToInt(slotOf::get).toArray();
    }

    /** A conv step, with the ReLU and max-pool that follow it fused in when they are given. */
    private ConvStep conv(Node n, Node relu, Node pool, Map<String, FloatPointer> nativeWeights,
                          List<ConvStep> convs) {
        FloatPointer w = nativeWeights.computeIfAbsent(n.name(), k -> copyToNative(n.param("weight"), n.name()));
        Node last = pool != null ? pool : relu != null ? relu : n;
        Epilogue epilogue = new Epilogue(relu != null, pool == null ? null : (MaxPool2d) pool.layer(),
                last.outputShape().dim(1), last.outputShape().dim(2));
        ConvStep s = new ConvStep(convs.size(), n, epilogue, w, in(n), out(last));
        convs.add(s);
        if (s.ownedWeights() != null) {
            nativeWeights.put(n.name() + "#winograd" + convs.size(), s.ownedWeights());
        }
        return s;
    }

    private Step dense(Node n, Dense d, Map<String, FloatPointer> nativeWeights) {
        int features = n.inputShape().size();
        float[] w = n.param("weight");
        FloatPointer wp = nativeWeights.computeIfAbsent(n.name(),
                k -> copyToNative(transpose(w, d.units(), features), n.name()));
        return new DenseStep(n.name(), features, d.units(), w, wp, n.param("bias"), in(n), out(n));
    }

    private Step elementwise(Node n, Elementwise.Op op) {
        return new Elementwise(n.name(), op, n.outputShape().size(), in(n), out(n));
    }

    /** [rows, cols] → [cols, rows]. */
    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }

    private static FloatPointer copyToNative(float[] values, String layer) {
        FloatPointer p = new FloatPointer(values.length);
        if (p.isNull()) {
            throw new OutOfMemoryError(layer + ": cannot allocate " + values.length * 4L + " bytes of native memory");
        }
        p.put(values);
        return p;
    }

    @Override
    public Map<String, Tensor> run(Map<String, Tensor> inputs, Set<String> outputs) {
        active.incrementAndGet();
        try {
            if (closed) {
                throw new IllegalStateException("this compiled plan is closed");
            }
            return runOpen(inputs, outputs);
        } finally {
            if (active.decrementAndGet() == 0 && closed) {
                free();
            }
        }
    }

    private Map<String, Tensor> runOpen(Map<String, Tensor> inputs, Set<String> outputs) {
        int batch = PlanInputs.batchOf(graph, inputs);
        boolean canFuse = true;
        for (String name : outputs) {
            if (!slotOf.containsKey(name)) {
                throw new IllegalArgumentException("no value named " + name + " in this graph");
            }
            if (skipped.contains(name)) {
                canFuse = false;
            }
        }
        Workspace ws = pool.poll();
        if (ws == null || ws.capacity < batch) {
            int cap = ws == null ? batch : Math.max(batch, ws.capacity);
            if (ws != null) {
                ws.close();
            }
            ws = new Workspace(cap, threads, layout);
        }
        try {
            // the batch split into parts that the threads claim as they go, each part running every step on
            // its samples with the thread's own lane: one hand-off per call, and a thread slowed down by
            // another process simply takes fewer parts. A batch of one runs on the caller, and its steps may
            // split their own work (dense columns).
            int parts = batch >= 2 && threads >= 2 ? Math.min(batch, threads * PARTS_PER_THREAD) : 1;
            int inner = parts == 1 ? threads : 1;
            List<Step> steps = canFuse ? fused : plain;
            List<String> names = new ArrayList<>(outputs);
            float[][] results = new float[names.size()][];
            Shape[] resultShapes = new Shape[names.size()];
            for (int i = 0; i < names.size(); i++) {
                resultShapes[i] = shapes.get(names.get(i)).withBatch(batch);
                results[i] = new float[resultShapes[i].size()];
            }
            Workspace w = ws;
            Workers.forEach(threads, parts, (p, slot) -> {
                int from = (int) ((long) batch * p / parts);
                int to = (int) ((long) batch * (p + 1) / parts);
                Workspace.Lane lane = w.lanes[slot];
                for (GraphInput in : graph.inputs()) {
                    copyIn(inputs.get(in.name()), in.shape().size(), from, to, w.bufs[slotOf.get(in.name())], lane.input);
                }
                for (Step s : steps) {
                    s.run(w, lane, from, to, inner);
                }
                for (int i = 0; i < results.length; i++) {
                    int size = resultShapes[i].size() / batch;
                    w.bufs[slotOf.get(names.get(i))].get(from * size, results[i], from * size, (to - from) * size);
                }
            });
            Map<String, Tensor> result = new LinkedHashMap<>();
            for (int i = 0; i < results.length; i++) {
                result.put(names.get(i), Tensor.adopt(resultShapes[i], results[i]));
            }
            return result;
        } finally {
            pool.offer(ws);
        }
    }

    /** Samples {@code from … to−1} of a tensor → native, through a small heap array that stays in cache. */
    private static void copyIn(Tensor t, int perSample, int from, int to, java.nio.FloatBuffer dst, float[] stage) {
        int end = to * perSample;
        for (int i = from * perSample; i < end; i += stage.length) {
            int len = Math.min(stage.length, end - i);
            t.copyTo(i, stage, 0, len);
            dst.put(i, stage, 0, len);
        }
    }

    private void drain() {
        Workspace ws;
        while ((ws = pool.poll()) != null) {
            ws.close();
        }
    }

    /** Frees every native buffer now when no call is running, else when the last running call ends. */
    @Override
    public void close() {
        closed = true;
        if (active.get() == 0) {
            free();
        }
    }

    private void free() {
        if (freed.compareAndSet(false, true)) {
            drain();
            weights.forEach(FloatPointer::close);
        }
    }

    int threads() {
        return threads;
    }
}
