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

import java.util.concurrent.TimeUnit;

/**
 * One inference of a workload on an engine: {@code java -cp bench/target/lamina-bench.jar org.openjdk.jmh.Main -prof gc}.
 * Each parameter combination runs in its own JVM fork, so the thread count (set here before any backend
 * loads) applies to OpenBLAS ({@code lamina.blas.threads}) and to ONNX Runtime's intra-op pool alike.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InferenceBench {
    @Param({"W0", "W1", "W2"})
    public String workload;

    @Param({"blas", "cpu", Engine.ORT})
    public String engine;

    @Param({"1", "2"})
    public int threads;

    private Engine e;

    /** Held so the level sticks: each fork prints JMH's lines, not the library's INFO lines. */
    private static final java.util.logging.Logger LAMINA_LOG = java.util.logging.Logger.getLogger("dev.lamina");

    @Setup(Level.Trial)
    public void setUp() {
        LAMINA_LOG.setLevel(java.util.logging.Level.WARNING);
        BenchRunner.setThreadProperties(threads);
        e = Engine.create(engine, Workload.valueOf(workload).load(), threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        e.close();
    }

    @Benchmark
    public Object inference() {
        return e.infer();
    }
}
