package dev.lamina.conformance.cases;

import dev.lamina.api.Tensor;
import dev.lamina.conformance.reference.Tolerance;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.LayerOutputs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One compiled model, many threads at once: each thread runs every input (of different batch sizes, in
 * a different order) and must get exactly what a single thread got. Shared scratch buffers, a lazily built
 * cache or a non-reentrant native handle show up here as wrong values.
 */
final class ThreadSafetyCheck implements Check {
    static final int THREADS = 8;
    static final int ROUNDS = 3;

    private final Lazy<Fixture> fixture;
    private final Lazy<List<Tensor>> inputs;

    ThreadSafetyCheck(Supplier<Fixture> fixture, Supplier<List<Tensor>> inputs) {
        this.fixture = Lazy.of(fixture);
        this.inputs = Lazy.of(inputs);
    }

    @Override
    public List<Fixture> fixtures() {
        return List.of(fixture.get());
    }

    @Override
    public Verdict run(CaseContext context) throws Exception {
        Fixture f = fixture.get();
        List<Tensor> ins = inputs.get();
        try (CompiledModel compiled = context.compile(f)) {
            List<LayerOutputs> single = new ArrayList<>();
            for (Tensor in : ins) {
                single.add(compiled.forwardAll(in));
            }
            CyclicBarrier start = new CyclicBarrier(THREADS);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
                Thread t = new Thread(r, "lamina-conformance-thread");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    results.add(pool.submit(() -> {
                        start.await(60, TimeUnit.SECONDS);
                        for (int k = 0; k < ROUNDS * ins.size(); k++) {
                            int i = (thread + k * 5) % ins.size();
                            LayerOutputs got = compiled.forwardAll(ins.get(i));
                            String diff = difference(single.get(i), got);
                            if (diff != null) {
                                return "thread " + thread + ", call " + k + " (input " + i + ", batch "
                                        + ins.get(i).shape().dim(0) + "): " + diff;
                            }
                        }
                        return null;
                    }));
                }
                List<String> problems = new ArrayList<>();
                for (Future<String> r : results) {
                    String p = r.get(120, TimeUnit.SECONDS);
                    if (p != null) {
                        problems.add(p);
                    }
                }
                if (!problems.isEmpty()) {
                    return Verdict.fail(problems.size() + " of " + THREADS
                            + " threads saw results differing from the single-threaded run; " + problems.get(0));
                }
            } finally {
                pool.shutdownNow();
            }
        }
        return Verdict.pass(THREADS + " threads × " + ROUNDS * ins.size() + " calls on " + ins.size()
                + " inputs: bit for bit the single-threaded results at every layer");
    }

    /** Null when every layer's output is bit for bit the same, else where and how they differ. */
    private static String difference(LayerOutputs want, LayerOutputs got) {
        for (Map.Entry<String, Tensor> e : want.outputs().entrySet()) {
            Tensor actual = got.outputs().get(e.getKey());
            LayerCheck c = LayerCheck.compare(e.getKey(), e.getValue(), actual, Tolerance.EXACT);
            if (!c.passed()) {
                return c.describe();
            }
            for (int i = 0; i < actual.size(); i++) {
                if (Float.floatToIntBits(actual.at(i)) != Float.floatToIntBits(e.getValue().at(i))) {
                    return "layer " + e.getKey() + ": at " + LayerCheck.unravel(i, actual.shape()) + " "
                            + e.getValue().at(i) + " alone but " + actual.at(i) + " concurrently";
                }
            }
        }
        return null;
    }
}
