package dev.lamina.core;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.spi.Backend;
import dev.lamina.spi.Executable;
import dev.lamina.spi.helpers.PlanInputs;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model with its weights, compiled for a backend (and, with {@code lamina.fallback}, a second backend for
 * the layers the first does not support). Immutable and safe to call from many threads at once: each call
 * has its own buffers, and backends guarantee the same of their plans.
 *
 * <p>{@link #close()} may come while other threads are inside {@link #forward}: those calls finish normally,
 * every call after it fails with an {@link IllegalStateException}, and the plans and backends (native
 * memory, device buffers) are released when the last call in flight returns — never under a running call,
 * whatever the backend does about it itself.
 */
public final class CompiledModel implements AutoCloseable {
    private final Model model;
    private final Map<String, String> backendByLayer;
    private final List<Segment> segments;
    private final List<Backend> backends;
    private final MemoryBudget memory;
    /**
     * The calls in flight, plus {@link #CLOSED} once {@link #close()} came: one word, so that "closed, and no
     * call in flight" is reached exactly once, by close() or by the last call out. (With a separate flag, a call
     * leaving at zero could read the flag after a new call had entered, and release the plans under it.)
     */
    private final AtomicInteger state = new AtomicInteger();
    private static final int CLOSED = 1 << 30;
    private final AtomicBoolean released = new AtomicBoolean();

    /** A segment placed by the compiler, with its compiled plan. */
    record Segment(Placement.Part part, Executable plan) {
    }

    /** Takes ownership of the compiled plans and the open backends; {@link Compiler} makes them. */
    CompiledModel(Model model, Map<String, String> backendByLayer, List<Segment> segments, List<Backend> backends,
                  MemoryBudget memory) {
        this.model = model;
        this.memory = memory;
        this.backendByLayer = backendByLayer;
        this.segments = List.copyOf(segments);
        this.backends = List.copyOf(backends);
    }

    public Model model() {
        return model;
    }

    /** The id of the backend that runs each layer, by layer name, in model order. */
    public Map<String, String> backendByLayer() {
        return backendByLayer;
    }

    /** The summary with the backend of each layer. */
    public Summary summary() {
        return Summary.of(model, backendByLayer);
    }

    /**
     * Runs the model on a batch {@code [N, C, H, W]} and returns the output layer's value.
     *
     * @throws MemoryException       when the batch would not fit the memory left (before anything is allocated)
     * @throws IllegalStateException after {@link #close()}
     */
    public Tensor forward(Tensor input) {
        return run(input, false).get(model.output());
    }

    /** The output's shape for a batch of {@code n}. */
    public Shape outputShape(int n) {
        return model.outputShape().withBatch(n);
    }

    /**
     * Runs the model on a batch {@code [N, C, H, W]} and writes the output layer's value, {@code [N, ...]}
     * row-major, into {@code out} from index 0. Nothing is kept: when the call returns, the model holds no
     * reference to {@code input} or {@code out}; during the call it reads {@code input} (which may be a view
     * of caller memory, {@link Tensor#wrap}) and writes {@code out}, so neither may be touched by another
     * thread meanwhile. With a wrapped input and a reused {@code out}, a steady stream of calls on the blas
     * and cpu backends allocates (almost) nothing on the heap.
     *
     * @throws ModelException when the input does not fit the model, or {@code out} is shorter than the output
     */
    public void forwardInto(Tensor input, float[] out) {
        checkInput(input);
        int batch = input.shape().dim(0);
        int size = outputSize(batch, out.length, false);
        if (segments.size() == 1) {
            // as below, without wrapping the array: nothing allocated here
            enter();
            try {
                memory.checkCallInto(batch);
                segments.get(0).plan().runInto(ShapeInference.INPUT, input, model.output(), out, 0);
            } finally {
                exit();
            }
            return;
        }
        run(input, false).get(model.output()).copyTo(0, out, 0, size);
    }

    /**
     * As {@link #forwardInto(Tensor, float[])}, into {@code out} at absolute indices {@code out.position()}
     * onwards (its position and limit are not changed). A direct buffer is written by the blas backend
     * with one bulk copy from its native memory.
     *
     * @throws ModelException when the input does not fit the model, or {@code out} has fewer values remaining
     *                        than the output holds
     */
    public void forwardInto(Tensor input, FloatBuffer out) {
        checkInput(input);
        int batch = input.shape().dim(0);
        int size = outputSize(batch, out.remaining(), out.isReadOnly());
        if (segments.size() == 1) {
            // The same guards as every other call (closed, in flight, the memory budget), then the plan
            // writes straight into out.
            // (no lambda, no input map: a steady stream of these calls allocates nothing here).
            enter();
            try {
                memory.checkCallInto(batch);
                segments.get(0).plan().runInto(ShapeInference.INPUT, input, model.output(), out);
            } finally {
                exit();
            }
            return;
        }
        Tensor t = run(input, false).get(model.output());
        t.copyTo(0, out, out.position(), size);
    }

    /** The output's size for {@code batch}; fails naming the output when the destination has no room for it. */
    private int outputSize(int batch, int room, boolean readOnly) {
        int size = Math.multiplyExact(batch, model.outputShape().size());
        if (readOnly || room < size) {
            throw new ModelException(model.output() + ": the output [" + batch + ", "
                    + model.outputShape().toString().substring(1) + " holds " + size + " values, the destination "
                    + (readOnly ? "is read-only" : "has room for " + room));
        }
        return size;
    }

    /** Runs the model and returns every layer's output by name, in model order. */
    public LayerOutputs forwardAll(Tensor input) {
        Map<String, Tensor> values = run(input, true);
        Map<String, Tensor> inOrder = new LinkedHashMap<>();
        for (LayerNode l : model.layers()) {
            inOrder.put(l.name(), values.get(l.name()));
        }
        return new LayerOutputs(input, inOrder);
    }

    /** Runs every segment in turn; each returns what later segments read, and the rest when {@code all}. */
    private Map<String, Tensor> run(Tensor input, boolean all) {
        enter();
        try {
            return runOpen(input, all);
        } finally {
            exit();
        }
    }

    /**
     * Starts a call in flight, refused once closed: counted only while {@link #CLOSED} is not set, in one
     * compare-and-set, so after close() the count only goes down. Every enter() is followed by exit() in a
     * finally block.
     */
    private void enter() {
        while (true) {
            int s = state.get();
            if ((s & CLOSED) != 0) {
                throw new IllegalStateException(model.name() + ": this compiled model is closed");
            }
            if (state.compareAndSet(s, s + 1)) {
                return;
            }
        }
    }

    /** Ends a call in flight; the last one to end after close() releases the plans and backends. */
    private void exit() {
        if (state.decrementAndGet() == CLOSED) {
            release();
        }
    }

    private Map<String, Tensor> runOpen(Tensor input, boolean all) {
        checkInput(input);
        memory.checkCall(input.shape().dim(0), all);
        Map<String, Tensor> values = new HashMap<>();
        values.put(ShapeInference.INPUT, input);
        for (Segment seg : segments) {
            Map<String, Tensor> ins = new LinkedHashMap<>();
            seg.part().graph().inputs().forEach(gi -> ins.put(gi.name(), values.get(gi.name())));
            values.putAll(seg.plan().run(ins, all ? seg.part().produces() : seg.part().forwardOutputs()));
        }
        return values;
    }

    /** Fails with the layer, the expected and the actual value when an input does not fit. */
    private void checkInput(Tensor input) {
        Shape want = model.inputShape();
        Shape got = input.shape();
        if (PlanInputs.isBatchOf(got, want)) {
            return;
        }
        String expected = "[N, " + want.toString().substring(1);
        if (got.rank() != want.rank() + 1) {
            throw new ModelException(model.name() + ": expected an input batch " + expected + ", got " + got
                    + (got.rank() == want.rank() ? " (add the batch dimension)" : ""));
        }
        LayerNode first = model.layers().stream().filter(l -> l.inputs().contains(ShapeInference.INPUT))
                .findFirst().orElseThrow();
        if (want.rank() == 3 && got.dim(1) != want.dim(0)) {
            throw new ModelException(first.name() + ": expected " + want.dim(0) + " input channels, got "
                    + got.dim(1) + " (input " + got + ")");
        }
        throw new ModelException(first.name() + ": expected input " + expected + ", got " + got);
    }

    /** Refuses new calls now; releases the plans and backends now, or when the last call in flight ends. */
    @Override
    public void close() {
        if (state.getAndUpdate(s -> s | CLOSED) == 0) {
            release();
        }
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            for (Segment s : segments) {
                s.plan().close();
            }
            for (Backend b : backends) {
                b.close();
            }
        }
    }
}
