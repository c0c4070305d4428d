package dev.lamina.backend.cpu.gemm;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The one pool of worker threads every compiled model of the cpu backend shares (never one per model):
 * {@code lamina.threads} threads in all (default: the number of processors), the caller being one of them.
 * Workers are daemon threads that block on the queue when idle (no spinning) and end after 30 s without
 * work. {@link #forEach(int, IntConsumer)} hands out task indices from one counter, so the caller and
 * whichever workers are free share the tasks; the caller waits only for tasks that have started, never
 * for a busy pool, so many callers at once cannot deadlock it.
 */
public final class Workers {
    /** The system property naming the thread count. */
    public static final String PROPERTY = "lamina.threads";

    private Workers() {
    }

    /** Threads a call may use, the caller included. */
    public static int threads() {
        return Pool.THREADS;
    }

    /** Reads {@code lamina.threads}: a positive integer, or absent for the number of processors. */
    static int parseThreads(String value, int processors) {
        if (value == null || value.isBlank()) {
            return processors;
        }
        try {
            int t = Integer.parseInt(value.trim());
            if (t >= 1) {
                return t;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(PROPERTY + ": expected a positive number of threads, got '" + value + "'");
    }

    /** Runs {@code body} for every index in {@code [0, tasks)}, on up to {@link #threads()} threads; rethrows a task's failure. */
    public static void forEach(int tasks, IntConsumer body) {
        int helpers = Math.min(Pool.THREADS, tasks) - 1;
        if (helpers <= 0) {
            for (int i = 0; i < tasks; i++) {
                body.accept(i);
            }
            return;
        }
        Job job = new Job(tasks, body);
        for (int h = 0; h < helpers; h++) {
            Pool.EXECUTOR.execute(job);
        }
        job.run();
        job.await();
    }

    private static final class Pool {
        static final int THREADS = parseThreads(System.getProperty(PROPERTY), Runtime.getRuntime().availableProcessors());
        static final ThreadPoolExecutor EXECUTOR;

        static {
            AtomicInteger n = new AtomicInteger();
            int workers = Math.max(1, THREADS - 1);
            EXECUTOR = new ThreadPoolExecutor(workers, workers, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "lamina-cpu-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            EXECUTOR.allowCoreThreadTimeOut(true);
        }
    }

    /** Indices handed out by {@code next}; {@code finished} counts the tasks that have ended, however. */
    private static final class Job implements Runnable {
        private final int tasks;
        private final IntConsumer body;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private volatile Throwable failure;

        Job(int tasks, IntConsumer body) {
            this.tasks = tasks;
            this.body = body;
        }

        @Override
        public void run() {
            for (int i; (i = next.getAndIncrement()) < tasks; ) {
                try {
                    if (failure == null) {
                        body.accept(i);
                    }
                } catch (RuntimeException | Error t) { // an IntConsumer throws nothing else
                    failure = t;
                } finally {
                    if (finished.incrementAndGet() == tasks) {
                        synchronized (this) {
                            notifyAll();
                        }
                    }
                }
            }
        }

        void await() {
            boolean interrupted = false;
            synchronized (this) {
                while (finished.get() < tasks) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable t = failure;
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw (RuntimeException) t;
            }
        }
    }
}
