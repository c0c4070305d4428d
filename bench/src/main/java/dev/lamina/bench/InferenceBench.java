package dev.lamina.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.util.concurrent.TimeUnit;

/**
 * One inference of a workload on an engine: {@code java -cp bench/target/lamina-bench.jar org.openjdk.jmh.Main -prof gc}.
 * Each parameter combination runs in its own JVM fork (the compiled engine shared by the {@code -t} callers), so the thread count (set here before any backend
 * loads) applies to OpenBLAS ({@code lamina.blas.threads}) and to ONNX Runtime's intra-op pool alike.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InferenceBench {
    /** A standard workload's name, or an encoded {@link ModelSpec} ({@code lamina bench --model}). */
    @Param({"W0", "W1", "W2", "W3", "W4", "W5", "W6"})
    public String workload;

    @Param({"blas", "cpu", Engine.ORT})
    public String engine;

    @Param({"1", "2"})
    public int threads;

    /** {@link Engine.Mode}: {@code BEST} or {@code COPY}. */
    @Param({"BEST", "COPY"})
    public String mode;

    private Engine e;

    /**
     * One calling thread's prepared input and output; JMH's {@code -t N} runs N such callers on the one
     * shared compiled engine.
     */
    @State(Scope.Thread)
    public static class CallerState {
        Engine.Caller caller;

        @Setup(Level.Trial)
        public void setUp(InferenceBench b) {
            caller = b.e.caller(Engine.Mode.valueOf(b.mode));
        }
    }

    /**
     * How long a fork runs the engine on one thread before a row with several callers starts its warm-up
     * iterations.
     */
    static final long SOLO_WARMUP_NANOS = 2_000_000_000L;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        QuietLogs.apply();
        BenchRunner.setThreadProperties(threads);
        e = Engine.create(engine, Workload.load(workload), threads);
        if (params.getThreads() > 1) {
            soloWarmup(e.caller(Engine.Mode.valueOf(mode)), SOLO_WARMUP_NANOS);
        }
    }

    /**
     * Runs {@code c} on this one thread for {@code nanos} (at least 3 calls), so the JIT compiles the hot code
     * before many callers start. Without it, 16 callers on 2 cores run in the interpreter while the compiler
     * threads get a sixteenth of the machine: the hot loops' C2 compilations took 0.6–2.4 s each (JFR,
     * {@code jdk.Compilation}), steady state came 3–10 s after the start, varying from fork to fork, and JMH's
     * warm-up iterations ended long before it — W0 on blas measured 648 µs per call at 16 callers against
     * 1.8 µs at one.
     */
    static void soloWarmup(Engine.Caller c, long nanos) {
        long start = System.nanoTime();
        int calls = 0;
        while (calls < 3 || System.nanoTime() - start < nanos) {
            c.infer();
            calls++;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        e.close();
    }

    @Benchmark
    public float[] inference(CallerState c) {
        return c.caller.infer();
    }
}
