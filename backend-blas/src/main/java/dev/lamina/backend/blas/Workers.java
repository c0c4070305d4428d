package dev.lamina.backend.blas;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The helper threads that split one inference's work: {@code threads − 1} daemon threads shared by every plan
 * in the JVM, plus the calling thread, which always works too (so a call never waits on a queue it could
 * drain itself). OpenBLAS runs single-threaded inside each part: its own pthread pool collapses when several
 * threads call it at once (measured: 9 GFLOP/s aggregate against 45 with one OpenBLAS thread per caller).
 */
final class Workers {
    private static final Object LOCK = new Object();
    private static volatile ExecutorService pool;

    private Workers() {
    }

    private static ExecutorService pool(int threads) {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (LOCK) {
                if (pool == null) {
                    AtomicInteger n = new AtomicInteger();
                    pool = Executors.newFixedThreadPool(Math.max(1, threads - 1), r -> {
                        Thread t = new Thread(r, "lamina-blas-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                }
                p = pool;
            }
        }
        return p;
    }

    /**
     * Runs {@code task(0 … parts−1)}, each part exactly once, on the caller and up to {@code threads − 1}
     * helpers; returns when all are done, rethrowing the first failure.
     */
    static void forEach(int threads, int parts, IntConsumer task) {
        if (parts <= 1 || threads <= 1) {
            for (int i = 0; i < parts; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger remaining = new AtomicInteger(parts);
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread caller = Thread.currentThread();
        Runnable worker = () -> {
            int i;
            while ((i = next.getAndIncrement()) < parts) {
                try {
                    task.accept(i);
                } catch (Throwable t) {
                    error.compareAndSet(null, t);
                } finally {
                    if (remaining.decrementAndGet() == 0) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        };
        ExecutorService p = pool(threads);
        for (int k = 0; k < Math.min(parts, threads) - 1; k++) {
            p.execute(worker);
        }
        worker.run();
        int spins = 0;
        while (remaining.get() > 0) {
            if (++spins < 20_000) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(50_000);
            }
        }
        Throwable t = error.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }
}
