package dev.lamina.backend.blas;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The helper threads that split one inference's work: {@code threads − 1} daemon threads shared by every plan
 * in the JVM, plus the calling thread, which always works too. A helper that has just finished spins for a
 * short while before it parks, so back-to-back calls hand work over in a microsecond rather than the tens of
 * microseconds a wake-up costs on a virtual machine. Helpers are optional: a call takes the idle ones, and
 * when every helper is busy with other callers it simply does all of its parts itself. OpenBLAS runs
 * single-threaded inside each part: its own pthread pool collapses when several threads call it at once
 * (measured: 9 GFLOP/s aggregate against 45 with one OpenBLAS thread per caller).
 */
final class Workers {
    /** How long an idle helper spins before it parks. */
    private static final long SPIN_NANOS = 200_000;
    private static final Object LOCK = new Object();
    private static volatile Helper[] helpers = new Helper[0];

    private Workers() {
    }

    /** One part of a split job, run by the thread in {@code slot} (0: the caller, 1 … threads−1: helpers). */
    @FunctionalInterface
    interface Part {
        void run(int part, int slot);
    }

    private static final class Helper extends Thread {
        final AtomicReference<Runnable> job = new AtomicReference<>();
        volatile boolean parked;

        Helper(int n) {
            super("lamina-blas-" + n);
            setDaemon(true);
        }

        /** Hands a job over if this helper is idle; false when it is busy. */
        boolean offer(Runnable r) {
            if (!job.compareAndSet(null, r)) {
                return false;
            }
            if (parked) {
                LockSupport.unpark(this);
            }
            return true;
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (true) {
                Runnable r = job.get();
                if (r != null) {
                    try {
                        r.run();
                    } finally {
                        job.set(null);
                    }
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (job.get() == null) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
        }
    }

    private static Helper[] helpers(int wanted) {
        Helper[] h = helpers;
        if (h.length >= wanted) {
            return h;
        }
        synchronized (LOCK) {
            h = helpers;
            if (h.length < wanted) {
                Helper[] more = java.util.Arrays.copyOf(h, wanted);
                for (int i = h.length; i < wanted; i++) {
                    more[i] = new Helper(i + 1);
                    more[i].start();
                }
                helpers = more;
                h = more;
            }
            return h;
        }
    }

    /**
     * Runs {@code task(0 … parts−1)}, each part exactly once, on the caller and up to {@code threads − 1}
     * idle helpers, which claim parts as they become free (so a thread slowed by another process takes
     * fewer); returns when all are done, rethrowing the first failure. Each thread has its own slot number
     * (below {@code threads}), so a part can use per-thread scratch.
     */
    static void forEach(int threads, int parts, Part task) {
        if (parts <= 1 || threads <= 1) {
            for (int i = 0; i < parts; i++) {
                task.run(i, 0);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger remaining = new AtomicInteger(parts);
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread caller = Thread.currentThread();
        IntConsumer worker = slot -> {
            int i;
            while ((i = next.getAndIncrement()) < parts) {
                try {
                    task.run(i, slot);
                } catch (Throwable t) {
                    error.compareAndSet(null, t);
                } finally {
                    if (remaining.decrementAndGet() == 0) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        };
        Helper[] h = helpers(threads - 1);
        int slot = 1;
        for (int k = 0; k < h.length && slot < Math.min(parts, threads); k++) {
            int s = slot;
            if (h[k].offer(() -> worker.accept(s))) {
                slot++;
            }
        }
        worker.accept(0);
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (remaining.get() > 0) {
            if (System.nanoTime() < spinUntil) {
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
