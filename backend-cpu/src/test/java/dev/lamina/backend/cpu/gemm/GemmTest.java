package dev.lamina.backend.cpu.gemm;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Dims2;
import dev.lamina.api.Padding;
import dev.lamina.api.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GemmTest {

    /** Surefire's vector-path execution sets lamina.cpu.expect-vector; default-test runs without the module. */
    @Test
    void theExpectedPathIsActive() {
        boolean expectVector = Boolean.getBoolean("lamina.cpu.expect-vector");
        assertEquals(expectVector, MicroKernels.vector(), MicroKernels.status());
        assertTrue(MicroKernels.status().contains(expectVector ? "jdk.incubator.vector" : "--add-modules jdk.incubator.vector"),
                MicroKernels.status());
    }

    @Test
    void microKernelSumsInStepOrderAndAddsTheBiasLast() {
        MicroKernel m = MicroKernels.get();
        int mr = MicroKernel.MR;
        int nr = m.nr();
        int k = 37;
        Random rnd = new Random(1);
        float[] a = new float[k * mr + 3];
        float[] b = new float[k * nr + 5];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat() * 2 - 1;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextFloat() * 2 - 1;
        }
        float[] bias = {0.5f, -1f, 0f, 2f, 9f};
        int ldc = nr + 3;
        float[] c = new float[mr * ldc + 1];
        m.tiles(k, a, 3, b, 5, 1, bias, 1, c, 1, ldc);
        for (int r = 0; r < mr; r++) {
            for (int j = 0; j < nr; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    float x = a[3 + p * mr + r];
                    float y = b[5 + p * nr + j];
                    s = MicroKernels.vector() ? Math.fma(x, y, s) : s + x * y;
                }
                assertEquals(s + bias[1 + r], c[1 + r * ldc + j], 0f, "row " + r + " column " + j);
            }
        }
    }

    @Test
    void convGemmMatchesADirectSumOnEdgesPaddingStrideAndDilation() {
        Conv2d conv = new Conv2d(7, Dims2.of(3, 2), Dims2.of(2, 1),
                new Padding(1, 2, 0, 1), Dims2.of(1, 2), 1, true);
        Shape in = Shape.of(3, 11, 9);
        Shape out = conv.outputShape("c", List.of(in));
        Random rnd = new Random(2);
        float[] w = new float[7 * 3 * 3 * 2];
        float[] bias = new float[7];
        float[] x = new float[2 * in.size()];
        for (float[] v : new float[][] {w, bias, x}) {
            for (int i = 0; i < v.length; i++) {
                v[i] = rnd.nextFloat() * 2 - 1;
            }
        }
        ConvGemm g = new ConvGemm(conv, in, out, w, bias, MicroKernels.get());
        float[] y = new float[2 * out.size()];
        g.forward(2, x, y);
        int oh = out.dim(1);
        int ow = out.dim(2);
        for (int s = 0; s < 2; s++) {
            for (int f = 0; f < 7; f++) {
                for (int r = 0; r < oh; r++) {
                    for (int q = 0; q < ow; q++) {
                        double sum = bias[f];
                        for (int c = 0; c < 3; c++) {
                            for (int i = 0; i < 3; i++) {
                                for (int j = 0; j < 2; j++) {
                                    int ih = r * 2 - 1 + i;
                                    int iw = q - 2 + j * 2;
                                    if (ih >= 0 && ih < 11 && iw >= 0 && iw < 9) {
                                        sum += (double) w[((f * 3 + c) * 3 + i) * 2 + j] * x[s * in.size() + (c * 11 + ih) * 9 + iw];
                                    }
                                }
                            }
                        }
                        assertEquals(sum, y[s * out.size() + (f * oh + r) * ow + q], 1e-5,
                                "sample " + s + " filter " + f + " at " + r + ", " + q);
                    }
                }
            }
        }
    }

    @Test
    void denseGemmSumsInInputOrderLikeTheDirectKernel() {
        int in = 45;
        int units = 11;
        int batch = 2 * MicroKernels.get().nr() + 5;
        Random rnd = new Random(4);
        float[] w = new float[units * in];
        float[] bias = new float[units];
        float[] x = new float[batch * in];
        for (float[] v : new float[][] {w, bias, x}) {
            for (int i = 0; i < v.length; i++) {
                v[i] = rnd.nextFloat() * 2 - 1;
            }
        }
        float[] y = new float[batch * units];
        new DenseGemm(in, units, w, bias, MicroKernels.get()).forward(batch, x, y);
        for (int s = 0; s < batch; s++) {
            for (int u = 0; u < units; u++) {
                float sum = 0f;
                for (int p = 0; p < in; p++) {
                    sum = MicroKernels.vector() ? Math.fma(x[s * in + p], w[u * in + p], sum) : sum + x[s * in + p] * w[u * in + p];
                }
                assertEquals(sum + bias[u], y[s * units + u], 0f, "sample " + s + " unit " + u);
            }
        }
    }

    @Test
    void workersRunEveryTaskOnceAndRethrowAFailure() {
        AtomicIntegerArray seen = new AtomicIntegerArray(1000);
        Workers.forEach(1000, seen::incrementAndGet);
        for (int i = 0; i < 1000; i++) {
            assertEquals(1, seen.get(i), "task " + i);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Workers.forEach(50, i -> {
            if (i == 17) {
                throw new IllegalStateException("task 17 failed");
            }
        }));
        assertEquals("task 17 failed", e.getMessage());
    }

    @Test
    void manyCallersAndNestedCallsShareThePoolWithoutLosingATask() throws Exception {
        int callers = 6;
        int rounds = 300;
        AtomicIntegerArray seen = new AtomicIntegerArray(callers * rounds * 40);
        Thread[] threads = new Thread[callers];
        Throwable[] failed = new Throwable[1];
        for (int c = 0; c < callers; c++) {
            int caller = c;
            threads[c] = new Thread(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        int base = (caller * rounds + r) * 40;
                        // 4 outer tasks, each running 10 inner ones: nested calls run on their own thread
                        Workers.forEach(4, o -> Workers.forEach(10, i -> seen.incrementAndGet(base + o * 10 + i)));
                    }
                } catch (Throwable t) {
                    failed[0] = t;
                }
            });
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(null, failed[0]);
        for (int i = 0; i < seen.length(); i++) {
            assertEquals(1, seen.get(i), "task " + i);
        }
    }

    @Test
    void threadCountIsAPositiveNumberOrTheProcessors() {
        assertEquals(6, Workers.parseThreads(null, 6));
        assertEquals(3, Workers.parseThreads(" 3 ", 6));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workers.parseThreads("0", 6));
        assertEquals("lamina.threads: expected a positive number of threads, got '0'", e.getMessage());
    }
}
