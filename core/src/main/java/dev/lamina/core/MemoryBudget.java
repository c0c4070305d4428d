package dev.lamina.core;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.spi.Backend;
import dev.lamina.spi.MemoryNeeds;
import dev.lamina.spi.MemoryPool;
import dev.lamina.spi.Node;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What a compiled model takes from each memory pool — the JVM heap, a native backend's limit — as its
 * backends estimate it ({@link Backend#memoryNeeds}), plus the heap for the tensors a call returns. Checked
 * by the {@link Compiler} before any backend compiles (the weights and a batch of one) and by
 * {@link CompiledModel} before each call (its batch), so a model or batch too large for the memory is a
 * {@link MemoryException} naming the largest layer, never an OutOfMemoryError halfway through.
 */
final class MemoryBudget {
    /** One pool's share; the pool itself is read afresh at every check. */
    private record Share(boolean heap, Supplier<MemoryPool> pool, long fixed, long perSample) {
        Share plus(Share more) {
            return new Share(heap, pool, Math.addExact(fixed, more.fixed), Math.addExact(perSample, more.perSample));
        }
    }

    private final Model model;
    private final Map<String, Share> byPool;
    /** byPool's values, for checkCall's loop (indexed: no iterator per call). */
    private final Share[] shares;
    /** Bytes per sample of what {@code forward} and {@code forwardAll} return, on the heap. */
    private final long outputPerSample;
    private final long allPerSample;
    private final LayerNode largestOutput;
    private final Map.Entry<String, Tensor> largestWeight;
    /** The largest batch that passed: a plan keeps a workspace that size for reuse. */
    private final AtomicInteger passedBatch = new AtomicInteger();

    private MemoryBudget(Model model, Map<String, Share> byPool, Weights weights) {
        this.model = model;
        this.byPool = byPool;
        this.shares = byPool.values().toArray(new Share[0]);
        this.outputPerSample = 4L * model.outputShape().size();
        this.allPerSample = 4L * model.layers().stream().mapToLong(l -> l.outputShape().size()).sum();
        this.largestOutput = model.layers().stream()
                .max(Comparator.comparingInt(l -> l.outputShape().size())).orElseThrow();
        this.largestWeight = weights.toStateDict().entrySet().stream()
                .max(Comparator.comparingInt(e -> e.getValue().size())).orElse(null);
    }

    /** The shares of every placed segment, grouped by pool name. */
    static MemoryBudget of(Model model, Weights weights, Placement placement, Map<String, Backend> open) {
        // the backends' pools first: what their plans allocate is the likelier cause, and its knob the one to name
        Map<String, Share> byPool = new LinkedHashMap<>();
        for (Placement.Part part : placement.parts()) {
            Backend b = open.get(part.backend());
            MemoryNeeds needs = b.memoryNeeds(part.graph());
            String pool = b.memoryPool().name();
            byPool.merge(pool, new Share(pool.equals(MemoryPool.HEAP), b::memoryPool, needs.fixedBytes(),
                    needs.bytesPerSample()), Share::plus);
        }
        byPool.merge(MemoryPool.HEAP, new Share(true, MemoryPool::heap, 0, 0), Share::plus); // what calls return
        return new MemoryBudget(model, byPool, weights);
    }

    /** Before compiling: the weights the plans copy and a batch of one. */
    void checkCompile() {
        for (Share s : byPool.values()) {
            long perSample = s.heap() ? s.perSample() + outputPerSample : s.perSample();
            long bytes = Math.addExact(s.fixed(), perSample);
            MemoryCheck.require(bytes, 0, s.pool(), s.fixed() > perSample ? weightsSubject() : batchSubject(1),
                    s.fixed() > perSample ? "" : "use a smaller input");
        }
    }

    /** Before a call on a batch of {@code n}; {@code all}: it returns every layer's output. */
    void checkCall(int n, boolean all) {
        check(n, all ? allPerSample : outputPerSample);
    }

    /** Before a call on a batch of {@code n} that writes its output into the caller's buffer. */
    void checkCallInto(int n) {
        check(n, 0);
    }

    /** {@code returned}: heap bytes per sample of what the call hands back. */
    private void check(int n, long returned) {
        int passed = passedBatch.get();
        for (Share s : shares) {
            long perSample = s.heap() ? s.perSample() + returned : s.perSample();
            long bytes = Math.multiplyExact(perSample, (long) n);
            long reusable = Math.multiplyExact(s.perSample(), (long) passed);
            if (bytes <= reusable) {
                continue; // what an earlier call of this size already got (or nothing): no pool to ask
            }
            // The message is built only when the quick check fails (require then collects garbage, checks
            // again and throws or passes): a call that fits allocates nothing here.
            if (!MemoryCheck.fitsNow(bytes, reusable, s.pool())) {
                MemoryCheck.require(bytes, reusable, s.pool(), batchSubject(n), "use a smaller batch");
            }
        }
        if (n > passed) {
            passedBatch.accumulateAndGet(n, Math::max);
        }
    }

    private String batchSubject(int n) {
        Shape out = largestOutput.outputShape().withBatch(n);
        return largestOutput.name() + ": its output " + out + " takes " + MemoryCheck.bytes(4L * out.size())
                + ", and a batch of " + n + " of model " + model.name();
    }

    private String weightsSubject() {
        String heaviest = largestWeight == null ? "" : largestWeight.getKey() + " " + largestWeight.getValue().shape()
                + " takes " + MemoryCheck.bytes(4L * largestWeight.getValue().size()) + ", and ";
        return heaviest + "compiling model " + model.name() + " with its " + model.parameterCount() + " parameters";
    }
}
