package dev.lamina.bench;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.backend.cpu.gemm.MicroKernel;
import dev.lamina.backend.cpu.gemm.MicroKernels;
import dev.lamina.core.CompiledModel;
import dev.lamina.core.Lamina;
import dev.lamina.core.Model;
import dev.lamina.core.Weights;

import java.util.Locale;
import java.util.Random;

/**
 * GFLOP/s of the cpu backend's GEMM, one thread:
 * {@code java --add-modules jdk.incubator.vector -Dlamina.threads=1 -Dlamina.blas.threads=1 -cp bench/target/lamina-bench.jar dev.lamina.bench.GemmBench}.
 * <ol>
 *   <li>on the vector path, the core's FMA ceiling ({@link FmaPeak});</li>
 *   <li>the micro-kernel alone, on packed panels that stay in the L1/L2 cache (its ceiling, to set against the
 *       core's FMA peak);</li>
 *   <li>a pure GEMM through the same harness on both backends: a 1×1 conv {@code C → C} on a 56×56 plane, batch 1,
 *       which is {@code [C × C] · [C × 3136]} — cpu's ConvGemm against blas's {@code cblas_sgemm} (OpenBLAS).</li>
 * </ol>
 * Each time is the best of several rounds of about 0.3 s (the least disturbed by other load on the machine).
 */
public final class GemmBench {
    private GemmBench() {
    }

    public static void main(String[] args) {
        MicroKernel m = MicroKernels.get();
        System.out.println(MicroKernels.status());
        if (MicroKernels.vector()) {
            System.out.printf(Locale.ROOT, "FMA peak, one thread (12 register chains): %.1f GFLOP/s%n", FmaPeak.measure());
        }
        for (int k : new int[] {64, 256, 576}) {
            System.out.printf(Locale.ROOT, "micro-kernel %d×%d, K = %d: %.1f GFLOP/s%n", MicroKernel.MR, m.nr(), k,
                    microKernel(m, k));
        }
        for (int k : new int[] {64, 256, 576}) {
            System.out.printf(Locale.ROOT, "micro-kernel in place (rowTiles, 8 panels), K = %d: %.1f GFLOP/s%n", k,
                    rowTiles(m, k));
        }
        for (int c : new int[] {64, 256}) {
            double cpu = conv1x1("cpu", c);
            double blas = conv1x1("blas", c);
            System.out.printf(Locale.ROOT, "1×1 conv %d→%d on 56×56 ([%d × %d]·[%d × 3136]): cpu %.1f GFLOP/s, "
                    + "blas (OpenBLAS sgemm) %.1f GFLOP/s, cpu/blas %.2f%n", c, c, c, c, c, cpu, blas, cpu / blas);
        }
    }

    static double microKernel(MicroKernel m, int k) {
        int nr = m.nr();
        int mr = MicroKernel.MR;
        Random rnd = new Random(1);
        float[] a = new float[k * mr];
        float[] b = new float[k * nr * 8];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextFloat();
        }
        float[] bias = new float[mr];
        float[] c = new float[mr * nr * 8];
        double flopsPerCall = 2.0 * mr * nr * k;
        return best(() -> {
            for (int p = 0; p < 8; p++) {
                m.tiles(k, a, 0, b, p * k * nr, 1, bias, 0, c, p * nr, nr * 8);
            }
        }, 8 * flopsPerCall);
    }

    /** The in-place form convs of stride 1 use: 8 panels side by side, each step a row of a window. */
    static double rowTiles(MicroKernel m, int k) {
        int nr = m.nr();
        int mr = MicroKernel.MR;
        int width = 8 * nr;
        Random rnd = new Random(2);
        float[] a = new float[k * mr];
        float[] b = new float[k * width];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextFloat();
        }
        int[] rowOff = new int[k];
        for (int p = 0; p < k; p++) {
            rowOff[p] = p * width;
        }
        float[] bias = new float[mr];
        float[] c = new float[mr * width];
        return best(() -> m.rowTiles(k, a, 0, b, 0, rowOff, 8, bias, 0, c, 0, width), 2.0 * mr * width * k);
    }

    static double conv1x1(String backend, int channels) {
        Model model = Model.sequential("gemm", channels, 56, 56).add("conv", Conv2d.of(channels, 1, 1)).build();
        Weights w = Weights.random(model, 7);
        float[] x = new float[channels * 56 * 56];
        Random rnd = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextFloat() - 0.5f;
        }
        Tensor in = Tensor.of(Shape.of(1, channels, 56, 56), x);
        try (CompiledModel cm = Lamina.compile(model, w, backend)) {
            return best(() -> cm.forward(in), 2.0 * channels * channels * 56 * 56);
        }
    }

    /** GFLOP/s of the best round: each round repeats {@code body} for about 0.3 s. */
    private static double best(Runnable body, double flops) {
        for (long end = System.nanoTime() + 1_000_000_000L; System.nanoTime() < end; ) {
            body.run(); // warm-up: a second of JIT compilation
        }
        double bestRate = 0;
        for (int round = 0; round < 7; round++) {
            long t0 = System.nanoTime();
            long t;
            int reps = 0;
            do {
                body.run();
                reps++;
                t = System.nanoTime() - t0;
            } while (t < 300_000_000L);
            bestRate = Math.max(bestRate, flops * reps / t);
        }
        return bestRate;
    }
}
