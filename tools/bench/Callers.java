import dev.lamina.api.Tensor;
import dev.lamina.bench.Workload;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.Lamina;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Whether many callers on one compiled model collapse, measured so a noisy machine cannot fake it: one JVM,
 * one compiled model, first 3 s on one thread (JIT warm-up), then alternating 0.7 s slices with 1, 2, 4 and 16
 * calling threads (each with its own wrapped input and output, as {@code lamina bench --callers} calls it),
 * for R rounds; prints inferences per second per slice. {@code --cold} skips the solo warm-up and prints the
 * first 12 seconds of 16 callers second by second instead (the JIT starving under 16 threads).
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/lamina-bench.jar tools/bench/Callers.java W0 blas 5
 * java --add-modules jdk.incubator.vector -cp bench/target/lamina-bench.jar tools/bench/Callers.java W1 blas --cold
 * </pre>
 */
public class Callers {
    public static void main(String[] a) throws Exception {
        String workload = a[0];
        String engine = a[1];
        System.setProperty("lamina.threads", "1");
        System.setProperty("lamina.blas.threads", "1");
        java.util.logging.Logger.getLogger("dev.lamina").setLevel(java.util.logging.Level.WARNING);
        Workload.Loaded w = Workload.load(workload);
        try (CompiledModel m = Lamina.compile(w.model(), w.weights(), engine)) {
            if (a[2].equals("--cold")) {
                StringBuilder b = new StringBuilder();
                for (double r : run(m, w, 16, 1000, 12)) {
                    b.append(String.format(" %.0f", r));
                }
                System.out.println(workload + " " + engine + ", 16 callers from a cold start, inferences/s each second:" + b);
                return;
            }
            int rounds = Integer.parseInt(a[2]);
            run(m, w, 1, 3000, 1);
            int[] callers = {1, 2, 4, 16};
            StringBuilder[] rows = new StringBuilder[callers.length];
            for (int i = 0; i < callers.length; i++) {
                rows[i] = new StringBuilder();
            }
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < callers.length; i++) {
                    rows[i].append(String.format(" %9.0f", run(m, w, callers[i], 700, 1)[0]));
                }
            }
            for (int i = 0; i < callers.length; i++) {
                System.out.printf("%s %s %2d callers, inferences/s per round:%s%n", workload, engine, callers[i], rows[i]);
            }
        }
    }

    /** {@code callers} threads calling for {@code windows} windows of {@code ms}: inferences/s in each. */
    static double[] run(CompiledModel m, Workload.Loaded w, int callers, long ms, int windows) throws Exception {
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        Thread[] threads = new Thread[callers];
        for (int c = 0; c < callers; c++) {
            threads[c] = new Thread(() -> {
                float[] in = w.input().toArray();
                FloatBuffer buf = ByteBuffer.allocateDirect(4 * in.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
                buf.put(0, in);
                Tensor x = Tensor.wrap(w.input().shape(), buf);
                float[] out = new float[m.outputShape(w.batch()).size()];
                while (!stop.get()) {
                    m.forwardInto(x, out);
                    done.increment();
                }
            });
            threads[c].start();
        }
        double[] rates = new double[windows];
        for (int i = 0; i < windows; i++) {
            long before = done.sum();
            long t0 = System.nanoTime();
            Thread.sleep(ms);
            rates[i] = (done.sum() - before) * 1e9 / (System.nanoTime() - t0);
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        return rates;
    }
}
