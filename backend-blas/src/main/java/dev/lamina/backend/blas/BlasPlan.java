package dev.lamina.backend.blas;

import dev.lamina.api.AdaptiveAvgPool2d;
import dev.lamina.api.AdaptiveMaxPool2d;
import dev.lamina.api.Add;
import dev.lamina.api.AvgPool2d;
import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.ChannelShuffle;
import dev.lamina.api.Concat;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Dropout;
import dev.lamina.api.ELU;
import dev.lamina.api.Flatten;
import dev.lamina.api.GELU;
import dev.lamina.api.Hardsigmoid;
import dev.lamina.api.Hardswish;
import dev.lamina.api.Hardtanh;
import dev.lamina.api.Identity;
import dev.lamina.api.Layer;
import dev.lamina.api.LeakyReLU;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Mul;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.SiLU;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Slice;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
import dev.lamina.api.ZeroPad2d;
import dev.lamina.api.Tensor;
import dev.lamina.spi.Executable;
import dev.lamina.spi.Graph;
import dev.lamina.spi.GraphInput;
import dev.lamina.spi.Node;
import dev.lamina.spi.helpers.LayerTable;
import dev.lamina.spi.helpers.PlanInputs;
import dev.lamina.spi.helpers.SlotPool;
import org.bytedeco.javacpp.FloatPointer;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A graph compiled for OpenBLAS. Weights are unpacked once into native memory owned by the plan; every
 * activation and im2col buffer lives in a native {@link Workspace}, allocated once and reused; the only
 * copies are the model's inputs in and the requested outputs out.
 *
 * <p>Two step lists are built: a fused one (conv + BatchNorm folded into its weights + activation + max-pool
 * in one pass over the GEMM result) used whenever the caller does not ask for a value the fusion skips, and a
 * plain one, one step per layer, which {@code forwardAll} gets: every layer's own output.
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
    /** Idle workspaces kept for reuse: enough for many callers sharing one compiled model. */
    static final int MAX_POOLED = 64;

    private final Graph graph;
    private final int threads;
    private final Map<String, Integer> slotOf = new HashMap<>();
    private final Map<String, Shape> shapes;
    private final Layout layout;
    /**
     * The fused steps' buffers shared by values never alive at once (see {@link #aliasedLayout}); used when a
     * call runs as one part (a batch of one, or one thread) and asks only for {@link #kept} values.
     */
    private final Layout layoutAliased;
    /** Slots an aliased workspace never reuses: the graph's inputs and its values no node reads. */
    private final Set<Integer> kept;
    /** Per fused step: the slots it reads and the slot it writes. */
    private final List<int[]> fusedReads = new ArrayList<>();
    private final List<Integer> fusedWrites = new ArrayList<>();
    private final List<Step> fused;
    private final List<Step> plain;
    /** Values the fused steps never write. */
    private final Set<String> skipped;
    /** Values the fused steps hold channels-last ({@code [H·W, C]} per image): inside expand → depthwise → project blocks. */
    private final Set<String> channelsLast = new HashSet<>();
    /** The nodes each fused step runs, joined by "+" (for tests and logs). */
    private final List<String> fusedChains = new ArrayList<>();
    /** The nodes the plain steps run, one per step. */
    private final List<String> plainNames = new ArrayList<>();
    /** Per-step timings when {@link StepTimes#PROPERTY} was set as the plan was built, else null. */
    private final StepTimes times;
    private final List<FloatPointer> weights = new ArrayList<>();
    /** Idle workspaces; one that does not fit (after a burst of many concurrent calls) is freed. */
    private final SlotPool<Workspace> pool = new SlotPool<>(MAX_POOLED);
    private final SlotPool<Workspace> poolAliased = new SlotPool<>(MAX_POOLED);
    private volatile boolean closed;
    /** Calls in flight; the last one out after {@link #close()} frees the native memory. */
    private final java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean freed = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Sizes of everything a workspace holds, per sample (slots) or per capacity (scratch). Slot {@code i} lives
     * in native buffer {@code groupOf[i]} of {@code groupSize[groupOf[i]]} floats per sample: one buffer per
     * slot ({@link #distinct}), or one buffer shared by values never alive at once ({@link #aliased}).
     */
    record Layout(int[] slotSize, String[] slotName, Scratch scratch, List<ConvStep> convs, int[] groupOf,
                  int[] groupSize) {
        /** One buffer per slot. */
        static Layout distinct(int[] slotSize, String[] slotName, Scratch scratch, List<ConvStep> convs) {
            int[] identity = new int[slotSize.length];
            for (int i = 0; i < identity.length; i++) {
                identity[i] = i;
            }
            return new Layout(slotSize, slotName, scratch, convs, identity, slotSize.clone());
        }

        /** The same slots and scratch, the slots mapped to shared buffers. */
        Layout aliased(int[] groups, int[] sizes) {
            return new Layout(slotSize, slotName, scratch, convs, groups, sizes);
        }

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
                    plainNames.add(n.name());
                }
            }
            // fused: conv (+ BatchNorm folded) (+ activation) (+ max-pool) when each intermediate value has
            // exactly one reader; the values inside the chain are never written
            fused = new ArrayList<>();
            skipped = new HashSet<>();
            Set<String> absorbed = new HashSet<>();
            Map<String, ConvStep.Pending> pending = new HashMap<>();
            for (Node n : graph.nodes()) {
                if (absorbed.contains(n.name())) {
                    continue;
                }
                List<Node> chain = n.layer() instanceof Conv2d ? convChain(n, consumers) : List.of(n);
                if (n.layer() instanceof Conv2d && expandRunByReader(chain, consumers, pending)) {
                    for (int i = 0; i < chain.size(); i++) {
                        if (i > 0) {
                            absorbed.add(chain.get(i).name());
                        }
                        skipped.add(chain.get(i).name());
                    }
                    continue;
                }
                if (n.layer() instanceof Conv2d) {
                    Expanded ex = expanded.get(n.name());
                    fused.add(conv(chain, nativeWeights, convs, consumers, pending));
                    fusedReads.add(ex != null ? new int[] {ex.input()}
                            : n.inputs().stream().mapToInt(slotOf::get).toArray());
                    fusedWrites.add(slotOf.get(chain.get(chain.size() - 1).name()));
                    fusedChains.add((ex != null ? ex.chain() + "+" : "")
                            + String.join("+", chain.stream().map(Node::name).toList()));
                    for (int i = 0; i < chain.size(); i++) {
                        if (i > 0) {
                            absorbed.add(chain.get(i).name());
                        }
                        if (i < chain.size() - 1) {
                            skipped.add(chain.get(i).name());
                        }
                    }
                    continue;
                }
                Node actNode = n.layer() instanceof Add || n.layer() instanceof Mul
                        ? only(consumers.get(n.name())) : null;
                Activation act = actNode == null ? null : activation(actNode.layer());
                if (act != null) {
                    // add (or mul) + the activation reading it, in one pass: the sum is never written
                    fused.add(new CombineStep(n, n.layer() instanceof Add ? CombineStep.Op.ADD : CombineStep.Op.MUL,
                            ins(n), slotOf.get(actNode.name()), act));
                    fusedChains.add(n.name() + "+" + actNode.name());
                    fusedReads.add(ins(n));
                    fusedWrites.add(slotOf.get(actNode.name()));
                    absorbed.add(actNode.name());
                    skipped.add(n.name());
                    continue;
                }
                Step s = stepFor(n, nativeWeights, convs);
                if (s != null) {
                    fused.add(s);
                    fusedChains.add(n.name());
                    fusedReads.add(n.inputs().stream().mapToInt(slotOf::get).toArray());
                    fusedWrites.add(slotOf.get(n.name()));
                }
            }
            if (!pending.isEmpty()) {
                throw new IllegalStateException("epilogues left for steps never built: " + pending.keySet()
                        + " (internal error)");
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
        layout = Layout.distinct(sizes.stream().mapToInt(Integer::intValue).toArray(), names.toArray(String[]::new),
                needs.build(), List.copyOf(convs));
        kept = keptSlots(graph, consumers);
        layoutAliased = aliasedLayout(layout, fusedReads, fusedWrites, kept);
        times = StepTimes.ifEnabled(fusedChains, plainNames);
    }

    /** The slots of the graph's inputs and of every value no node reads: what a caller may ask for at the end. */
    private Set<Integer> keptSlots(Graph graph, Map<String, List<Node>> consumers) {
        Set<Integer> k = new HashSet<>();
        for (GraphInput in : graph.inputs()) {
            k.add(slotOf.get(in.name()));
        }
        for (Node n : graph.nodes()) {
            if (!consumers.containsKey(n.name())) {
                k.add(slotOf.get(n.name()));
            }
        }
        return Set.copyOf(k);
    }

    /**
     * Buffers for the fused steps, shared by values whose lives do not overlap: walking the steps in order,
     * each step's output takes a free buffer (the smallest that holds it, else the largest free one, grown,
     * else a new one) before the buffers of values read for the last time there are freed, so an output
     * never shares a buffer with the step's own inputs. Kept slots are never freed; slots the fused steps
     * never touch (values inside a fused chain) share buffer 0, unused. MobileNetV2: 152 values of 19.8 M
     * floats per sample in all become 5 buffers of 2.3 M (79 → 9 MB at batch 1).
     */
    static Layout aliasedLayout(Layout distinct, List<int[]> reads, List<Integer> writes, Set<Integer> kept) {
        int slots = distinct.slotSize().length;
        int steps = writes.size();
        int[] last = new int[slots];
        Arrays.fill(last, -1);
        for (int i = 0; i < steps; i++) {
            for (int r : reads.get(i)) {
                last[r] = Math.max(last[r], i);
            }
        }
        int[] group = new int[slots];
        Arrays.fill(group, -1);
        List<Integer> size = new ArrayList<>();
        List<Integer> free = new ArrayList<>();
        for (int k : kept.stream().sorted().toList()) {
            group[k] = size.size();
            size.add(distinct.slotSize()[k]);
        }
        for (int i = 0; i < steps; i++) {
            int w = writes.get(i);
            if (group[w] < 0) {
                int need = distinct.slotSize()[w];
                int pick = -1;
                for (int f : free) {
                    if (size.get(f) >= need && (pick < 0 || size.get(f) < size.get(pick))) {
                        pick = f;
                    }
                }
                if (pick < 0) {
                    for (int f : free) {
                        if (pick < 0 || size.get(f) > size.get(pick)) {
                            pick = f;
                        }
                    }
                }
                if (pick < 0) {
                    pick = size.size();
                    size.add(need);
                } else {
                    free.remove(Integer.valueOf(pick));
                    size.set(pick, Math.max(size.get(pick), need));
                }
                group[w] = pick;
            }
            for (int r : reads.get(i)) {
                if (last[r] == i && !kept.contains(r) && group[r] >= 0 && !free.contains(group[r])) {
                    free.add(group[r]);
                }
            }
            if (last[w] < 0 && !kept.contains(w) && !free.contains(group[w])) {
                free.add(group[w]); // written, never read: dead at once
            }
        }
        if (size.isEmpty()) {
            size.add(0);
        }
        for (int i = 0; i < slots; i++) {
            if (group[i] < 0) {
                group[i] = 0;
            }
        }
        return distinct.aliased(group, size.stream().mapToInt(Integer::intValue).toArray());
    }

    private static Node only(List<Node> readers) {
        return readers != null && readers.size() == 1 ? readers.get(0) : null;
    }

    /**
     * The conv node and what its epilogue can absorb after it, each the only reader of the one before: a
     * BatchNorm (folded into the weights), an activation, then a max-pool without dilation when the
     * activation commutes with max ({@link Epilogue#canPoolAfter}).
     */
    private static List<Node> convChain(Node conv, Map<String, List<Node>> consumers) {
        List<Node> chain = new ArrayList<>(List.of(conv));
        Node next = only(consumers.get(conv.name()));
        if (next != null && next.layer() instanceof BatchNorm2d) {
            chain.add(next);
            next = only(consumers.get(next.name()));
        }
        Activation act = next == null ? null : activation(next.layer());
        if (act != null) {
            chain.add(next);
            next = only(consumers.get(next.name()));
        }
        if (next != null && next.layer() instanceof MaxPool2d pool && Epilogue.canPoolAfter(act, pool)) {
            chain.add(next);
        }
        return chain;
    }

    /**
     * Whether the conv chain ending with {@code epilogue}, read by conv {@code depthwise} alone, starts a
     * channels-last block ({@link ConvStep#channelsLastBlock}): the depthwise chain's value read by one
     * pointwise conv alone, whose own chain has no pool.
     */
    private static boolean channelsLastBlock(Node expand, Epilogue epilogue, Node depthwise,
                                             Map<String, List<Node>> consumers) {
        if (!(depthwise.layer() instanceof Conv2d)) {
            return false;
        }
        List<Node> dw = convChain(depthwise, consumers);
        Node project = only(consumers.get(dw.get(dw.size() - 1).name()));
        if (project == null || !(project.layer() instanceof Conv2d)) {
            return false;
        }
        List<Node> pr = convChain(project, consumers);
        if (pr.stream().anyMatch(x -> x.layer() instanceof MaxPool2d)) {
            return false;
        }
        return ConvStep.channelsLastBlock(expand, epilogue, depthwise, epilogueOf(dw), project);
    }

    /** The epilogue of a conv chain: its activation and max-pool, and the last node's output plane. */
    private static Epilogue epilogueOf(List<Node> chain) {
        Activation act = null;
        MaxPool2d pool = null;
        for (Node c : chain.subList(1, chain.size())) {
            if (c.layer() instanceof MaxPool2d p) {
                pool = p;
            } else if (!(c.layer() instanceof BatchNorm2d)) {
                act = activation(c.layer());
            }
        }
        Node last = chain.get(chain.size() - 1);
        return new Epilogue(act, pool, last.outputShape().dim(1), last.outputShape().dim(2));
    }

    /** The activation a layer computes, or null when it is no activation. */
    private static Activation activation(Layer layer) {
        ActivationFactory<Layer> f = ACTIVATIONS.get(layer.getClass());
        return f == null ? null : f.of(layer);
    }

    /** Builds the plain (unfused) step of one node of type {@code L}, with the plan's slots and weights. */
    @FunctionalInterface
    interface StepFactory<L extends Layer> {
        Step build(BlasPlan plan, L layer, Node node, Map<String, FloatPointer> nativeWeights, List<ConvStep> convs);
    }

    /** The one place per layer type of this backend: what it builds for each, and the views. */
    static final LayerTable<StepFactory<Layer>> STEPS = LayerTable.of(BlasBackendProvider.ID);

    /** The activation of a layer of type {@code L}, for its step and for conv epilogues. */
    @FunctionalInterface
    interface ActivationFactory<L extends Layer> {
        Activation of(L layer);
    }

    /** The activation types, each registered in {@link #STEPS} too ({@link #activation(Class, ActivationFactory)}). */
    private static final Map<Class<? extends Layer>, ActivationFactory<Layer>> ACTIVATIONS = new HashMap<>();

    static {
        add(Conv2d.class, (plan, c, n, weights, convs) -> plan.conv(List.of(n), weights, convs, null, null));
        add(Dense.class, (plan, d, n, weights, convs) -> plan.dense(n, d, weights));
        add(BatchNorm2d.class, (plan, b, n, weights, convs) -> new BatchNormStep(n, plan.in(n), plan.out(n)));
        activation(ReLU.class, r -> Activation.RELU);
        activation(Sigmoid.class, g -> Activation.SIGMOID);
        activation(Tanh.class, t -> Activation.TANH);
        activation(Hardtanh.class, Activation::hardtanh);
        activation(LeakyReLU.class, Activation::leakyRelu);
        activation(ELU.class, Activation::elu);
        activation(Hardsigmoid.class, Activation::hardsigmoid);
        activation(Hardswish.class, h -> Activation.HARDSWISH);
        activation(SiLU.class, f -> Activation.SILU);
        activation(GELU.class, Activation::gelu);
        add(MaxPool2d.class, (plan, p, n, weights, convs) -> PoolStep.max(n, p, plan.in(n), plan.out(n)));
        add(AvgPool2d.class, (plan, p, n, weights, convs) -> PoolStep.avg(n, p, plan.in(n), plan.out(n)));
        add(AdaptiveMaxPool2d.class, (plan, p, n, weights, convs) -> PoolStep.adaptiveMax(n, p, plan.in(n),
                plan.out(n)));
        add(AdaptiveAvgPool2d.class, (plan, p, n, weights, convs) -> PoolStep.adaptiveAvg(n, p, plan.in(n),
                plan.out(n)));
        add(Softmax.class, (plan, m, n, weights, convs) -> new SoftmaxStep(n.name(), n.outputShape(), plan.in(n),
                plan.out(n)));
        add(Add.class, (plan, a, n, weights, convs) -> new CombineStep(n, CombineStep.Op.ADD, plan.ins(n),
                plan.out(n)));
        add(Mul.class, (plan, m, n, weights, convs) -> new CombineStep(n, CombineStep.Op.MUL, plan.ins(n),
                plan.out(n)));
        add(Concat.class, (plan, c, n, weights, convs) -> new ConcatStep(n.name(), plan.ins(n),
                n.inputShapes().stream().mapToInt(Shape::size).toArray(), n.outputShape().size(), plan.out(n)));
        add(ChannelShuffle.class, (plan, c, n, weights, convs) -> MoveStep.shuffle(n, c, plan.in(n), plan.out(n)));
        add(Slice.class, (plan, c, n, weights, convs) -> MoveStep.slice(n, c, plan.in(n), plan.out(n)));
        add(ZeroPad2d.class, (plan, z, n, weights, convs) -> MoveStep.zeroPad(n, z.padding(), plan.in(n), plan.out(n)));
        STEPS.registerView(Flatten.class);
        STEPS.registerView(Identity.class);
        STEPS.registerView(Dropout.class);
    }

    private static <L extends Layer> void add(Class<L> type, StepFactory<L> factory) {
        STEPS.register(type, (plan, layer, n, weights, convs) -> factory.build(plan, type.cast(layer), n, weights,
                convs));
    }

    /** An activation type: its step, and what conv epilogues fuse. */
    private static <L extends Layer> void activation(Class<L> type, ActivationFactory<L> factory) {
        ACTIVATIONS.put(type, layer -> factory.of(type.cast(layer)));
        add(type, (plan, layer, n, weights, convs) -> new Elementwise(n.name(), factory.of(layer),
                n.outputShape().size(), plan.in(n), plan.out(n)));
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

    /** An expand conv its depthwise reader runs: the slot of the expand's input, and its nodes joined by "+". */
    private record Expanded(int input, String chain) {
    }

    /** The fused plan's depthwise convs that run their expand conv, by name. */
    private final Map<String, Expanded> expanded = new HashMap<>();

    /**
     * Whether the conv {@code chain} is the expand conv of a channels-last block whose depthwise reader runs it
     * ({@link ConvStep#fusesExpand}): then no step is built for it, the block's values are marked channels-last
     * and skipped, and the reader is left its weights, bias and activation ({@link ConvStep.Expand}) and reads
     * the expand's input ({@link #expanded}).
     */
    private boolean expandRunByReader(List<Node> chain, Map<String, List<Node>> consumers,
                                      Map<String, ConvStep.Pending> pending) {
        Node n = chain.get(0);
        Node last = chain.get(chain.size() - 1);
        Node reader = only(consumers.get(last.name()));
        Epilogue epilogue = epilogueOf(chain);
        if (reader == null || channelsLast.contains(n.inputs().get(0)) || !ConvStep.fusesExpand(n)
                || !channelsLastBlock(n, epilogue, reader, consumers)) {
            return false;
        }
        Node bn = chain.stream().filter(c -> c.layer() instanceof BatchNorm2d).findFirst().orElse(null);
        ConvParams params = bn == null ? ConvParams.of(n) : ConvParams.folded(n, bn);
        List<Node> dw = convChain(reader, consumers);
        channelsLast.add(last.name());
        channelsLast.add(dw.get(dw.size() - 1).name());
        skipped.add(dw.get(dw.size() - 1).name());
        pending.put(reader.name(), new ConvStep.Pending(epilogue.act(), params.bias(),
                new ConvStep.Expand(params.weight(), ConvGeometry.of(n))));
        expanded.put(reader.name(), new Expanded(slotOf.get(n.inputs().get(0)),
                String.join("+", chain.stream().map(Node::name).toList())));
        return true;
    }

    /**
     * The conv step of {@code chain}: the conv node, then what {@link #convChain} found after it (BatchNorm
     * folded into the weights, activation and max-pool in the epilogue); it writes the last node's slot.
     *
     * <p>In the fused plan ({@code consumers} and {@code pending} not null) a pointwise conv whose one reader
     * is a depthwise conv leaves its bias and activation to that reader ({@link ConvStep.Pending}, kept in
     * {@code pending} under the reader's name until its step is built): its slot then holds the raw sums, so
     * its value is {@link #skipped} (a caller asking for it gets the plain plan).
     */
    private ConvStep conv(List<Node> chain, Map<String, FloatPointer> nativeWeights, List<ConvStep> convs,
                          Map<String, List<Node>> consumers, Map<String, ConvStep.Pending> pending) {
        Node n = chain.get(0);
        Node bn = chain.stream().filter(c -> c.layer() instanceof BatchNorm2d).findFirst().orElse(null);
        ConvParams params = bn == null ? ConvParams.of(n) : ConvParams.folded(n, bn);
        Node last = chain.get(chain.size() - 1);
        Epilogue epilogue = epilogueOf(chain);
        Activation act = epilogue.act();
        ConvStep.Pending takes = pending == null ? null : pending.remove(n.name());
        boolean lastIn = channelsLast.contains(n.inputs().get(0));
        boolean lastOut = channelsLast.contains(last.name());
        Node reader = consumers == null ? null : only(consumers.get(last.name()));
        float[] bias = params.bias();
        boolean leaves = bias != null || act != null;
        if (reader != null && !lastIn && !lastOut && PointwiseLowering.fits(ConvGeometry.of(n), epilogue)
                && channelsLastBlock(n, epilogue, reader, consumers)) {
            // expand → depthwise → project on channels-last values, which only the block's steps read
            lastOut = true;
            List<Node> dw = convChain(reader, consumers);
            String inner = dw.get(dw.size() - 1).name();
            channelsLast.add(last.name());
            channelsLast.add(inner);
            skipped.add(last.name());
            skipped.add(inner);
        } else {
            leaves &= reader != null && !lastOut && ConvStep.leavesPending(n, epilogue) && ConvStep.takesPending(reader);
        }
        if (leaves) {
            // the reader applies this conv's bias and activation as it reads; the slot holds the raw sums
            pending.put(reader.name(), new ConvStep.Pending(act, bias));
            skipped.add(last.name());
            epilogue = new Epilogue(null, null, epilogue.outH(), epilogue.outW());
            bias = null;
        }
        // the folded weights differ from the conv's own, which the plain plan uses
        String key = bn == null ? n.name() : n.name() + "#" + bn.name();
        FloatPointer w = nativeWeights.computeIfAbsent(key, k -> copyToNative(params.weight(), n.name()));
        Expanded ex = pending == null ? null : expanded.get(n.name());
        ConvStep s = new ConvStep(convs.size(), n, epilogue, new ConvParams(params.weight(), bias), w,
                ex != null ? ex.input() : in(n), out(last), new ConvStep.Wiring(takes, lastIn, lastOut));
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
        enter();
        try {
            return runOpen(inputs, outputs);
        } finally {
            exit();
        }
    }

    /** Writes the output straight from the native buffer into {@code destination}: no tensor, no array. */
    @Override
    public void runInto(Map<String, Tensor> inputs, String output, FloatBuffer destination) {
        enter();
        try {
            into(inputs, null, PlanInputs.batchOf(graph, inputs), output, destination, null, destination.position());
        } finally {
            exit();
        }
    }

    /** As above for the one input, without the map: a steady stream of these calls allocates nothing here. */
    @Override
    public void runInto(String inputName, Tensor input, String output, FloatBuffer destination) {
        enter();
        try {
            into(null, input, PlanInputs.batchOf(graph, inputName, input), output, destination, null,
                    destination.position());
        } finally {
            exit();
        }
    }

    /** As above, into the caller's array: not even a buffer around it. */
    @Override
    public void runInto(String inputName, Tensor input, String output, float[] destination, int offset) {
        enter();
        try {
            into(null, input, PlanInputs.batchOf(graph, inputName, input), output, null, destination, offset);
        } finally {
            exit();
        }
    }

    /** The output into {@code buffer}, or else {@code array}, from index {@code base}. */
    private void into(Map<String, Tensor> inputs, Tensor single, int batch, String output, FloatBuffer buffer,
                      float[] array, int base) {
        Integer slot = slotOf.get(output);
        if (slot == null) {
            throw new IllegalArgumentException("no value named " + output + " in this graph");
        }
        int size = shapes.get(output).size();
        List<Step> steps = skipped.contains(output) ? plain : fused;
        Workspace ws = take(batch, steps, kept.contains(slot));
        try {
            ws.into.aim(buffer, array, base, size, slot);
            execute(ws, inputs, single, batch, steps, ws.into);
        } finally {
            ws.into.aim(null, null, 0, 0, 0); // the destination is the caller's again
            giveBack(ws);
        }
    }

    private void enter() {
        active.incrementAndGet();
        if (closed) {
            exit();
            throw new IllegalStateException("this compiled plan is closed");
        }
    }

    private void exit() {
        if (active.decrementAndGet() == 0 && closed) {
            free();
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
        List<String> names = new ArrayList<>(outputs);
        float[][] results = new float[names.size()][];
        Shape[] resultShapes = new Shape[names.size()];
        for (int i = 0; i < names.size(); i++) {
            resultShapes[i] = shapes.get(names.get(i)).withBatch(batch);
            results[i] = new float[resultShapes[i].size()];
        }
        boolean keptOnly = true;
        for (String name : names) {
            keptOnly &= kept.contains(slotOf.get(name));
        }
        List<Step> steps = canFuse ? fused : plain;
        Workspace ws = take(batch, steps, keptOnly);
        try {
            execute(ws, inputs, null, batch, steps, (w, from, to) -> {
                for (int i = 0; i < results.length; i++) {
                    int size = resultShapes[i].size() / batch;
                    w.bufs[slotOf.get(names.get(i))].get(from * size, results[i], from * size, (to - from) * size);
                }
            });
        } finally {
            giveBack(ws);
        }
        Map<String, Tensor> result = new LinkedHashMap<>();
        for (int i = 0; i < results.length; i++) {
            result.put(names.get(i), Tensor.adopt(resultShapes[i], results[i]));
        }
        return result;
    }

    /** Where a part's outputs go once its samples have run. */
    @FunctionalInterface
    interface Outputs {
        void copy(Workspace w, int from, int to);
    }

    /**
     * How many parts a batch is split into: the threads claim them as they go, each part running every step
     * on its samples with the thread's own lane — one hand-off per call, and a thread slowed down by another
     * process simply takes fewer parts. A batch of one runs on the caller, and its steps may split their own
     * work.
     */
    private int partsOf(int batch) {
        return batch >= 2 && threads >= 2 ? Math.min(batch, threads * PARTS_PER_THREAD) : 1;
    }

    /**
     * A pooled workspace for a call on {@code batch} samples running {@code steps}. Shared buffers only when
     * the steps run one after the other (parts at different steps would write a buffer that another part
     * still reads) and only kept values ({@code keptOnly}) are read at the end.
     */
    private Workspace take(int batch, List<Step> steps, boolean keptOnly) {
        boolean alias = partsOf(batch) == 1 && steps == fused && keptOnly;
        SlotPool<Workspace> source = alias ? poolAliased : pool;
        Workspace ws = source.poll();
        if (ws == null || ws.capacity < batch) {
            int cap = ws == null ? batch : Math.max(batch, ws.capacity);
            if (ws != null) {
                ws.close();
            }
            ws = new Workspace(cap, threads, alias ? layoutAliased : layout, alias);
            Workspace w = ws;
            ws.part = (p, slot) -> runPart(w, p, slot); // made once per workspace, not per call
        }
        return ws;
    }

    private void giveBack(Workspace ws) {
        if (!(ws.aliased ? poolAliased : pool).offer(ws)) {
            ws.close();
        }
    }

    /**
     * Runs {@code steps} on the batch in {@code ws}, handing each part's samples to {@code outputs}; the
     * inputs are {@code inputs} by name, or {@code single} for a graph of one input. The call's arguments
     * travel in the workspace ({@link Workspace.Call}), so the hand-off allocates nothing.
     */
    private void execute(Workspace ws, Map<String, Tensor> inputs, Tensor single, int batch, List<Step> steps,
                         Outputs outputs) {
        int parts = partsOf(batch);
        Workspace.Call c = ws.call;
        c.set(inputs, single, batch, parts, parts == 1 ? threads : 1, steps, outputs);
        try {
            Workers.forEach(threads, parts, ws.part);
        } finally {
            c.clear();
        }
        if (times != null) {
            (steps == fused ? times.fused() : times.plain()).call();
        }
    }

    /** Part {@code p} of the call in {@code w}: its samples' inputs copied in, every step, its outputs out. */
    private void runPart(Workspace w, int p, int slot) {
        Workspace.Call c = w.call;
        int from = (int) ((long) c.batch * p / c.parts);
        int to = (int) ((long) c.batch * (p + 1) / c.parts);
        Workspace.Lane lane = w.lanes[slot];
        List<GraphInput> ins = graph.inputs();
        for (int i = 0; i < ins.size(); i++) {
            GraphInput in = ins.get(i);
            int per = in.shape().size();
            Tensor t = c.single != null ? c.single : c.inputs.get(in.name());
            // one bulk copy, heap array or caller's direct buffer → native
            t.copyTo(from * per, w.bufs[slotOf.get(in.name())], from * per, (to - from) * per);
        }
        List<Step> steps = c.steps;
        if (times == null) {
            for (int i = 0; i < steps.size(); i++) {
                steps.get(i).run(w, lane, from, to, c.inner);
            }
        } else {
            StepTimes.Track track = steps == fused ? times.fused() : times.plain();
            for (int i = 0; i < steps.size(); i++) {
                long t0 = System.nanoTime();
                steps.get(i).run(w, lane, from, to, c.inner);
                track.add(i, System.nanoTime() - t0);
            }
        }
        c.outputs.copy(w, from, to);
    }

    private void drain() {
        Workspace ws;
        while ((ws = pool.poll()) != null) {
            ws.close();
        }
        while ((ws = poolAliased.poll()) != null) {
            ws.close();
        }
    }

    /** Frees every native buffer now when no call is running, else when the last running call ends. */
    @Override
    public void close() {
        if (times != null && !closed) {
            System.getLogger(BlasPlan.class.getName()).log(System.Logger.Level.INFO, times.report(graph.nodes().size() + " nodes, " + threads + " threads"));
        }
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

    /** Native buffers per sample of a call that runs as one part: {@code [values, shared buffers]} (for tests). */
    int[] bufferCounts() {
        return new int[] {layout.groupSize().length, layoutAliased.groupSize().length};
    }

    /** Every conv step of both step lists (for tests). */
    List<ConvStep> convSteps() {
        return layout.convs();
    }

    /** The per-step timings, or null when {@link StepTimes#PROPERTY} was off as the plan was built (for tests). */
    StepTimes stepTimes() {
        return times;
    }

    /** The steps {@code forward} runs, each as the nodes it covers joined by "+" ({@code conv1+bn1+relu1}). */
    List<String> fusedChains() {
        return List.copyOf(fusedChains);
    }
}
